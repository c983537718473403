"""What the store hands out: frozen views of users and cases, and the store's errors. Nothing here
runs SQL; the converters read ORM rows already loaded."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from ..standard import clock
from ..standard.admission import Card, Police, RecipientState
from ..standard.deadlines import Deadline
from ..standard.intake import Checklist, Interpreter, Investigation, Talk
from ..standard.lifecycle import Basis, Status
from ..standard.person import age_on
from ..standard.sheet import EDITIONS, Answer, Edition
from .errors import AlreadyDecided as AlreadyDecided
from .errors import Forbidden as Forbidden
from .errors import InviteError as InviteError
from .errors import NotFound as NotFound
from .errors import ShareRefused as ShareRefused
from .models import (
    Case,
    Person,
    Recipient,
    Report,
    User,
)


@dataclass(frozen=True)
class StatusLine:
    """What a status view shows: no personal data beyond the initials."""

    id: int
    number: str
    initials: str
    status: Status
    organization: str
    deadline: Deadline | None
    practice: bool = False


@dataclass(frozen=True)
class StatusPage:
    """A page of a status list: its lines, how many cases the whole list has and how many are overdue, and the
    keyset of the next page (None on the last one)."""

    lines: tuple[StatusLine, ...]
    total: int
    overdue: int
    next: tuple[date, str] | None


@dataclass(frozen=True)
class AuditLine:
    at: datetime
    user: str  # role and name (or id) of who acted; "system" for the bot itself
    action: str
    case_number: str | None
    detail: str | None


def invite_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


@dataclass(frozen=True)
class Actor:
    id: int
    telegram_id: int
    role: str
    organization_id: int | None
    district_id: int | None
    locale: str | None
    active: bool
    full_name: str | None = None
    organization_name: str | None = None
    position: str | None = None  # resocialization.Position value: the post in the organization (Annex 5)


@dataclass(frozen=True)
class PersonView:
    surname: str | None = None
    first_name: str | None = None
    patronymic: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    citizenship: str | None = None
    has_documents: str | None = None


@dataclass(frozen=True)
class ChildView:
    surname: str
    first_name: str
    patronymic: str
    birth_date: date | None
    relation: str


@dataclass(frozen=True)
class ReportView:
    held_at: datetime | None = None
    venue: str | None = None
    circumstances: str | None = None
    narrative: tuple[str, ...] = ()
    authorized_person: str | None = None
    completed: bool = False


@dataclass(frozen=True)
class RecipientView:
    """A recipient of services of a case (paras 17-20): the person (``child`` None) or an accompanying child (the
    index into ``CaseView.children``), with their own number, registration card and portal entry."""

    id: int
    number: str
    child: int | None
    state: RecipientState
    admitted_on: date
    card: Card
    card_filled_on: date | None = None
    card_filled_by_name: str = ""
    portal_entered_on: date | None = None
    portal_entered_by_name: str = ""
    referral: Mapping[str, str] = field(default_factory=dict)  # para 19: guardianship, center
    referred_on: date | None = None
    referred_by_name: str = ""


@dataclass(frozen=True)
class PoliceView:
    """Para 21: whether the recipient applies to internal affairs, and the information the organization sent."""

    state: Police = Police.UNKNOWN
    declined_on: date | None = None
    informed_on: date | None = None
    informed_by_name: str = ""
    body: str = ""
    reference: str = ""


@dataclass(frozen=True)
class CaseView:
    id: int
    number: str
    status: Status
    organization_id: int
    specialist_id: int
    edition: Edition
    verdict_rule: str
    created_at: datetime
    updated_at: datetime
    basis: Basis | None = None
    investigation: Investigation = field(default_factory=Investigation)
    checklist: Checklist = field(default_factory=Checklist)
    interview_language: str | None = None
    interpreter: Interpreter | None = None
    consent: bool | None = None
    contraindications: list[str] | None = None
    talk: Talk = field(default_factory=Talk)
    person: PersonView = field(default_factory=PersonView)
    answers: Mapping[str, Answer] = field(default_factory=dict)
    sheet_position: int = 0
    suggested_verdict: bool | None = None
    verdict: bool | None = None
    override_reason: str | None = None
    consent_at: datetime | None = None
    children: tuple[ChildView, ...] = ()
    children_done: bool = False
    report: ReportView | None = None
    organization_name: str = ""
    head_name: str = ""  # the organization's head, for Annex 1 ("" when not recorded)
    # the organization's referral contacts per language ({language: text}), shown to the person at every exit
    contacts: Mapping[str, str] = field(default_factory=dict)
    specialist_name: str = ""
    district_id: int = 0
    practice: bool = False
    identified_on: date | None = None
    forwarded_on: date | None = None
    decided_on: date | None = None
    decided_by_name: str = ""
    decision_reason: str | None = None
    agreement_signed_on: date | None = None
    agreement_ends_on: date | None = None
    extension_ground: str | None = None
    recipients: tuple[RecipientView, ...] = ()
    police: PoliceView = field(default_factory=PoliceView)
    portal_from: date | None = None
    police_from: date | None = None
    organization_address: str = ""
    resoc_due: date | None = None  # the earliest resocialization deadline of the recipients (paras 27-31)
    resoc_rule: str | None = None

    def recipient(self, recipient_id: int) -> RecipientView:
        """One of the case's recipients of services by its id (LookupError when it is not this case's)."""
        for recipient in self.recipients:
            if recipient.id == recipient_id:
                return recipient
        raise LookupError(recipient_id)

    def age(self, today: date) -> int | None:
        return age_on(self.person.birth_date, today) if self.person.birth_date else None

    @property
    def minor(self) -> bool:
        """Under 18 on Kazakhstan's today, or flagged at the needs check as possibly a child: the minors path."""
        age = self.age(clock.today())
        return self.talk.may_be_minor or (age is not None and age < 18)


