"""Resocialization (chapters 5 and 7, paras 27-45, Annexes 5-7) as data and pure rules: the staff positions, the eight
types of service, the needs assessment, the individual plan and its approval, the quarterly monitoring journal, and
the ways services end (completion, termination, deduction), pause (suspension) and start again (readmission).

Deadlines (counted as in :mod:`.deadlines`):

* para 27: the needs are assessed after observing the recipient within three calendar days after the agreement;
* para 29: the individual plan follows within three working days of the assessment, for the agreement's term; a new
  plan within one working day after the previous one expires (an extension of the agreement);
* para 31: monitoring each quarter of the agreement, counted from the day it was signed (a quarter ends three months
  later, see :func:`.deadlines.add_months`); the last quarter ends with the agreement.

While the recipient is in a health-care facility, services are suspended (para 43) and every running deadline of
theirs moves by the days of the suspension. Nothing here does I/O.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from . import N_
from .deadlines import Rule, WorkingCalendar, add_months, due

MAX_TEXT = 1000  # a need, a measure, an observation
MAX_ORDER = 40  # an order's number
VIOLATIONS_FOR_DEDUCTION = 4  # "systematic (more than three times)" (para 43 1)
ABSENCE_DAYS = 3  # away without notice for more than three days (para 43 2)


class Service(str, enum.Enum):
    """The eight types of special social services (para 40, Annex 6 column 2), in the form's order."""

    SOCIAL = "social"
    MEDICAL = "medical"
    PSYCHOLOGICAL = "psychological"
    PEDAGOGICAL = "pedagogical"
    LABOUR = "labour"
    CULTURAL = "cultural"
    ECONOMIC = "economic"
    LEGAL = "legal"


SERVICE_TITLES = {
    Service.SOCIAL: N_("Social"),
    Service.MEDICAL: N_("Socio-medical"),
    Service.PSYCHOLOGICAL: N_("Socio-psychological"),
    Service.PEDAGOGICAL: N_("Socio-pedagogical"),
    Service.LABOUR: N_("Socio-labour"),
    Service.CULTURAL: N_("Socio-cultural"),
    Service.ECONOMIC: N_("Socio-economic"),
    Service.LEGAL: N_("Socio-legal"),
}
SERVICES = tuple(Service)


class Position(str, enum.Enum):
    """The specialists' posts of Annex 5 that provide services (the director is the head; the accountant and the HR
    clerk provide none)."""

    SOCIAL_WORK_SPECIALIST = "social_work_specialist"
    SOCIAL_WORK_ADVISOR = "social_work_advisor"
    PSYCHOLOGIST = "psychologist"
    LAWYER = "lawyer"
    NURSE = "nurse"
    LABOUR_TEACHER = "labour_teacher"
    CARER = "carer"
    EDUCATOR = "educator"


POSITION_TITLES = {
    Position.SOCIAL_WORK_SPECIALIST: N_("Social work specialist"),
    Position.SOCIAL_WORK_ADVISOR: N_("Social work advisor"),
    Position.PSYCHOLOGIST: N_("Psychologist"),
    Position.LAWYER: N_("Lawyer"),
    Position.NURSE: N_("Senior nurse"),
    Position.LABOUR_TEACHER: N_("Teacher of labour training"),
    Position.CARER: N_("Carer (for children)"),
    Position.EDUCATOR: N_("Educator"),
}
# What each post records of a plan and its monitoring. The social work specialist monitors the whole plan (para 30).
POSITION_SERVICES: dict[Position, frozenset[Service]] = {
    Position.SOCIAL_WORK_SPECIALIST: frozenset(Service),
    Position.SOCIAL_WORK_ADVISOR: frozenset({Service.SOCIAL, Service.ECONOMIC, Service.CULTURAL}),
    Position.PSYCHOLOGIST: frozenset({Service.PSYCHOLOGICAL}),
    Position.LAWYER: frozenset({Service.LEGAL}),
    Position.NURSE: frozenset({Service.MEDICAL}),
    Position.LABOUR_TEACHER: frozenset({Service.LABOUR}),
    Position.CARER: frozenset({Service.PEDAGOGICAL, Service.SOCIAL}),
    Position.EDUCATOR: frozenset({Service.PEDAGOGICAL, Service.CULTURAL}),
}


