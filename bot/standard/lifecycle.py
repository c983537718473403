"""Case statuses and the transitions the procedure allows."""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypedDict

from . import N_
from .deadlines import (
    AGREEMENT,
    AGREEMENT_TERM,
    PERMIT_DECISION,
    POLICE_NOTICE,
    PORTAL_ENTRY,
    SEND_TO_AUTHORIZED_BODY,
    Deadline,
    WorkingCalendar,
    deadline,
    reminder_times,
)
from .resocialization import INDIVIDUAL_PLAN, MONITORING, NEEDS_ASSESSMENT, PLAN_RENEWAL
from .roles import Role


class Status(str, enum.Enum):
    DRAFT = "draft"  # the intake is under way
    CONSENT_REFUSED = "consent_refused"  # Annex 1: no consent, nothing personal kept
    NOT_ELIGIBLE = "not_eligible"  # para 5: citizenship status outside the Standard
    MEDICAL_REFERRAL = "medical_referral"  # para 6: referred to a healthcare organization
    IDENTIFIED = "identified"  # recognized as a victim (sheet or para 13-1)
    NOT_IDENTIFIED = "not_identified"  # para 14: services refused
    CANCELLED = "cancelled"  # the specialist abandoned the draft
    FORWARDED = "forwarded"  # para 14: sent to the authorized body for the permit
    PERMIT_ISSUED = "permit_issued"  # para 15: the agreement is due within one working day
    PERMIT_REFUSED = "permit_refused"  # para 15: the authorized body refused, with a reason
    AGREEMENT_SIGNED = "agreement_signed"  # para 15-16: the resocialization agreement runs
    SERVICES_ENDED = "services_ended"  # chapter 7: every admitted recipient's services ended; read-only


class Basis(str, enum.Enum):
    APPLICATION = "application"  # the person's application, Annex 1
    DIRECTION = "direction"  # written direction of the authorized body or police, para 9
    INVESTIGATION = "investigation"  # pre-trial investigation, para 13-1: no sheet


# A verdict is recorded (the sheet and the report exist from here on), and the stages after it.
AFTER_IDENTIFICATION = frozenset(
    {
        Status.IDENTIFIED,
        Status.FORWARDED,
        Status.PERMIT_ISSUED,
        Status.PERMIT_REFUSED,
        Status.AGREEMENT_SIGNED,
        Status.SERVICES_ENDED,
    }
)
ASSESSED = AFTER_IDENTIFICATION | {Status.NOT_IDENTIFIED}

STATUS_TITLES = {
    Status.DRAFT: N_("Intake in progress"),
    Status.CONSENT_REFUSED: N_("Consent refused"),
    Status.NOT_ELIGIBLE: N_("Not eligible (para 5)"),
    Status.MEDICAL_REFERRAL: N_("Referred to a healthcare organization (para 6)"),
    Status.IDENTIFIED: N_("Recognized as a victim"),
    Status.NOT_IDENTIFIED: N_("Not recognized as a victim: services refused (para 14)"),
    Status.CANCELLED: N_("Cancelled"),
    Status.FORWARDED: N_("Forwarded to the authorized body"),
    Status.PERMIT_ISSUED: N_("Permit issued"),
    Status.PERMIT_REFUSED: N_("Permit refused"),
    Status.AGREEMENT_SIGNED: N_("Resocialization agreement signed"),
    Status.SERVICES_ENDED: N_("Special social services ended"),
}

_ALLOWED = {
    Status.DRAFT: {
        Status.CONSENT_REFUSED,
        Status.NOT_ELIGIBLE,
        Status.MEDICAL_REFERRAL,
        Status.IDENTIFIED,
        Status.NOT_IDENTIFIED,
        Status.CANCELLED,
    },
    Status.IDENTIFIED: {Status.FORWARDED},
    Status.FORWARDED: {Status.PERMIT_ISSUED, Status.PERMIT_REFUSED},
    Status.PERMIT_ISSUED: {Status.AGREEMENT_SIGNED},
    # services end for every recipient (chapter 7); a readmission after a deduction for absence (para 43) reopens
    Status.AGREEMENT_SIGNED: {Status.SERVICES_ENDED},
    Status.SERVICES_ENDED: {Status.AGREEMENT_SIGNED},
}


