"""The report of a period: every breakdown of the counted items, as suppressed tables, and the months by outcome."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from . import N_
from .person import Citizenship, Sex
from .sheet import CURRENT_EDITION, Edition
from .statistics import DEADLINES, Outcome, Period, Scope, ScopeKind
from .suppression import Grid, Table, make_grid, make_table

OUTCOME_LABELS = {
    Outcome.IN_PROGRESS: N_("Intake under way"),
    Outcome.CANCELLED: N_("Intake cancelled"),
    Outcome.CONSENT_REFUSED: N_("Consent refused"),
    Outcome.NOT_ELIGIBLE: N_("Not eligible (para 5)"),
    Outcome.MEDICAL_REFERRAL: N_("Referred for medical care (para 6)"),
    Outcome.NOT_IDENTIFIED: N_("Not identified"),
    Outcome.IDENTIFIED: N_("Identified"),
}
BASIS_LABELS = (
    ("application", N_("The person's application")),
    ("direction", N_("Direction of the authorized body or the police")),
    ("investigation", N_("Pre-trial investigation (para 13-1)")),
    ("unknown", N_("Not recorded")),
)
VERDICT_LABELS = (
    ("identified", N_("Identified on the evaluation sheet")),
    ("not_identified", N_("Not identified on the evaluation sheet")),
    ("investigation", N_("Identified on para 13-1")),
)
SEX_LABELS = ((Sex.FEMALE.value, N_("Female")), (Sex.MALE.value, N_("Male")), ("unknown", N_("Not recorded")))
AGE_LABELS = (("minor", N_("Under 18")), ("adult", N_("18 and over")), ("unknown", N_("Age not known")))
CITIZENSHIP_LABELS = (
    (Citizenship.CITIZEN.value, N_("Citizen of Kazakhstan")),
    (Citizenship.PERMANENT_RESIDENT.value, N_("Foreigner permanently residing in Kazakhstan")),
    (Citizenship.STATELESS.value, N_("Stateless person")),
    (Citizenship.OTHER.value, N_("Other status (not covered by para 5)")),
    ("unknown", N_("Not recorded")),
)
PERMIT_LABELS = (
    ("pending", N_("Awaiting the decision")),
    ("refused", N_("Permit refused")),
    ("issued", N_("Permit issued, agreement not signed yet")),
    ("agreement", N_("Permit issued, agreement signed")),
)
DEADLINE_LABELS = (("met", N_("Met")), ("missed", N_("Missed")), ("running", N_("Still running")))
# The chart's months by outcome: the outcomes grouped into four.
MONTH_COLUMNS = (
    ("identified", N_("Identified")),
    ("not_identified", N_("Not identified")),
    ("closed", N_("Closed otherwise")),
    ("open", N_("Under way or cancelled")),
)
MONTH_GROUP = {
    Outcome.IDENTIFIED: "identified",
    Outcome.NOT_IDENTIFIED: "not_identified",
    Outcome.CONSENT_REFUSED: "closed",
    Outcome.NOT_ELIGIBLE: "closed",
    Outcome.MEDICAL_REFERRAL: "closed",
    Outcome.IN_PROGRESS: "open",
    Outcome.CANCELLED: "open",
}
UNIT_TITLES = {
    ScopeKind.DISTRICT: (N_("Intakes started, by organization"), N_("Identified, by organization")),
    ScopeKind.COUNTRY: (N_("Intakes started, by district"), N_("Identified, by district")),
}


@dataclass(frozen=True)
class Report:
    period: Period
    scope: Scope
    made_on: date
    edition: str
    started: int
    tables: tuple[Table, ...]
    months: Grid

    def table(self, id: str) -> Table:
        for table in self.tables:
            if table.id == id:
                return table
        raise KeyError(id)


PEOPLE = N_("Intakes with the person's details")
ON_SHEET = N_("Verdicts on the evaluation sheet")
# The tables of a report, in order: (id, title, the item its total counts, what the total counts, the cells, whether
# the cells add up to the total). The sheet's blocks come after "override", the deadlines after "permit".
TABLES: tuple[tuple[str, str, str, str, tuple[tuple[str, str], ...], bool], ...] = (
    ("outcome", N_("Intakes by outcome"), "started", N_("Intakes started"),
     tuple((o.value, OUTCOME_LABELS[o]) for o in Outcome), True),
    ("basis", N_("Intakes by basis"), "started", N_("Intakes started"), BASIS_LABELS, True),
    ("verdict", N_("Verdict"), "assessed", N_("Intakes with a verdict"), VERDICT_LABELS, True),
    ("override", N_("The specialist's verdict differs from the sheet's suggestion"), "sheet", ON_SHEET,
     (("yes", N_("Overridden")),), False),
    ("sex", N_("Sex"), "people", PEOPLE, SEX_LABELS, True),
    ("age", N_("Age group"), "people", PEOPLE, AGE_LABELS, True),
    ("citizenship", N_("Citizenship status"), "people", PEOPLE, CITIZENSHIP_LABELS, True),
    ("permit", N_("The permit"), "forwarded", N_("Cases forwarded to the authorized body"), PERMIT_LABELS, True),
)  # fmt: skip


def build_report(
    counts: Mapping[str, int],
    *,
    period: Period,
    scope: Scope,
    made_on: date,
    units: Sequence[tuple[str, int, int]] = (),
    months: Mapping[tuple[int, str], int] | None = None,
    edition: Edition = CURRENT_EDITION,
) -> Report:
    """``counts``: item -> count over the period and scope (deadlines past due already split off as "missed");
    ``units``: (name, intakes started, identified) per organization or district within the scope; ``months``:
    (YYYYMM, outcome) -> count."""
    n = counts.get
    tables = []
    for id, title, base, base_title, labels, partition in TABLES:
        cells = [(key, label, n(f"{id}:{key}", 0)) for key, label in labels]
        tables.append(
            make_table(id, title, base_title, n(base, 0), cells, partition=partition, scope_total=base == "started")
        )
        if id == "override":
            tables += _sheet_tables(edition, n("sheet", 0), counts)
        if id == "permit":
            tables += _deadline_tables(counts)
    started = n("started", 0)
    tables += _unit_tables(scope, started, n("outcome:identified", 0), units)
    return Report(period, scope, made_on, edition.id, started, tuple(tables), _months(period, months or {}))


def _sheet_tables(edition: Edition, total: int, counts: Mapping[str, int]) -> list[Table]:
    """How often each row of the sheet was found present, block by block (a case can count in several rows)."""
    return [
        make_table(
            f"row.{block.id}",
            block.title,
            ON_SHEET,
            total,
            [(row.id, row.short, counts.get(f"row:{row.id}", 0)) for row in block.rows],
            partition=False,
        )
        for block in edition.blocks
    ]


def _deadline_tables(counts: Mapping[str, int]) -> list[Table]:
    """Per deadline of the procedure: met, missed, still running, of the cases it applied to."""
    return [
        make_table(
            f"deadline.{rule.id}",
            rule.text,
            N_("Cases this deadline applied to"),
            counts.get(f"deadline:{rule.id}", 0),
            [(key, label, counts.get(f"deadline.{rule.id}:{key}", 0)) for key, label in DEADLINE_LABELS],
            partition=True,
            paragraph=rule.paragraph,
        )
        for rule, _start, _done in DEADLINES
    ]


def _unit_tables(scope: Scope, started: int, identified: int, units: Sequence[tuple[str, int, int]]) -> list[Table]:
    if scope.kind not in UNIT_TITLES:
        return []
    title_started, title_identified = UNIT_TITLES[scope.kind]
    ordered = sorted(units)
    return [
        make_table(
            "units.started",
            title_started,
            N_("Intakes started"),
            started,
            [(name, name, s) for name, s, _i in ordered],
            partition=True,
            scope_total=True,
        ),
        make_table(
            "units.identified",
            title_identified,
            N_("Identified"),
            identified,
            [(name, name, i) for name, _s, i in ordered],
            partition=True,
        ),
    ]


def _months(period: Period, months: Mapping[tuple[int, str], int]) -> Grid:
    grouped: dict[tuple[str, str], int] = {}
    for (month, outcome), count in months.items():
        key = (str(month), MONTH_GROUP[Outcome(outcome)])
        grouped[key] = grouped.get(key, 0) + count
    return make_grid([str(m) for m in period.months()], [key for key, _label in MONTH_COLUMNS], grouped)