def may_record(position: Position | None, service: Service, *, own_case: bool) -> bool:
    """The case's own specialist records every type; another specialist of the organization those of their post."""
    return own_case or (position is not None and service in POSITION_SERVICES[position])


# --- deadlines ----------------------------------------------------------------------------------

NEEDS_ASSESSMENT = Rule(
    "needs_assessment", "27", N_("Assess the recipient's needs after observing them"), 3, "calendar"
)
INDIVIDUAL_PLAN = Rule("individual_plan", "29", N_("Draw up the individual plan and have it approved"), 3, "working")
PLAN_RENEWAL = Rule(
    "plan_renewal", "29", N_("Draw up the new individual plan after the previous one expired"), 1, "working"
)
MONITORING = Rule("monitoring", "31", N_("Record the quarter's monitoring of the individual plan"), 3, "months")


def quarter_ends(signed: date, ends: date) -> list[date]:
    """The last day of each quarter of an agreement signed on ``signed`` and in force through ``ends``: three months
    on, six months on, ..., the last one cut at ``ends`` (an extension of three months adds one)."""
    found, n = [], 1
    while True:
        end = add_months(signed, 3 * n)
        if end >= ends:
            found.append(ends)
            return found
        found.append(end)
        n += 1


def paused_days(pauses: Iterable[tuple[date, date | None]], today: date) -> int:
    """Days of suspension (stays in a health-care facility); one still running counts to ``today``."""
    return sum(max(0, ((end or today) - start).days) for start, end in pauses)


@dataclass(frozen=True)
class Due:
    rule: Rule
    due: date
    quarter: int = 0  # the quarter a monitoring is for (1, 2, ...)

    def is_overdue(self, today: date) -> bool:
        return today > self.due


def moved(day: date, pauses: Sequence[tuple[date, date | None]], today: date) -> date:
    """A due date moved on by the days of the suspensions that began on or before it (a running one: up to today,
    so that the deadline stands still while services are suspended)."""
    return day + timedelta(days=paused_days([(s, e) for s, e in pauses if s <= day], today))


@dataclass(frozen=True)
class Progress:
    """What the store knows of one recipient's resocialization, for :func:`open_dues`."""

    signed: date  # the agreement
    ends: date  # the agreement's last day (extended, if so)
    assessed_on: date | None = None
    plan_approved_on: date | None = None
    plan_ends: date | None = None  # the approved plan's last day
    new_plan_approved: bool = False  # a plan for the extension is approved
    monitored: frozenset[int] = frozenset()  # the quarters recorded
    pauses: tuple[tuple[date, date | None], ...] = ()
    ended: bool = False
    today: date | None = None  # for a suspension still running (defaults to the agreement's last day)


def open_dues(p: Progress, calendar: WorkingCalendar) -> list[Due]:
    """Every deadline running for a recipient, earliest first (none once services have ended)."""
    if p.ended:
        return []
    today = p.today or p.ends

    def shift(day: date) -> date:
        return moved(day, p.pauses, today)

    found: list[Due] = []
    if p.assessed_on is None:
        found.append(Due(NEEDS_ASSESSMENT, shift(due(NEEDS_ASSESSMENT, p.signed, calendar))))
    elif p.plan_approved_on is None:
        found.append(Due(INDIVIDUAL_PLAN, shift(due(INDIVIDUAL_PLAN, p.assessed_on, calendar))))
    if p.plan_approved_on is not None and p.plan_ends is not None and p.plan_ends < p.ends and not p.new_plan_approved:
        found.append(Due(PLAN_RENEWAL, shift(due(PLAN_RENEWAL, p.plan_ends, calendar))))
    if p.plan_approved_on is not None:
        for quarter, end in enumerate(quarter_ends(p.signed, p.ends), start=1):
            if quarter not in p.monitored:
                found.append(Due(MONITORING, shift(end), quarter))
                break  # one quarter at a time: the next is due once this one is recorded
    return sorted(found, key=lambda d: d.due)


