"""A bordered table whose first cells span a group of rows, drawn on the page of :mod:`.pdf`: one row of the form per
type of service, its number and its title spanning the sub-rows of its measures (Annex 6) or of its monitoring entries
(Annex 7).

A group is kept on one page. A group taller than a page goes on over the break between its sub-rows, and a sub-row
taller than a page (a very long measure) between the lines of its cells: nothing is cut, and on every page the heading
and the spanning cells are printed again. A band (a full-width shaded row, e.g. a quarter's period) stays with the
group after it. Each cell's text is written in one piece, the spanning cells first, so that the extracted text reads
row by row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from fpdf.enums import Align, XPos, YPos

from .pdf import BLOCK_FILL, GRID_LINE, GRID_PT, HEADING_FILL, PAD, _Pdf

HEAD_PT = 8.5  # the heading's long titles, in a smaller size
HEAD_LINE = 4.0
ROOM_AFTER_HEADER = 20.0  # what the running header takes at the top of a fresh page (as pdf.grid reckons it)
MIN_SPLIT_LINES = 3  # a sub-row split over pages starts here only if this many of its lines fit
KEEP_GROUP = 0.5  # a group up to this share of a fresh page moves to the next page whole rather than split


@dataclass(frozen=True)
class Head:
    """A cell of the heading: columns ``first`` to ``first + span - 1``, heading lines ``level`` to
    ``level + levels - 1``."""

    text: str
    first: int
    span: int = 1
    level: int = 0
    levels: int = 1
    bold: bool = True


@dataclass(frozen=True)
class Group:
    """One row of the form: the spanning cells (the first ``len(lead)`` columns) and its sub-rows (one cell for each
    remaining column); ``lines`` is the least height of a sub-row, in lines (room to write, or to sign, by hand)."""

    lead: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: int = 2


@dataclass(frozen=True)
class Band:
    """A full-width shaded row, kept on the page of the group that follows it."""

    text: str


@dataclass
class _Piece:
    """The part of a group drawn on one page."""

    top: float
    lead_drawn: bool = False


@dataclass
class Table:
    pdf: _Pdf
    widths: tuple[float, ...]
    heads: tuple[Head, ...]
    _lines_cache: dict[tuple[str, float, bool, float], list[str]] = field(default_factory=dict)

    # -- measuring --

    def lines(self, text: str, width: float, bold: bool = False, size: float = GRID_PT) -> list[str]:
        """The lines ``text`` takes in a cell ``width`` wide (none for no text)."""
        key = (text, width, bold, size)
        if key not in self._lines_cache:
            self.pdf.font(bold, size)
            found = self.pdf.multi_cell(width - 2 * PAD, GRID_LINE, text, dry_run=True, output="LINES") if text else []
            self._lines_cache[key] = list(found)  # type: ignore[arg-type]
            self.pdf.font()
        return self._lines_cache[key]

    def _x(self, column: int) -> float:
        return self.pdf.l_margin + sum(self.widths[:column])

    def _span(self, first: int, span: int) -> float:
        return sum(self.widths[first : first + span])

    def _level_heights(self) -> list[float]:
        """The height of each line of the heading: a cell over several lines gets what it needs from the last one."""
        levels = max(head.level + head.levels for head in self.heads)
        heights = [0.0] * levels
        for head in sorted(self.heads, key=lambda h: h.levels):
            need = len(self.lines(head.text, self._span(head.first, head.span), head.bold, HEAD_PT)) * HEAD_LINE
            need += 2 * PAD
            have = sum(heights[head.level : head.level + head.levels])
            if need > have:
                heights[head.level + head.levels - 1] += need - have
        return heights

    def heading_height(self) -> float:
        return sum(self._level_heights())

    def _sub_lines(self, group: Group, row: tuple[str, ...]) -> int:
        first = len(group.lead)
        counts = [len(self.lines(text, self.widths[first + i])) for i, text in enumerate(row)]
        return max([group.lines, *counts])

    def _lead_lines(self, group: Group) -> int:
        return max((len(self.lines(text, self.widths[i])) for i, text in enumerate(group.lead)), default=0)

    def _height(self, lines: int) -> float:
        return lines * GRID_LINE + 2 * PAD

    def group_height(self, group: Group) -> float:
        rows = sum(self._height(self._sub_lines(group, row)) for row in group.rows)
        return max(rows, self._height(self._lead_lines(group)))

    def _fresh_room(self) -> float:
        """The room for rows on a fresh page, below the heading."""
        pdf = self.pdf
        return pdf.page_break_trigger - pdf.t_margin - ROOM_AFTER_HEADER - self.heading_height()

    def _room(self) -> float:
        return self.pdf.page_break_trigger - self.pdf.get_y()

    # -- drawing --

    def _text(
        self,
        x: float,
        y: float,
        width: float,
        text: str,
        *,
        bold: bool = False,
        align: Align = Align.L,
        head: bool = False,
    ) -> None:
        """A cell's text from its top left corner (the position is left where it was)."""
        pdf, here = self.pdf, self.pdf.get_y()
        pdf.font(bold, HEAD_PT if head else GRID_PT)
        pdf.set_xy(x + PAD, y + PAD)
        pdf.multi_cell(
            width - 2 * PAD, HEAD_LINE if head else GRID_LINE, text, align=align, new_x=XPos.RIGHT, new_y=YPos.TOP
        )
        pdf.font()
        pdf.set_y(here)

    def _heading(self) -> None:
        pdf, heights = self.pdf, self._level_heights()
        top = pdf.get_y()
        pdf.set_line_width(0.2)
        pdf.set_fill_color(*HEADING_FILL)
        for head in self.heads:
            x, width = self._x(head.first), self._span(head.first, head.span)
            y = top + sum(heights[: head.level])
            height = sum(heights[head.level : head.level + head.levels])
            pdf.rect(x, y, width, height, style="DF")
            inner = len(self.lines(head.text, width, head.bold, HEAD_PT)) * HEAD_LINE
            self._text(
                x, y + (height - 2 * PAD - inner) / 2, width, head.text, bold=head.bold, align=Align.C, head=True
            )
        pdf.set_xy(pdf.l_margin, top + sum(heights))

    def _new_page(self) -> None:
        self.pdf.add_page()
        self._heading()

    def _band(self, band: Band) -> None:
        pdf, width = self.pdf, sum(self.widths)
        height = self._height(len(self.lines(band.text, width, True)))
        pdf.set_fill_color(*BLOCK_FILL)
        pdf.rect(pdf.l_margin, pdf.get_y(), width, height, style="DF")
        self._text(pdf.l_margin, pdf.get_y(), width, band.text, bold=True)
        pdf.set_xy(pdf.l_margin, pdf.get_y() + height)

    def _lead(self, group: Group, piece: _Piece) -> None:
        """The spanning cells' text, at the top of the group's part on this page (their borders come last), written
        just before its first sub-row there."""
        if piece.lead_drawn:
            return
        for column, text in enumerate(group.lead):
            self._text(self._x(column), piece.top, self.widths[column], text, align=Align.C if column == 0 else Align.L)
        piece.lead_drawn = True

    def _close(self, group: Group, piece: _Piece) -> None:
        """The spanning cells' borders, from the top of the group's part on this page to where it ends."""
        height = self.pdf.get_y() - piece.top
        if not piece.lead_drawn or height <= 0:
            return
        self.pdf.set_line_width(0.2)
        for column in range(len(group.lead)):
            self.pdf.rect(self._x(column), piece.top, self.widths[column], height)

    def _turn(self, group: Group, piece: _Piece) -> _Piece:
        """Close the group's part on this page and go on on the next one."""
        self._close(group, piece)
        self._new_page()
        return _Piece(self.pdf.get_y())

    def _sub_row(self, group: Group, row: tuple[str, ...], start: int, count: int, height: float) -> None:
        """Lines ``start`` to ``start + count - 1`` of every cell of a sub-row, in a box ``height`` high."""
        pdf, first, y = self.pdf, len(group.lead), self.pdf.get_y()
        pdf.set_line_width(0.2)
        for index, text in enumerate(row):
            column = first + index
            x, width = self._x(column), self.widths[column]
            pdf.rect(x, y, width, height)
            part = self.lines(text, width)[start : start + count]
            if part:
                self._text(x, y, width, "\n".join(part))
        pdf.set_xy(pdf.l_margin, y + height)

    def _flowing(self, group: Group, row: tuple[str, ...], piece: _Piece) -> _Piece:
        """A sub-row taller than a page: as many of its lines on each page as fit, the group's cells repeated."""
        total, start = self._sub_lines(group, row), 0
        while start < total:
            fit = int((self._room() - 2 * PAD) // GRID_LINE)
            if fit < min(MIN_SPLIT_LINES, total - start):
                piece = self._turn(group, piece)
                continue
            count = min(fit, total - start)
            self._lead(group, piece)
            self._sub_row(group, row, start, count, self._height(count))
            start += count
        return piece

    def _group(self, group: Group) -> None:
        height = self.group_height(group)
        whole = height <= self._room()  # then the group is drawn on one page
        if not whole and height <= self._fresh_room() * KEEP_GROUP:
            self._new_page()
            whole = True
        piece = _Piece(self.pdf.get_y())
        rows_height = sum(self._height(self._sub_lines(group, row)) for row in group.rows)
        for index, row in enumerate(group.rows):
            lines = self._sub_lines(group, row)
            row_height = self._height(lines)
            if whole and index == len(group.rows) - 1:
                row_height += height - rows_height  # the spanning cells need more than the sub-rows
            if row_height > self._fresh_room():
                piece = self._flowing(group, row, piece)
                continue
            if row_height > self._room():
                piece = self._turn(group, piece)
            self._lead(group, piece)
            self._sub_row(group, row, 0, lines, row_height)
        self._close(group, piece)

    def draw(self, items: Sequence[Group | Band]) -> None:
        """The heading, then the bands and groups; breaks are decided here, between groups where possible."""
        pdf = self.pdf
        auto, margin = pdf.auto_page_break, pdf.b_margin
        pdf.set_auto_page_break(False, margin=margin)
        try:
            if self.start_height(items) > self._room():
                pdf.add_page()
            self._heading()
            for index, item in enumerate(items):
                if isinstance(item, Band):
                    if self._opening(items, index) > self._room():
                        self._new_page()
                    self._band(item)
                else:
                    self._group(item)
        finally:
            pdf.set_auto_page_break(auto, margin=margin)
        pdf.font()

    def _opening(self, items: Sequence[Group | Band], index: int) -> float:
        """What must fit with ``items[index]``: a band and the group after it (or its first sub-row when the group
        is taller than a page), a group itself (or its first sub-row)."""
        height = 0.0
        for item in items[index:]:
            if isinstance(item, Band):
                height += self._height(len(self.lines(item.text, sum(self.widths), True)))
                continue
            whole = self.group_height(item)
            if whole <= self._fresh_room() * KEEP_GROUP:
                return height + whole
            return height + min(self._height(self._sub_lines(item, item.rows[0])), self._fresh_room() / 3)
        return height

    def start_height(self, items: Sequence[Group | Band]) -> float:
        """The heading and what must fit with it: keep a label above the table on the page where it starts."""
        return self.heading_height() + (self._opening(items, 0) if items else 0.0)