class TransitionError(ValueError):
    pass


def check_transition(current: Status, new: Status) -> None:
    if new not in _ALLOWED.get(current, set()):
        raise TransitionError(f"a case in status {current.value} cannot become {new.value}")


class Dates(TypedDict, total=False):
    """The dates a case's deadlines run from (each None or absent until its event happened)."""

    identified_on: date | None
    forwarded_on: date | None
    decided_on: date | None
    agreement_signed_on: date | None
    agreement_ends_on: date | None
    portal_from: date | None  # the earliest registration card awaiting its portal entry (para 20)
    police_from: date | None  # the day the recipient declined to apply to internal affairs (para 21)
    # the earliest resocialization deadline still running for the case's recipients (paras 27, 29, 31), moved by
    # their suspensions, and the id of its rule (one of RESOCIALIZATION_RULES)
    resocialization_due: date | None
    resocialization_rule: str | None


# The deadlines of resocialization (``resocialization.open_dues``), by id.
RESOCIALIZATION_RULES = {rule.id: rule for rule in (NEEDS_ASSESSMENT, INDIVIDUAL_PLAN, PLAN_RENEWAL, MONITORING)}


def open_deadlines(status: Status, dates: Dates, calendar: WorkingCalendar) -> tuple[Deadline, ...]:
    """Every deadline running for a case, earliest due first, each with the paragraph it comes from. After the
    agreement several run at once: the portal entry of a filled registration card (para 20), informing internal
    affairs (para 21), the agreement's term (para 16) and the earliest resocialization deadline of its recipients
    (paras 27, 29, 31), counted from the agreement."""
    found: list[Deadline] = []
    starts = {
        Status.IDENTIFIED: ((SEND_TO_AUTHORIZED_BODY, dates.get("identified_on")),),
        Status.FORWARDED: ((PERMIT_DECISION, dates.get("forwarded_on")),),
        Status.PERMIT_ISSUED: ((AGREEMENT, dates.get("decided_on")),),
        Status.AGREEMENT_SIGNED: ((PORTAL_ENTRY, dates.get("portal_from")), (POLICE_NOTICE, dates.get("police_from"))),
    }
    for rule, start in starts.get(status, ()):
        if start:
            found.append(deadline(rule, start, calendar))
    signed, ends = dates.get("agreement_signed_on"), dates.get("agreement_ends_on")
    if status is Status.AGREEMENT_SIGNED and signed and ends:
        found.append(Deadline(AGREEMENT_TERM, signed, ends))
    resocialization = dates.get("resocialization_due")
    resocialization_rule = RESOCIALIZATION_RULES.get(dates.get("resocialization_rule") or "")
    if status is Status.AGREEMENT_SIGNED and signed and resocialization and resocialization_rule:
        found.append(Deadline(resocialization_rule, signed, resocialization))
    return tuple(sorted(found, key=lambda d: d.due))


def next_deadline(status: Status, dates: Dates, calendar: WorkingCalendar) -> Deadline | None:
    """What is due next for a case and by when (the earliest of :func:`open_deadlines`); None when nothing is."""
    running = open_deadlines(status, dates, calendar)
    return running[0] if running else None


# Who acts on the next deadline: the organization's specialist, or the district's officers.
RESPONSIBLE = {
    Status.IDENTIFIED: Role.SPECIALIST,
    Status.FORWARDED: Role.OFFICER,
    Status.PERMIT_ISSUED: Role.SPECIALIST,
    Status.AGREEMENT_SIGNED: Role.SPECIALIST,
}


# The due date of a case with no deadline running, so that "overdue first, then by due date" is one ascending
# order on a column (and an index) of the store.
NO_DEADLINE = date(9999, 12, 31)


@dataclass(frozen=True)
class Schedule:
    """What the store keeps of a case's next deadline, so that lists and reminders are SQL filters: the due date
    (``NO_DEADLINE`` when none runs) and the moment of the next reminder not sent yet (None when none is left)."""

    due_on: date
    next_reminder_at: datetime | None