@dataclass(frozen=True)
class DraftSummary:
    id: int
    number: str
    updated_at: datetime


@dataclass(frozen=True)
class CaseSummary:
    id: int
    number: str
    status: Status
    updated_at: datetime


def _actor(user: User) -> Actor:
    return Actor(
        id=user.id,
        telegram_id=user.telegram_id,
        role=user.role,
        organization_id=user.organization_id,
        district_id=user.district_id,
        locale=user.locale,
        active=user.active,
        full_name=user.full_name,
        organization_name=user.organization.name if user.organization else None,
        position=user.position,
    )


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _person_view(person: Person) -> PersonView:
    return PersonView(
        surname=person.surname,
        first_name=person.first_name,
        patronymic=person.patronymic,
        birth_date=date.fromisoformat(person.birth_date) if person.birth_date else None,
        sex=person.sex,
        citizenship=person.citizenship,
        has_documents=person.has_documents,
    )


def _view(case: Case) -> CaseView:
    person = case.person
    return CaseView(
        id=case.id,
        number=case.number,
        status=Status(case.status),
        organization_id=case.organization_id,
        specialist_id=case.specialist_id,
        edition=EDITIONS[case.edition],
        verdict_rule=case.verdict_rule,
        created_at=case.created_at,
        updated_at=case.updated_at,
        basis=Basis(case.basis) if case.basis else None,
        investigation=Investigation.from_json(case.investigation),
        checklist=Checklist.from_json(case.checklist),
        interview_language=case.interview_language,
        interpreter=Interpreter.from_json(case.interpreter),
        consent=case.consent,
        contraindications=case.contraindications,
        talk=Talk.from_json(case.talk),
        person=_person_view(person) if person else PersonView(),
        answers={a.row_id: Answer(a.answer) for a in case.answers},
        sheet_position=case.sheet_position,
        suggested_verdict=case.suggested_verdict,
        verdict=case.verdict,
        override_reason=case.override_reason,
        consent_at=case.consent_at,
        children=_child_views(case),
        children_done=bool(case.children_done),
        report=_report_view(case.report) if case.report else None,
        organization_name=case.organization.name,
        head_name=case.organization.head_name or "",
        contacts=dict(case.organization.contacts or {}),
        specialist_name=case.specialist.full_name or "",
        district_id=case.district_id,
        practice=case.practice,
        identified_on=case.identified_on,
        forwarded_on=case.forwarded_on,
        decided_on=case.decided_on,
        decision_reason=case.decision_reason,
        decided_by_name=(case.decider.full_name or str(case.decider.telegram_id)) if case.decider else "",
        agreement_signed_on=case.agreement_signed_on,
        agreement_ends_on=case.agreement_ends_on,
        extension_ground=case.extension_ground,
        recipients=_recipient_views(case),
        police=_police_view(case),
        portal_from=case.portal_from,
        police_from=case.police_from,
        organization_address=case.organization.address or "",
        resoc_due=case.resoc_due,
        resoc_rule=case.resoc_rule,
    )


def _child_views(case: Case) -> tuple[ChildView, ...]:
    return tuple(
        ChildView(
            c.surname,
            c.first_name,
            c.patronymic or "",
            date.fromisoformat(c.birth_date) if c.birth_date else None,
            c.relation or "",
        )
        for c in case.children
    )


def _recipient_views(case: Case) -> tuple[RecipientView, ...]:
    """The recipients in the order of the case's children (the person first). Names of who acted come from the
    case's specialist where they acted (the usual case); another user is named by their Telegram id."""
    index = {child.id: i for i, child in enumerate(case.children)}
    return tuple(
        sorted(
            (
                _recipient_view(r, index.get(r.child_id) if r.child_id else None, case.specialist)
                for r in case.recipients
            ),
            key=lambda v: -1 if v.child is None else v.child,
        )
    )


def _name(user_id: int | None, specialist: User) -> str:
    if user_id is None:
        return ""
    return (specialist.full_name or str(specialist.telegram_id)) if user_id == specialist.id else f"#{user_id}"


def _recipient_view(row: Recipient, child: int | None, specialist: User) -> RecipientView:
    return RecipientView(
        id=row.id,
        number=row.number,
        child=child,
        state=RecipientState(row.state),
        admitted_on=row.admitted_on,
        card=Card.from_json(row.card),
        card_filled_on=row.card_filled_on,
        card_filled_by_name=_name(row.card_filled_by, specialist),
        portal_entered_on=row.portal_entered_on,
        portal_entered_by_name=_name(row.portal_entered_by, specialist),
        referral=dict(row.referral or {}),
        referred_on=row.referred_on,
        referred_by_name=_name(row.referred_by, specialist),
    )


def _police_view(case: Case) -> PoliceView:
    notice = case.police_notice or {}
    return PoliceView(
        state=Police(case.police) if case.police else Police.UNKNOWN,
        declined_on=case.police_declined_on,
        informed_on=case.police_informed_on,
        informed_by_name=_name(case.police_informed_by, case.specialist),
        body=notice.get("body", ""),
        reference=notice.get("reference", ""),
    )


def _report_view(report: Report) -> ReportView:
    return ReportView(
        held_at=datetime.fromisoformat(report.held_at) if report.held_at else None,
        venue=report.venue,
        circumstances=report.circumstances,
        narrative=tuple(report.narrative or ()),
        authorized_person=report.authorized_person,
        completed=report.completed_at is not None,
    )
