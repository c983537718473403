"""Small numbers hide: the tables of a statistics report, built from the counted items and suppressed.

The rule (stated in the README and on every export's first sheet):

* A count from 1 to 4 in any table narrower than the whole scope is shown as "<5": in a small district a count of 1
  is a person. Zero is shown (it says that no one is in that cell). The scope's own total (the intakes started in
  it) is shown as it is.
* No hidden count may be left computable from what is shown. In a table whose cells add up to its total (a
  partition: sex, outcome, basis...), a single hidden cell could be worked out as the total less the others, so a
  second cell is hidden too (the smallest one left), shown as "<5" if it is under 5, else "*". The same check is run
  on the columns of the month-by-outcome table against the outcome totals, until nothing changes.
* In a table whose cells do not add up to its total (the sheet's rows: a case can have several), a cell is also
  hidden when what is left of the total (the cases without it) is from 1 to 4.
* A table's total other than the scope's own (e.g. the cases assessed) is itself hidden when it is from 1 to 4.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SMALL = 5  # counts from 1 to SMALL - 1 are hidden
HIDDEN = "<5"
SECONDARY = "*"


@dataclass(frozen=True)
class Cell:
    key: str
    label: str  # an English msgid, or a name (an organization's, a district's)
    value: int | None  # None: hidden
    shown: str  # what every output prints: the number, "<5" or "*"


@dataclass(frozen=True)
class Table:
    id: str
    title: str  # an English msgid
    base_title: str  # what the total counts (an English msgid)
    total: int | None
    total_shown: str
    cells: tuple[Cell, ...]
    partition: bool  # the cells add up to the total
    paragraph: str = ""  # the Standard's paragraph a deadline's table is about

    def cell(self, key: str) -> Cell:
        for cell in self.cells:
            if cell.key == key:
                return cell
        raise KeyError(key)


def small(value: int) -> bool:
    return 0 < value < SMALL


def shown(value: int, hidden: bool) -> str:
    if not hidden:
        return str(value)
    return HIDDEN if value < SMALL else SECONDARY


def hide_partition(values: Sequence[int], hidden: set[int]) -> set[int]:
    """Indexes of a partition's cells to hide (with the total shown): the small ones, and one more when a single
    one would be the total less the others."""
    hidden = set(hidden) | {i for i, v in enumerate(values) if small(v)}
    if len(hidden) == 1 and len(values) > 1:
        others = [i for i in range(len(values)) if i not in hidden]
        hidden.add(min(others, key=lambda i: (values[i], i)))
    return hidden


def hide_subsets(values: Sequence[int], total: int | None) -> set[int]:
    """Indexes of cells that are not a partition (each a subset of the total) to hide: small ones, and those whose
    complement in a shown total is small."""
    return {i for i, v in enumerate(values) if small(v) or (total is not None and small(total - v))}


def make_table(
    id: str,
    title: str,
    base_title: str,
    total: int,
    cells: Sequence[tuple[str, str, int]],
    *,
    partition: bool,
    scope_total: bool = False,
    paragraph: str = "",
) -> Table:
    """``cells``: (key, label, count). ``scope_total``: the total is the scope's own, shown as it is."""
    total_hidden = small(total) and not scope_total
    values = [count for _key, _label, count in cells]
    if partition:
        hidden = hide_partition(values, set()) if not total_hidden else {i for i, v in enumerate(values) if v > 0}
        if total_hidden and len(hidden) == 1:  # "<5" in all, and one cell "<5": it is the total; hide one more
            hidden = hide_partition(values, hidden)
    else:
        hidden = hide_subsets(values, None if total_hidden else total)
    return Table(
        id,
        title,
        base_title,
        None if total_hidden else total,
        shown(total, total_hidden),
        tuple(
            Cell(key, label, None if i in hidden else count, shown(count, i in hidden))
            for i, (key, label, count) in enumerate(cells)
        ),
        partition,
        paragraph,
    )


@dataclass(frozen=True)
class Grid:
    """A two-way table: rows (months) by columns (outcomes); each row adds up to its row total."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]
    hidden: frozenset[tuple[int, int]]

    def shown(self, r: int, c: int) -> str:
        return shown(self.values[r][c], (r, c) in self.hidden)

    def value(self, r: int, c: int) -> int | None:
        return None if (r, c) in self.hidden else self.values[r][c]


def make_grid(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Mapping[tuple[str, str], int],
) -> Grid:
    """Suppress a grid whose row totals and column totals are shown elsewhere (the outcome table, the months): the
    small cells, then, row by row and column by column, a second cell wherever one alone is hidden."""
    table = [[values.get((r, c), 0) for c in columns] for r in rows]
    hidden = {(i, j) for i, row in enumerate(table) for j, v in enumerate(row) if small(v)}
    changed = True
    while changed:
        changed = False
        lines = [[(i, j) for j in range(len(columns))] for i in range(len(rows))]
        lines += [[(i, j) for i in range(len(rows))] for j in range(len(columns))]
        for line in lines:
            inside = [cell for cell in line if cell in hidden]
            if len(inside) == 1 and len(line) > 1:
                others = [cell for cell in line if cell not in hidden]
                pick = min(others, key=lambda cell: (table[cell[0]][cell[1]], cell))
                hidden.add(pick)
                changed = True
    return Grid(tuple(rows), tuple(columns), tuple(tuple(r) for r in table), frozenset(hidden))