def schedule(
    status: Status,
    dates: Dates,
    *,
    practice: bool,
    calendar: WorkingCalendar,
    sent: Collection[tuple[str, str, date]] = (),
) -> Schedule:
    """The case's schedule from the dates of :func:`open_deadlines`; ``sent`` holds the (rule id, kind, due date) of
    reminders already sent or claimed. Every running deadline is reminded; a practice intake never is."""
    running = open_deadlines(status, dates, calendar)
    if not running:
        return Schedule(NO_DEADLINE, None)
    pending = (
        []
        if practice or status not in RESPONSIBLE
        else [r.at for dl in running for r in reminder_times(dl, calendar) if (dl.rule.id, r.kind, dl.due) not in sent]
    )
    return Schedule(running[0].due, min(pending) if pending else None)


# What comes next for a case, shown on its card and in /status.
NEXT_STEPS = {
    Status.IDENTIFIED: N_(
        "Next: the report (Annex 8), then the evaluation sheet and the application go to the "
        "authorized body within one working day (para 14)."
    ),
    Status.NOT_IDENTIFIED: N_(
        "Special social services are refused (para 14). Tell the person the outcome in plain words, without blame, "
        "and give them the contacts of other help (📇 below). The case is closed."
    ),
    Status.CONSENT_REFUSED: N_(
        "Nothing personal was kept. Before the person leaves, tell them where else they can get help (📇 below) and "
        "check they have a safe place to go. The case is closed."
    ),
    Status.MEDICAL_REFERRAL: N_(
        "Refer the person to a healthcare organization (para 6). Tell them why, and that they can apply to us again "
        "after treatment; give them the contacts of other help (📇 below). The case is closed."
    ),
    Status.NOT_ELIGIBLE: N_(
        "The person is not eligible under para 5. Before they leave, give them the contacts of other help (📇 below: "
        "IOM, NGO crisis centres, their consulate if they wish) and check they have a safe place to go. The case is "
        "closed."
    ),
    Status.CANCELLED: N_("The intake was cancelled."),
    Status.DRAFT: N_("The intake is not finished yet."),
    Status.FORWARDED: N_("The authorized body decides on the permit within three working days (para 15)."),
    Status.PERMIT_ISSUED: N_(
        "Sign the resocialization agreement with the person within one working day (para 15), then record it here."
    ),
    Status.PERMIT_REFUSED: N_("The authorized body refused the permit; the reason is recorded on the case."),
    Status.AGREEMENT_SIGNED: N_(
        "The resocialization agreement runs; it can be extended once, by up to three months (para 16)."
    ),
    Status.SERVICES_ENDED: N_("Special social services have ended; the case is read-only."),
}

# The ends of an intake where the person leaves without services: each shows what to tell them and where else
# they can get help.
EXITS = frozenset({Status.NOT_IDENTIFIED, Status.CONSENT_REFUSED, Status.MEDICAL_REFERRAL, Status.NOT_ELIGIBLE})

# After the verdict the specialist writes the report (para 14-1) on the case they ran; a case recognized in a
# pre-trial investigation (para 13-1) has no conversation to report on. A case whose services ended is read-only.
REPORTABLE = ASSESSED - {Status.SERVICES_ENDED}


def may_write_report(status: Status, basis: Basis | None) -> bool:
    return status in REPORTABLE and basis is not Basis.INVESTIGATION


def may_forward(role: Role, status: Status, practice: bool) -> bool:
    """The organization forwards an identified case to the authorized body (para 14); never a practice intake."""
    return role.is_staff and status is Status.IDENTIFIED and not practice


def may_share(role: Role, report_written: bool, practice: bool) -> bool:
    """The organization shares a written report with law enforcement (Annex 8 note); never a practice intake's."""
    return role.is_staff and report_written and not practice


def may_sign(own: bool, status: Status) -> bool:
    """The case's specialist records the agreement once the permit is issued (para 15)."""
    return own and status is Status.PERMIT_ISSUED


def may_extend(own: bool, status: Status, extended: bool) -> bool:
    """The agreement is extended once, by its specialist (para 16)."""
    return own and status is Status.AGREEMENT_SIGNED and not extended
