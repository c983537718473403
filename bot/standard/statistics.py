"""Anonymized statistics as data: what is counted of a case, the breakdowns, the periods.

A case is counted from its :class:`Facts`: plain values none of which is personal on its own (the status, the
basis, the verdict, the rows found present, sex, age group, citizenship status, the dates that decide the deadlines).
:func:`items_of` turns them into the items the store adds up per month, organization and district; the store never
decrypts anything to count. Practice intakes have no facts at all.

Every figure of a period is about the cases whose intake *started* in it (a cohort): "completed" and "identified"
count those of its cases that reached that point by the day the report is made. See :mod:`.suppression` for how
small numbers are hidden.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import N_
from .deadlines import (
    AGREEMENT,
    PERMIT_DECISION,
    POLICE_NOTICE,
    PORTAL_ENTRY,
    SEND_TO_AUTHORIZED_BODY,
    Rule,
    WorkingCalendar,
    due,
)
from .lifecycle import Basis, Status
from .person import Citizenship, Sex
from .sheet import EDITIONS, Answer, Edition

ADULT_AGE = 18


class Outcome(str, enum.Enum):
    """Where a case's intake ended, or where it is (a partition of the intakes started)."""

    IN_PROGRESS = "in_progress"
    CANCELLED = "cancelled"
    CONSENT_REFUSED = "consent_refused"
    NOT_ELIGIBLE = "not_eligible"
    MEDICAL_REFERRAL = "medical_referral"
    NOT_IDENTIFIED = "not_identified"
    IDENTIFIED = "identified"


OUTCOME_OF_STATUS = {
    Status.DRAFT: Outcome.IN_PROGRESS,
    Status.CANCELLED: Outcome.CANCELLED,
    Status.CONSENT_REFUSED: Outcome.CONSENT_REFUSED,
    Status.NOT_ELIGIBLE: Outcome.NOT_ELIGIBLE,
    Status.MEDICAL_REFERRAL: Outcome.MEDICAL_REFERRAL,
    Status.NOT_IDENTIFIED: Outcome.NOT_IDENTIFIED,
}
# The permit's path after identification (a partition of the cases forwarded).
PERMIT_STATE = {
    Status.FORWARDED: "pending",
    Status.PERMIT_REFUSED: "refused",
    Status.PERMIT_ISSUED: "issued",
    Status.AGREEMENT_SIGNED: "agreement",
    Status.SERVICES_ENDED: "agreement",
}

# The deadlines counted as met or missed, in the order of the procedure: (rule, the fact its time runs from, the
# fact that meets it).
DEADLINES: tuple[tuple[Rule, str, str], ...] = (
    (SEND_TO_AUTHORIZED_BODY, "identified_on", "forwarded_on"),
    (PERMIT_DECISION, "forwarded_on", "decided_on"),
    (AGREEMENT, "issued_on", "agreement_signed_on"),
    (PORTAL_ENTRY, "card_filled_on", "portal_entered_on"),
    (POLICE_NOTICE, "police_declined_on", "police_informed_on"),
)
DEADLINE_IDS = tuple(rule.id for rule, _start, _done in DEADLINES)


@dataclass(frozen=True)
class Facts:
    """What the store keeps of a case in plain form for counting."""

    opened_on: date
    status: Status
    basis: Basis | None = None
    edition: str = ""
    verdict: bool | None = None
    suggested: bool | None = None
    sex: Sex | None = None
    minor: bool | None = None  # under 18 on the day the intake started; None: the date of birth is not known
    citizenship: Citizenship | None = None
    present: frozenset[str] = frozenset()  # the sheet rows answered "present"
    # per deadline id: (the day it is due, the day it was met or None while it runs)
    deadlines: dict[str, tuple[date, date | None]] = field(default_factory=dict)


def deadline_facts(events: Mapping[str, date | None], calendar: WorkingCalendar) -> dict[str, tuple[date, date | None]]:
    """Per deadline of :data:`DEADLINES` whose start happened: the day it is due and the day it was met (None while
    it runs). ``events``: the days of the facts the deadlines name (e.g. "identified_on", "forwarded_on")."""
    found: dict[str, tuple[date, date | None]] = {}
    for rule, start, done in DEADLINES:
        began = events.get(start)
        if began is not None:
            found[rule.id] = (due(rule, began, calendar), events.get(done))
    return found


def minor_on(birth: date | None, day: date) -> bool | None:
    if birth is None:
        return None
    before_birthday = (day.month, day.day) < (birth.month, birth.day)
    return day.year - birth.year - before_birthday < ADULT_AGE


def present_rows(edition: Edition, answers: dict[str, str]) -> frozenset[str]:
    return frozenset(row.id for row in edition.rows if answers.get(row.id) == Answer.PRESENT.value)


def outcome_of(status: Status) -> Outcome:
    return OUTCOME_OF_STATUS.get(status, Outcome.IDENTIFIED)