# --- checks ---------------------------------------------------------------------------------------


class PlanProblem(str, enum.Enum):
    OUTSIDE_TERM = "outside_term"  # a measure's date outside the plan's period
    PERIOD = "period"  # the plan's period outside the agreement's term, or ending before it starts
    EMPTY = "empty"  # no measure at all
    NOT_APPROVED = "not_approved"  # monitoring before the plan is approved
    ORDER_TAKEN = "order_taken"  # an order number already used in the organization
    FUTURE = "future"  # a date after today


PLAN_PROBLEMS = {
    PlanProblem.OUTSIDE_TERM: N_("The date is outside the plan's period ({start} – {end}). Type another date."),
    PlanProblem.PERIOD: N_("The plan's period must lie within the agreement's term ({start} – {end})."),
    PlanProblem.EMPTY: N_("The plan has no measure yet: add at least one before sending it for approval."),
    PlanProblem.NOT_APPROVED: N_("Monitoring is recorded against an approved plan: the head has not approved it yet."),
    PlanProblem.ORDER_TAKEN: N_("An order with this number is already recorded in the organization. Check the number."),
    PlanProblem.FUTURE: N_("This date is in the future. Type the date it happened."),
}


def check_plan_period(start: date, end: date, signed: date, ends: date) -> PlanProblem | None:
    return PlanProblem.PERIOD if not (signed <= start <= end <= ends) else None


def check_measure_date(day: date, start: date, end: date) -> PlanProblem | None:
    return PlanProblem.OUTSIDE_TERM if not (start <= day <= end) else None


# --- the end of services (chapter 7) ----------------------------------------------------------------------


class Ending(str, enum.Enum):
    COMPLETION = "completion"  # para 41
    TERMINATION = "termination"  # para 42: a medical contraindication of para 6, with a referral
    DEDUCTION = "deduction"  # para 43


ENDING_TITLES = {
    Ending.COMPLETION: N_("Completion of services (para 41)"),
    Ending.TERMINATION: N_("Termination for a medical contraindication (para 42)"),
    Ending.DEDUCTION: N_("Deduction from the organization (para 43)"),
}
GROUNDS: dict[Ending, tuple[tuple[str, str], ...]] = {
    Ending.COMPLETION: (
        ("application", N_("The recipient's written application")),
        ("agreement_end", N_("The agreement ended or expired")),
        ("agreement_fulfilled", N_("The agreement's terms were fulfilled early")),
        ("plan_fulfilled", N_("The individual plan's measures were carried out ahead of time")),
    ),
    Ending.TERMINATION: (("contraindication", N_("A medical contraindication of para 6")),),
    Ending.DEDUCTION: (
        ("violations", N_("Systematic violation of the internal rules (more than three times)")),
        ("absence", N_("Left without notice and absent for more than three days")),
        ("insults", N_("Unjustified insults and accusations, or the agreement's terms not fulfilled")),
    ),
}
# Handed back on every ending (para 45), each ticked off.
HAND_BACK = (
    ("belongings", N_("Personal belongings")),
    ("clothes", N_("Clothes and shoes for the season")),
    ("valuables", N_("Valuables kept by the organization")),
    ("documents", N_("Documents kept by the organization")),
)


def ground_ids(ending: Ending) -> tuple[str, ...]:
    return tuple(ground for ground, _title in GROUNDS[ending])


def may_deduct(ground: str, violations: int, absent_since: date | None, today: date) -> bool:
    """Para 43: violations only when systematic (more than three recorded); absence only after more than three
    days; the third ground is the head's judgement."""
    if ground == "violations":
        return violations >= VIOLATIONS_FOR_DEDUCTION
    if ground == "absence":
        return absent_since is not None and (today - absent_since).days > ABSENCE_DAYS
    return ground == "insults"


# The areas of positive change the journal names (Annex 7, note).
CHANGE_AREAS = (
    ("states", N_("somatic, mental, emotional states")),
    ("functions", N_("motor, sensory, cognitive, speech, communicative areas")),
    ("skills", N_("self-service skills, social and labour adaptation and socialization")),
)