def assessed(facts: Facts) -> bool:
    """The verdict was reached (on the sheet, or on para 13-1)."""
    return facts.verdict is not None or outcome_of(facts.status) in (Outcome.IDENTIFIED, Outcome.NOT_IDENTIFIED)


def items_of(facts: Facts) -> list[str]:
    """The counted items of one case ("breakdown:key"); every figure of a report is a sum of them. Deadlines that
    still run are counted as "running" here; the store splits off those past due on the day of the report."""
    outcome = outcome_of(facts.status)
    items = ["started", f"outcome:{outcome.value}", f"basis:{facts.basis.value if facts.basis else 'unknown'}"]
    if outcome not in (Outcome.IN_PROGRESS, Outcome.CANCELLED):
        items.append("completed")
    if assessed(facts):
        items.extend(_verdict_items(facts))
    if facts.sex is not None or facts.citizenship is not None or facts.minor is not None:
        items.append("people")
        items.append(f"sex:{facts.sex.value if facts.sex else 'unknown'}")
        items.append(f"age:{'unknown' if facts.minor is None else ('minor' if facts.minor else 'adult')}")
        items.append(f"citizenship:{facts.citizenship.value if facts.citizenship else 'unknown'}")
    state = PERMIT_STATE.get(facts.status)
    if state:
        items.extend(("forwarded", f"permit:{state}"))
    return items + deadline_items(facts.deadlines)


def deadline_items(deadlines: Mapping[str, tuple[date, date | None]]) -> list[str]:
    """The deadline part of :func:`items_of` (apart, so that a count of many cases can add up the rest once per
    distinct combination of facts)."""
    items: list[str] = []
    for rule_id, (due_on, done) in deadlines.items():
        state = "running" if done is None else ("met" if done <= due_on else "missed")
        items.extend((f"deadline:{rule_id}", f"deadline.{rule_id}:{state}"))
    return items


def _verdict_items(facts: Facts) -> list[str]:
    identified = outcome_of(facts.status) is Outcome.IDENTIFIED
    if facts.basis is Basis.INVESTIGATION:
        return ["assessed", "verdict:investigation"]
    items = ["assessed", "verdict:identified" if identified else "verdict:not_identified", "sheet"]
    if facts.suggested is not None and facts.verdict is not None and facts.suggested != facts.verdict:
        items.append("override:yes")
    edition = EDITIONS.get(facts.edition)
    if edition is not None:
        items.extend(f"row:{row.id}" for row in edition.rows if row.id in facts.present)
    return items


# --- periods ---------------------------------------------------------------------------------


class PeriodKind(str, enum.Enum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    kind: PeriodKind = PeriodKind.RANGE

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period ends on or after its first day")

    @classmethod
    def month(cls, day: date) -> Period:
        return cls(day.replace(day=1), _month_end(day.year, day.month), PeriodKind.MONTH)

    @classmethod
    def quarter(cls, day: date) -> Period:
        first = 3 * ((day.month - 1) // 3) + 1
        return cls(date(day.year, first, 1), _month_end(day.year, first + 2), PeriodKind.QUARTER)

    @classmethod
    def year(cls, day: date) -> Period:
        return cls(date(day.year, 1, 1), date(day.year, 12, 31), PeriodKind.YEAR)

    def previous(self) -> Period:
        """The period of the same kind before this one (a range: the same number of days before it)."""
        before = self.start - timedelta(days=1)
        if self.kind is PeriodKind.MONTH:
            return Period.month(before)
        if self.kind is PeriodKind.QUARTER:
            return Period.quarter(before)
        if self.kind is PeriodKind.YEAR:
            return Period.year(before)
        return Period(before - (self.end - self.start), before)

    def months(self) -> list[int]:
        """The months the period touches, as YYYYMM."""
        found, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            found.append(year * 100 + month)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def whole_months(self) -> list[int]:
        """The months lying wholly inside the period (added up from the monthly totals)."""
        return [m for m in self.months() if self.start <= _first(m) and _last(m) <= self.end]


def month_key(day: date) -> int:
    return day.year * 100 + day.month


def _first(month: int) -> date:
    return date(month // 100, month % 100, 1)


def _last(month: int) -> date:
    return _month_end(month // 100, month % 100)


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)


# --- who sees which numbers -------------------------------------------------------------------


class ScopeKind(str, enum.Enum):
    ORGANIZATION = "organization"
    DISTRICT = "district"
    COUNTRY = "country"


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    id: int | None = None  # the organization's or the district's id; None for the country
    name: str = ""


SCOPE_TITLES = {
    ScopeKind.ORGANIZATION: N_("Organization"),
    ScopeKind.DISTRICT: N_("District"),
    ScopeKind.COUNTRY: N_("The whole country"),
}


@dataclass(frozen=True)
class CaseRecord:
    """One case in a per-case anonymized export (HTCDS): its facts and its district's name; no number, no name, no
    date of birth (the age group only), and its dates as the store keeps them for counting."""

    facts: Facts
    district: str
