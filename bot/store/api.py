"""The store's functions. Each takes the acting user, checks scope, and writes the audit
trail in the same transaction as the read or change. Dialogs call these; nothing else runs SQL."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, func, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import joinedload, raiseload

from ..standard import clock, lifecycle
from ..standard.deadlines import (
    EXTENSION_GROUNDS,
    Deadline,
    WorkingCalendar,
    add_months,
    reminder_times,
)
from ..standard.lifecycle import ASSESSED, RESPONSIBLE, Basis, Status, next_deadline
from ..standard.person import age_on, initials
from ..standard.sheet import CURRENT_EDITION, EDITIONS, Answer, Edition
from .models import (
    AuditEntry,
    CalendarDay,
    Case,
    Child,
    Counter,
    District,
    Invite,
    Organization,
    Person,
    ReminderSent,
    Report,
    Share,
    SheetAnswer,
    User,
)

ROLES = ("admin", "head", "specialist", "officer", "police")
# One case with what its view shows: the one-to-one parts and the (few) children in the case's own SELECT,
# the 28 sheet answers in one more (the model's selectin); two statements instead of five.
CASE_GRAPH = (joinedload(Case.person), joinedload(Case.report), joinedload(Case.children))
# A status line needs the case's own columns, the person's name and the organization's: nothing else is loaded.
STATUS_GRAPH = (
    joinedload(Case.person),
    raiseload(Case.children),
    raiseload(Case.answers),
    raiseload(Case.report),
    raiseload(Case.specialist),
    raiseload(Case.decider),
)
PERSON_FIELDS = ("surname", "first_name", "patronymic", "birth_date", "sex", "citizenship", "has_documents")
CASE_FIELDS = (
    "basis",
    "investigation",
    "checklist",
    "interview_language",
    "interpreter",
    "contraindications",
    "children_done",
)
REPORT_FIELDS = ("held_at", "venue", "circumstances", "narrative", "authorized_person")
CHILD_FIELDS = ("surname", "first_name", "patronymic", "birth_date", "relation")
# Loading a case only to schedule it: its own columns, nothing related.
SCHEDULE_GRAPH = (
    raiseload(Case.person),
    raiseload(Case.children),
    raiseload(Case.answers),
    raiseload(Case.report),
    raiseload(Case.specialist),
    raiseload(Case.decider),
    raiseload(Case.organization),
)
# A reminder names the case's number and organization.
REMINDER_GRAPH = (joinedload(Case.organization), *SCHEDULE_GRAPH[:-1])
RUNNING = frozenset(RESPONSIBLE)  # statuses with a deadline someone must act on
# After the verdict the specialist writes the report (para 14-1) on the case they ran.
REPORTABLE = tuple(s.value for s in ASSESSED)


class NotFound(LookupError):
    """No such case for this user: absent and out of scope look the same."""


class Forbidden(PermissionError):
    pass


class AlreadyDecided(RuntimeError):
    """Another officer decided first; ``who`` and ``on`` say who and when."""

    def __init__(self, who: str, on: date | None):
        super().__init__(who)
        self.who = who
        self.on = on


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


class InviteError(LookupError):
    """An invitation that cannot be used: ``reason`` is "unknown", "used" or "expired"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ShareRefused(PermissionError):
    """Sharing with law enforcement needs both a written request and the person's written consent."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


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
    investigation: Mapping[str, Any] | None = None
    checklist: Mapping[str, Any] | None = None
    interview_language: str | None = None
    interpreter: Mapping[str, Any] | None = None
    consent: bool | None = None
    contraindications: list[str] | None = None
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

    def age(self, today: date) -> int | None:
        return age_on(self.person.birth_date, today) if self.person.birth_date else None


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
    )


def _actor_row(user: User) -> Actor:
    return Actor(
        id=user.id,
        telegram_id=user.telegram_id,
        role=user.role,
        organization_id=user.organization_id,
        district_id=user.district_id,
        locale=user.locale,
        active=user.active,
    )


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


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
        investigation=case.investigation,
        checklist=case.checklist,
        interview_language=case.interview_language,
        interpreter=case.interpreter,
        consent=case.consent,
        contraindications=case.contraindications,
        person=PersonView(
            surname=person.surname,
            first_name=person.first_name,
            patronymic=person.patronymic,
            birth_date=date.fromisoformat(person.birth_date) if person.birth_date else None,
            sex=person.sex,
            citizenship=person.citizenship,
            has_documents=person.has_documents,
        )
        if person
        else PersonView(),
        answers={a.row_id: Answer(a.answer) for a in case.answers},
        sheet_position=case.sheet_position,
        suggested_verdict=case.suggested_verdict,
        verdict=case.verdict,
        override_reason=case.override_reason,
        consent_at=case.consent_at,
        children=tuple(
            ChildView(
                c.surname,
                c.first_name,
                c.patronymic or "",
                date.fromisoformat(c.birth_date) if c.birth_date else None,
                c.relation or "",
            )
            for c in case.children
        ),
        children_done=bool(case.children_done),
        report=_report_view(case.report) if case.report else None,
        organization_name=case.organization.name,
        head_name=case.organization.head_name or "",
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


class Store:
    CALENDAR_TTL = 60.0  # seconds a loaded working calendar is reused

    def __init__(self, engine: AsyncEngine, *, verdict_rule: str = "kz-law", edition: Edition = CURRENT_EDITION):
        self._calendar: tuple[float, WorkingCalendar] | None = None
        self.engine = engine
        self.verdict_rule = verdict_rule
        self.edition = edition
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)

    async def close(self) -> None:
        await self.engine.dispose()

    async def ping(self) -> None:
        """Raises when the database does not answer (the webhook's health endpoint)."""
        async with self.engine.connect() as connection:
            await connection.execute(select(1))

    @asynccontextmanager
    async def _tx(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions.begin() as session:
            yield session

    @staticmethod
    def _audit(
        session: AsyncSession, actor: Actor | None, action: str, case_id: int | None = None, detail: str | None = None
    ) -> None:
        session.add(AuditEntry(user_id=actor.id if actor else None, action=action, case_id=case_id, detail=detail))

    # --- directory -------------------------------------------------------------------------

    async def _district(self, session: AsyncSession, name: str) -> District:
        district = await session.scalar(select(District).where(District.name == name))
        if district is None:
            district = District(name=name)
            session.add(district)
            await session.flush()
        return district

    async def add_user(
        self,
        telegram_id: int,
        role: str,
        *,
        org: str | None = None,
        district: str | None = None,
        full_name: str | None = None,
        locale: str | None = None,
    ) -> Actor:
        """Register (or update) a user. Specialists and heads need an organization; officers a district."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        if role in ("specialist", "head") and not (org and district):
            raise ValueError(f"a {role} needs --org and --district")
        if role == "officer" and not district:
            raise ValueError("an officer needs --district")
        async with self._tx() as session:
            district_row = await self._district(session, district) if district else None
            org_row = None
            if org:
                org_row = await session.scalar(select(Organization).where(Organization.name == org))
                if org_row is None:
                    org_row = Organization(name=org, district_id=district_row.id if district_row else None)
                    session.add(org_row)
                    await session.flush()
                elif district_row and org_row.district_id != district_row.id:
                    raise ValueError(f"organization {org!r} belongs to another district")
            user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
            if user is None:
                user = User(telegram_id=telegram_id)
                session.add(user)
            user.role = role
            user.organization_id = org_row.id if org_row else None
            user.district_id = district_row.id if district_row else (org_row.district_id if org_row else None)
            user.active = True
            if full_name:
                user.full_name = full_name
            if locale:
                user.locale = locale
            await session.flush()
            self._audit(session, None, "user.register", detail=f"role={role} user={user.id}")
            await session.refresh(user, ["organization"])
            return _actor(user)

    async def set_head_name(self, actor: Actor | None, name: str, *, org: str | None = None) -> str:
        """Record the name of the organization's head, printed on Annex 1. A head names the head of their own
        organization; ``actor`` None is the administrator's command line, which names the organization."""
        name = " ".join(name.split())
        if not name or len(name) > 200:
            raise ValueError("the head's name is 1 to 200 characters")
        async with self._tx() as session:
            if actor is None:
                row = await session.scalar(select(Organization).where(Organization.name == org))
                if row is None:
                    raise ValueError(f"there is no organization {org!r}")
            elif actor.role == "head" and actor.active and actor.organization_id:
                row = await session.get(Organization, actor.organization_id)
            else:
                raise Forbidden("a head names the head of their own organization")
            row.head_name = name
            self._audit(session, actor, "organization.head", detail=f"organization={row.id}")
            return row.name

    async def head_name(self, actor: Actor) -> str | None:
        """The head's name as recorded for the actor's organization."""
        if actor.organization_id is None:
            return None
        async with self._sessions() as session:
            return await session.scalar(select(Organization.head_name).where(Organization.id == actor.organization_id))

    async def user_by_id(self, user_id: int) -> Actor | None:
        async with self._sessions() as session:
            user = await session.get(User, user_id)
            return _actor(user) if user else None

    async def user_by_telegram(self, telegram_id: int) -> Actor | None:
        async with self._sessions() as session:
            user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
            return _actor(user) if user else None

    async def ensure_admin(self, telegram_id: int) -> Actor:
        # an ADMIN_IDS entry that is also registered keeps its registered role
        return await self.user_by_telegram(telegram_id) or await self.add_user(telegram_id, "admin")

    async def set_locale(self, actor: Actor, locale: str) -> None:
        async with self._tx() as session:
            await session.execute(update(User).where(User.id == actor.id).values(locale=locale))
            self._audit(session, actor, "user.locale", detail=locale)

    # --- cases -----------------------------------------------------------------------------

    async def _next_number(self, session: AsyncSession, year: int, series: str = "case") -> str:
        name = f"{series}-{year}"
        if await session.get(Counter, name) is None:
            try:
                async with session.begin_nested():
                    session.add(Counter(name=name, value=0))
            except IntegrityError:
                pass
        value = await session.scalar(
            update(Counter).where(Counter.name == name).values(value=Counter.value + 1).returning(Counter.value)
        )
        return f"{year}-{value:04d}"

    async def create_case(self, actor: Actor, basis: Basis, *, practice: bool = False) -> CaseView:
        if actor.role != "specialist" or actor.organization_id is None:
            raise Forbidden("only a specialist of an organization starts an intake")
        async with self._tx() as session:
            org = await session.get(Organization, actor.organization_id)
            # the year of the procedure's clock: a case opened at 00:30 on 1 January in Almaty is of the new year
            number = await self._next_number(session, clock.today().year, "practice" if practice else "case")
            case = Case(
                number=f"T-{number}" if practice else number,
                practice=practice,
                organization_id=org.id,
                district_id=org.district_id,
                specialist_id=actor.id,
                status=Status.DRAFT.value,
                edition=self.edition.id,
                verdict_rule=self.verdict_rule,
                basis=basis.value,
            )
            session.add(case)
            await session.flush()
            self._audit(
                session, actor, "case.create", case.id, f"basis={basis.value}" + (" practice" if practice else "")
            )
            await session.refresh(
                case, ["person", "answers", "children", "report", "organization", "specialist", "decider"]
            )
            return _view(case)

    async def _load(
        self,
        session: AsyncSession,
        actor: Actor,
        case_id: int,
        *,
        write: bool,
        statuses: tuple[str, ...] = (Status.DRAFT.value,),
    ) -> Case:
        case = await session.get(Case, case_id, options=CASE_GRAPH)
        if case is None or not await self._may_see(session, actor, case):
            raise NotFound(case_id)
        if write and (case.specialist_id != actor.id or case.status not in statuses):
            raise Forbidden("only the specialist who runs the case changes it, and only at this stage")
        return case

    @staticmethod
    async def _may_see(session: AsyncSession, actor: Actor, case: Case) -> bool:
        """Specialists and heads: their organization's cases; officers: their district's; police: what
        was shared with them; administrators: no case content at all."""
        if not actor.active:
            return False
        if actor.role in ("specialist", "head"):
            return case.organization_id == actor.organization_id
        if actor.role == "officer":
            return case.district_id == actor.district_id
        if actor.role == "police":
            return bool(
                await session.scalar(select(exists().where(Share.case_id == case.id, Share.police_user_id == actor.id)))
            )
        return False

    async def case(self, actor: Actor, case_id: int) -> CaseView:
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=False)
            self._audit(session, actor, "case.read", case.id)
            return _view(case)

    async def drafts(self, actor: Actor) -> list[DraftSummary]:
        """The actor's unfinished intakes: numbers and times only, nothing personal."""
        async with self._sessions() as session:
            rows = (
                await session.execute(
                    select(Case.id, Case.number, Case.updated_at)
                    .where(Case.specialist_id == actor.id, Case.status == Status.DRAFT.value)
                    .order_by(Case.updated_at.desc())
                )
            ).all()
            return [DraftSummary(*row) for row in rows]

    async def update_case(self, actor: Actor, case_id: int, **values: Any) -> CaseView:
        unknown = set(values) - set(CASE_FIELDS)
        if unknown:
            raise ValueError(f"not a case field: {', '.join(sorted(unknown))}")
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            for name, value in values.items():
                setattr(case, name, value.value if isinstance(value, Basis) else value)
            self._audit(session, actor, "case.update", case.id, ",".join(sorted(values)))
            await session.flush()
            return _view(case)

    async def set_consent(self, actor: Actor, case_id: int, given: bool) -> CaseView:
        """Record consent. Refused: the intake closes and everything typed so far is erased."""
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            case.consent = given
            case.consent_at = clock.utc_now()
            if not given:
                lifecycle.check_transition(Status(case.status), Status.CONSENT_REFUSED)
                for name in ("investigation", "checklist", "interpreter", "interview_language", "contraindications"):
                    setattr(case, name, None)
                case.person = None
                case.status = Status.CONSENT_REFUSED.value
                case.closed_at = case.consent_at
            self._audit(session, actor, "case.consent", case.id, "given" if given else "refused")
            await session.flush()
            return _view(case)

    async def cancel_draft(self, actor: Actor, case_id: int) -> CaseView:
        """The specialist abandons an intake: everything typed for it is erased; the number, the outcome
        and the audit trail remain."""
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            lifecycle.check_transition(Status(case.status), Status.CANCELLED)
            for name in (
                "investigation",
                "checklist",
                "interpreter",
                "interview_language",
                "contraindications",
                "override_reason",
            ):
                setattr(case, name, None)
            case.person = None
            case.children.clear()
            case.answers.clear()
            case.status = Status.CANCELLED.value
            case.closed_at = clock.utc_now()
            self._audit(session, actor, "case.cancel", case.id)
            await session.flush()
            return _view(case)

    async def set_person(self, actor: Actor, case_id: int, **values: Any) -> CaseView:
        unknown = set(values) - set(PERSON_FIELDS)
        if unknown:
            raise ValueError(f"not a person field: {', '.join(sorted(unknown))}")
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            if not case.consent:
                raise Forbidden("no personal data before consent")
            if case.person is None:
                case.person = Person()
            for name, value in values.items():
                setattr(case.person, name, value.isoformat() if isinstance(value, date) else value)
            self._audit(session, actor, "person.update", case.id, ",".join(sorted(values)))
            await session.flush()
            return _view(case)

    async def answer_row(self, actor: Actor, case_id: int, row_id: str, answer: Answer, position: int) -> CaseView:
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            EDITIONS[case.edition].row(row_id)  # unknown rows raise KeyError
            existing = next((a for a in case.answers if a.row_id == row_id), None)
            if existing is None:
                case.answers.append(SheetAnswer(row_id=row_id, answer=answer.value))
            else:
                existing.answer = answer.value
            case.sheet_position = position
            self._audit(session, actor, "sheet.answer", case.id, row_id)
            await session.flush()
            return _view(case)

    async def set_sheet_position(self, actor: Actor, case_id: int, position: int) -> CaseView:
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            case.sheet_position = position
            await session.flush()
            return _view(case)

    async def close_case(
        self,
        actor: Actor,
        case_id: int,
        status: Status,
        *,
        suggested: bool | None = None,
        verdict: bool | None = None,
        override_reason: str | None = None,
    ) -> CaseView:
        calendar = await self.calendar()
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            lifecycle.check_transition(Status(case.status), status)
            case.status = status.value
            case.suggested_verdict = suggested
            case.verdict = verdict
            case.override_reason = override_reason
            case.closed_at = clock.utc_now()
            if status in (Status.IDENTIFIED, Status.NOT_IDENTIFIED):
                case.identified_on = clock.today()
            detail = status.value + (" override" if override_reason else "")
            await self._reschedule(session, case, calendar)
            self._audit(session, actor, "case.close", case.id, detail)
            await session.flush()
            return _view(case)

    # --- accompanying children (Annex 1) -------------------------------------------------------

    async def set_child(self, actor: Actor, case_id: int, position: int, **values: Any) -> CaseView:
        """Write fields of the child at ``position`` (0-based); ``position == len(children)`` adds one."""
        unknown = set(values) - set(CHILD_FIELDS)
        if unknown:
            raise ValueError(f"not a child field: {', '.join(sorted(unknown))}")
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            if not case.consent:
                raise Forbidden("no personal data before consent")
            if position == len(case.children):
                case.children.append(Child(surname="", first_name=""))
                self._audit(session, actor, "child.add", case.id)
            elif not 0 <= position < len(case.children):
                raise ValueError(f"no child at position {position}")
            child = case.children[position]
            for name, value in values.items():
                setattr(child, name, value.isoformat() if isinstance(value, date) else value)
            self._audit(session, actor, "child.update", case.id, ",".join(sorted(values)))
            await session.flush()
            return _view(case)

    async def remove_last_child(self, actor: Actor, case_id: int) -> CaseView:
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            if case.children:
                case.children.pop()
                self._audit(session, actor, "child.remove", case.id)
            await session.flush()
            return _view(case)

    # --- the report (Annex 8) --------------------------------------------------------------------

    async def update_report(self, actor: Actor, case_id: int, **values: Any) -> CaseView:
        """Write report fields; ``narrative`` is the whole list of parts. Only the case's specialist,
        once the verdict is recorded."""
        unknown = set(values) - set(REPORT_FIELDS)
        if unknown:
            raise ValueError(f"not a report field: {', '.join(sorted(unknown))}")
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True, statuses=REPORTABLE)
            if case.report is None:
                case.report = Report()
            for name, value in values.items():
                if isinstance(value, datetime):
                    value = value.isoformat()
                elif name == "narrative":
                    value = list(value)
                setattr(case.report, name, value)
            self._audit(session, actor, "report.update", case.id, ",".join(sorted(values)))
            await session.flush()
            return _view(case)

    async def complete_report(self, actor: Actor, case_id: int) -> CaseView:
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True, statuses=REPORTABLE)
            report = case.report
            missing = [name for name in REPORT_FIELDS if not getattr(report, name, None)] if report else ["report"]
            if missing:
                raise ValueError(f"the report lacks: {', '.join(missing)}")
            report.completed_at = clock.utc_now()
            self._audit(session, actor, "report.complete", case.id)
            await session.flush()
            return _view(case)

    # --- documents and lists ----------------------------------------------------------------------

    async def case_for_document(self, actor: Actor, case_id: int, kind: str, locale: str) -> CaseView:
        """The case, read to render a document; the export is audited with the document's kind."""
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=False)
            self._audit(session, actor, "document.export", case.id, f"{kind} {locale}")
            return _view(case)

    async def recent_cases(self, actor: Actor, limit: int = 8) -> list[CaseSummary]:
        """Finished cases, newest first, numbers and statuses only: a specialist's own, a head's
        organization's."""
        if actor.role not in ("specialist", "head"):
            return []
        mine = (
            Case.specialist_id == actor.id
            if actor.role == "specialist"
            else Case.organization_id == actor.organization_id
        )
        async with self._sessions() as session:
            rows = (
                await session.execute(
                    select(Case.id, Case.number, Case.status, Case.updated_at)
                    .where(mine, Case.status != Status.DRAFT.value)
                    .order_by(Case.updated_at.desc())
                    .limit(limit)
                )
            ).all()
            return [CaseSummary(id, number, Status(status), updated) for id, number, status, updated in rows]

    # --- invitations, activation, login -------------------------------------------------------------

    async def create_invite(
        self, actor: Actor | None, role: str, *, org: str | None = None, district: str | None = None, hours: int = 72
    ) -> tuple[str, datetime]:
        """A single-use code for a role. ``actor`` None is the administrator's command line; a head
        invites specialists and heads of their own organization only."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        async with self._tx() as session:
            org_row = district_row = None
            if actor is not None and actor.role == "head":
                if role not in ("specialist", "head"):
                    raise Forbidden("a head invites specialists and heads of their organization")
                org_row = await session.get(Organization, actor.organization_id)
                district_row = await session.get(District, org_row.district_id)
            elif actor is None or actor.role == "admin":
                if district:
                    district_row = await self._district(session, district)
                if org:
                    org_row = await session.scalar(select(Organization).where(Organization.name == org))
                    if org_row is None:
                        if district_row is None:
                            raise ValueError("a new organization needs --district")
                        org_row = Organization(name=org, district_id=district_row.id)
                        session.add(org_row)
                        await session.flush()
                    district_row = district_row or await session.get(District, org_row.district_id)
            else:
                raise Forbidden("only administrators and heads invite")
            if role in ("specialist", "head") and org_row is None:
                raise ValueError(f"an invitation for a {role} needs an organization")
            if role in ("officer", "police") and district_row is None:
                raise ValueError(f"an invitation for {role} needs a district")
            code = secrets.token_urlsafe(16)
            expires = clock.utc_now() + timedelta(hours=hours)
            invite = Invite(
                code_hash=invite_hash(code),
                role=role,
                expires_at=expires,
                organization_id=org_row.id if org_row else None,
                district_id=district_row.id if district_row else None,
                created_by=actor.id if actor else None,
            )
            session.add(invite)
            await session.flush()
            self._audit(session, actor, "invite.create", detail=f"invite={invite.id} role={role}")
            return code, expires

    async def redeem_invite(self, code: str, telegram_id: int, locale: str | None = None) -> Actor:
        """Register the Telegram user with the invitation's role, once, before it expires."""
        async with self._tx() as session:
            invite = await session.scalar(select(Invite).where(Invite.code_hash == invite_hash(code)).with_for_update())
            now = clock.utc_now()
            if invite is None:
                raise InviteError("unknown")
            if invite.used_at is not None:
                self._audit(session, None, "invite.refused", detail=f"invite={invite.id} used")
                raise InviteError("used")
            if _aware(invite.expires_at) < now:
                self._audit(session, None, "invite.refused", detail=f"invite={invite.id} expired")
                raise InviteError("expired")
            user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
            if user is None:
                user = User(telegram_id=telegram_id, locale=locale)
                session.add(user)
            user.role = invite.role
            user.organization_id = invite.organization_id
            user.district_id = invite.district_id
            user.active = True
            await session.flush()
            invite.used_by, invite.used_at = user.id, now
            self._audit(session, _actor_row(user), "invite.redeem", detail=f"invite={invite.id} role={invite.role}")
            await session.refresh(user, ["organization"])
            return _actor(user)

    async def set_active(self, actor: Actor | None, telegram_id: int, active: bool) -> Actor:
        """Deactivate (or reactivate) a user; from the next update on they reach nothing. A head manages
        their organization's staff; ``actor`` None is the administrator's command line."""
        async with self._tx() as session:
            user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
            if user is None:
                raise NotFound(telegram_id)
            if actor is not None and not (
                actor.role == "admin"
                or (actor.role == "head" and user.organization_id == actor.organization_id and user.id != actor.id)
            ):
                raise Forbidden("not your staff")
            user.active = active
            self._audit(session, actor, "user.activate" if active else "user.deactivate", detail=f"user={user.id}")
            await session.flush()
            await session.refresh(user, ["organization"])
            return _actor(user)

    async def team(self, actor: Actor) -> list[Actor]:
        if actor.role != "head":
            raise Forbidden("only heads see their team")
        async with self._sessions() as session:
            users = (
                await session.scalars(
                    select(User).where(User.organization_id == actor.organization_id).order_by(User.id)
                )
            ).all()
            return [_actor(u) for u in users]

    async def log_login(self, actor: Actor) -> None:
        async with self._tx() as session:
            self._audit(session, actor, "user.login")

    # --- the audit trail ------------------------------------------------------------------------------

    async def _audit_lines(self, session: AsyncSession, query: Any) -> list[AuditLine]:
        rows = (await session.execute(query)).all()
        lines = []
        for entry, user, number in rows:
            who = f"{user.role} {user.full_name or user.telegram_id}" if user else "system"
            lines.append(AuditLine(entry.at, who, entry.action, number, entry.detail))
        return lines

    def _audit_query(self) -> Any:
        return (
            select(AuditEntry, User, Case.number)
            .outerjoin(User, User.id == AuditEntry.user_id)
            .outerjoin(Case, Case.id == AuditEntry.case_id)
        )

    async def audit_of_case(self, number: str) -> list[AuditLine]:
        """The whole trail of one case, for the administrator's command line."""
        async with self._sessions() as session:
            return await self._audit_lines(
                session, self._audit_query().where(Case.number == number).order_by(AuditEntry.id)
            )

    async def organization_audit(self, actor: Actor, *, limit: int = 15, offset: int = 0) -> list[AuditLine]:
        """The trail of the head's organization (its cases and its staff), newest first."""
        if actor.role != "head" or not actor.active:
            raise Forbidden("only heads see their organization's trail")
        async with self._tx() as session:
            staff = select(User.id).where(User.organization_id == actor.organization_id)
            query = (
                self._audit_query()
                .where(
                    (Case.organization_id == actor.organization_id)
                    | (AuditEntry.case_id.is_(None) & AuditEntry.user_id.in_(staff))
                )
                .order_by(AuditEntry.id.desc())
                .limit(limit)
                .offset(offset)
            )
            lines = await self._audit_lines(session, query)
            self._audit(session, actor, "audit.read")
            return lines

    # --- retention and erasure -----------------------------------------------------------------------

    async def purge_stale_drafts(self, days: int) -> list[str]:
        """Delete intakes left unfinished for ``days`` days, and practice intakes after a day; the audit keeps
        a stub with the number."""
        now = clock.utc_now()
        cutoff, practice_cutoff = now - timedelta(days=days), now - timedelta(days=1)
        async with self._tx() as session:
            # several processes run this hourly: each case is taken by one of them (PostgreSQL skips the rows
            # another process holds; SQLite has one writer anyway)
            cases = (
                await session.scalars(
                    select(Case)
                    .where(
                        ((Case.status == Status.DRAFT.value) & (Case.updated_at < cutoff))
                        | (Case.practice.is_(True) & (Case.created_at < practice_cutoff))
                    )
                    .with_for_update(of=Case, skip_locked=True)
                )
            ).all()
            numbers = []
            for case in cases:
                numbers.append(case.number)
                why = "practice>1d" if case.practice else f"unfinished>{days}d"
                self._audit(session, None, "case.purge", case.id, f"number={case.number} {why}")
                await session.flush()
                await session.delete(case)
            return numbers

    async def erase_case(self, number: str, request: str) -> None:
        """Erase a case on a documented request (administrator's command line): everything about it
        goes; the audit keeps who did what and when, and this stub with the request's reference."""
        async with self._tx() as session:
            case = await session.scalar(select(Case).where(Case.number == number))
            if case is None:
                raise NotFound(number)
            self._audit(session, None, "case.erase", case.id, f"number={number} request={request}")
            await session.flush()
            await session.delete(case)

    # --- sharing with law enforcement agencies (Annex 8 note) -------------------------------------------------

    async def police_of_case(self, actor: Actor, case_id: int) -> list[Actor]:
        async with self._sessions() as session:
            case = await self._load(session, actor, case_id, write=False)
            users = (
                await session.scalars(
                    select(User).where(
                        User.role == "police", User.district_id == case.district_id, User.active.is_(True)
                    )
                )
            ).all()
            return [_actor(u) for u in users]

    async def share_with_police(
        self,
        actor: Actor,
        case_id: int,
        police_user_id: int,
        *,
        request_number: str | None,
        request_date: date | None,
        consent_date: date | None,
    ) -> None:
        """Share the case's report with a police user. Refused, and audited as refused, unless both the
        written request and the person's written consent are recorded."""
        reason = (
            "no written request"
            if not (request_number and request_date)
            else "no written consent of the person"
            if not consent_date
            else None
        )
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=False)
            if actor.role not in ("specialist", "head"):
                raise Forbidden("only the organization shares its reports")
            police = await session.get(User, police_user_id)
            if police is None or police.role != "police" or police.district_id != case.district_id:
                raise NotFound(police_user_id)
            if reason:
                self._audit(session, actor, "share.refused", case.id, f"police={police.id} {reason}")
            else:
                session.add(
                    Share(
                        case_id=case.id,
                        police_user_id=police.id,
                        shared_by=actor.id,
                        request={"number": request_number, "date": request_date.isoformat()},
                        consent_date=consent_date.isoformat(),
                    )
                )
                self._audit(session, actor, "share.grant", case.id, f"police={police.id}")
        if reason:
            raise ShareRefused(reason)

    async def shared_with(self, actor: Actor) -> list[CaseSummary]:
        if actor.role != "police":
            return []
        async with self._sessions() as session:
            rows = (
                await session.execute(
                    select(Case.id, Case.number, Case.status, Case.updated_at)
                    .join(Share, Share.case_id == Case.id)
                    .where(Share.police_user_id == actor.id)
                    .order_by(Share.shared_at.desc())
                )
            ).all()
            return [CaseSummary(id, number, Status(status), updated) for id, number, status, updated in rows]

    # --- the working calendar ----------------------------------------------------------------------

    async def calendar(self) -> WorkingCalendar:
        """The holidays package plus the administrator's corrections (reloaded at most once a minute)."""
        now = time.monotonic()
        if self._calendar and now - self._calendar[0] < self.CALENDAR_TTL:
            return self._calendar[1]
        async with self._sessions() as session:
            days = (await session.execute(select(CalendarDay.day, CalendarDay.kind))).all()
        calendar = WorkingCalendar(
            extra_days_off={d for d, k in days if k == "off"}, extra_working_days={d for d, k in days if k == "working"}
        )
        self._calendar = (now, calendar)
        return calendar

    async def set_calendar_day(self, day: date, kind: str) -> None:
        if kind not in ("off", "working"):
            raise ValueError("kind is off or working")
        async with self._tx() as session:
            row = await session.get(CalendarDay, day)
            if row is None:
                session.add(CalendarDay(day=day, kind=kind))
            else:
                row.kind = kind
            self._audit(session, None, "calendar.set", detail=f"{day.isoformat()} {kind}")
        self._calendar = None
        await self.reschedule_all()  # every running deadline is counted on the corrected calendar

    async def calendar_days(self) -> list[tuple[date, str]]:
        async with self._sessions() as session:
            return [
                (d, k)
                for d, k in (
                    await session.execute(select(CalendarDay.day, CalendarDay.kind).order_by(CalendarDay.day))
                ).all()
            ]

    async def _reschedule(self, session: AsyncSession, case: Case, calendar: WorkingCalendar) -> None:
        """Keep the case's schedule (next due date, next reminder not yet sent) in step with its status."""
        sent = (
            set()
            if case.status not in RUNNING
            else {
                (rule, kind, due)
                for rule, kind, due in (
                    await session.execute(
                        select(ReminderSent.rule_id, ReminderSent.kind, ReminderSent.due_on).where(
                            ReminderSent.case_id == case.id, ReminderSent.sent_at.is_not(None)
                        )
                    )
                ).all()
            }
        )
        plan = lifecycle.schedule(
            Status(case.status),
            identified_on=case.identified_on,
            forwarded_on=case.forwarded_on,
            decided_on=case.decided_on,
            agreement_signed_on=case.agreement_signed_on,
            agreement_ends_on=case.agreement_ends_on,
            practice=case.practice,
            calendar=calendar,
            sent=sent,
        )
        case.next_due_on = plan.due_on
        # in UTC, like every timestamp of the store (SQLite keeps the wall time only)
        case.next_reminder_at = plan.next_reminder_at.astimezone(UTC) if plan.next_reminder_at else None

    async def reschedule_all(self, batch: int = 500) -> int:
        """Schedule every case with a running deadline again (after a change of the working calendar), in
        batches by id. Returns how many cases were looked at."""
        calendar = await self.calendar()
        done, last = 0, 0
        while True:
            async with self._tx() as session:
                cases = (
                    await session.scalars(
                        select(Case)
                        .options(*SCHEDULE_GRAPH)
                        .where(Case.id > last, Case.status.in_([s.value for s in RUNNING]))
                        .order_by(Case.id)
                        .limit(batch)
                    )
                ).all()
                for case in cases:
                    await self._reschedule(session, case, calendar)
            if not cases:
                return done
            done += len(cases)
            last = cases[-1].id

    async def deadline_of(self, case: CaseView) -> Deadline | None:
        return next_deadline(
            case.status,
            identified_on=case.identified_on,
            forwarded_on=case.forwarded_on,
            decided_on=case.decided_on,
            agreement_signed_on=case.agreement_signed_on,
            agreement_ends_on=case.agreement_ends_on,
            calendar=await self.calendar(),
        )

    # --- forwarding and the permit (paras 14-16) --------------------------------------------------------

    async def forward(self, actor: Actor, case_id: int) -> tuple[CaseView, list[Actor]]:
        """Forward an identified case to the authorized body of its district (para 14). Idempotent: a
        second tap, a retried update or another device finds it forwarded and notifies no one again.
        Returns the case and the officers to notify (empty when it was already forwarded)."""
        calendar = await self.calendar()
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=False)
            if actor.role not in ("specialist", "head"):
                raise Forbidden("the organization forwards its cases")
            if case.practice:
                raise Forbidden("a practice intake is never forwarded")
            changed = (
                await session.execute(
                    update(Case)
                    .where(Case.id == case.id, Case.status == Status.IDENTIFIED.value)
                    .values(status=Status.FORWARDED.value, forwarded_on=clock.today(), updated_at=clock.utc_now())
                )
            ).rowcount
            if not changed and case.status != Status.FORWARDED.value:
                raise Forbidden(f"a case in status {case.status} is not forwarded")
            officers: list[Actor] = []
            await session.refresh(case)
            if changed:
                await self._reschedule(session, case, calendar)
                self._audit(session, actor, "case.forward", case.id)
                officers = [
                    _actor(u)
                    for u in (
                        await session.scalars(
                            select(User).where(
                                User.role == "officer", User.district_id == case.district_id, User.active.is_(True)
                            )
                        )
                    ).all()
                ]
            await session.flush()
            return _view(case), officers

    async def decide_permit(self, actor: Actor, case_id: int, issue: bool, reason: str | None = None) -> CaseView:
        """An officer issues or refuses the permit (para 15). The first decision stands; a second officer
        gets :class:`AlreadyDecided` naming who decided."""
        if not issue and not reason:
            raise ValueError("a refusal needs its reason")
        calendar = await self.calendar()
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=False)
            if actor.role != "officer":
                raise Forbidden("only the authorized body decides on the permit")
            status = Status.PERMIT_ISSUED if issue else Status.PERMIT_REFUSED
            changed = (
                await session.execute(
                    update(Case)
                    .where(Case.id == case.id, Case.status == Status.FORWARDED.value)
                    .values(
                        status=status.value,
                        decided_on=clock.today(),
                        decided_by=actor.id,
                        decision_reason=reason,
                        updated_at=clock.utc_now(),
                    )
                )
            ).rowcount
            if not changed:
                await session.refresh(case)
                decider = await session.get(User, case.decided_by) if case.decided_by else None
                raise AlreadyDecided(decider.full_name or str(decider.telegram_id) if decider else "?", case.decided_on)
            self._audit(session, actor, "permit.issue" if issue else "permit.refuse", case.id)
            await session.refresh(case)
            await self._reschedule(session, case, calendar)
            await session.flush()
            return _view(case)

    async def record_agreement(self, actor: Actor, case_id: int, signed_on: date) -> CaseView:
        """The resocialization agreement signed (para 15); it runs six months (para 16)."""
        calendar = await self.calendar()
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True, statuses=(Status.PERMIT_ISSUED.value,))
            if signed_on > clock.today() or (case.decided_on and signed_on < case.decided_on):
                raise ValueError("the signing date is before the permit or in the future")
            case.status = Status.AGREEMENT_SIGNED.value
            case.agreement_signed_on = signed_on
            case.agreement_ends_on = add_months(signed_on, 6)
            await self._reschedule(session, case, calendar)
            self._audit(session, actor, "agreement.sign", case.id)
            await session.flush()
            return _view(case)

    async def extend_agreement(self, actor: Actor, case_id: int, ground: str, months: int) -> CaseView:
        """Extend once, by at most three months, on one of the two grounds of para 16."""
        if ground not in {g.id for g in EXTENSION_GROUNDS} or not 1 <= months <= 3:
            raise ValueError("an extension has a ground of para 16 and lasts one to three months")
        calendar = await self.calendar()
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True, statuses=(Status.AGREEMENT_SIGNED.value,))
            if case.extension_ground:
                raise Forbidden("the agreement was already extended once")
            case.extension_ground = ground
            case.agreement_ends_on = add_months(case.agreement_ends_on, months)
            await self._reschedule(session, case, calendar)
            self._audit(session, actor, "agreement.extend", case.id, f"{ground} {months}m")
            await session.flush()
            return _view(case)

    async def waiting_for_decision(self, actor: Actor) -> list[StatusLine]:
        """Every case waiting for the officer's decision (tests; the bot pages with ``status_page(waiting=True)``)."""
        lines, after = [], None
        while True:
            page = await self.status_page(actor, after=after, limit=100, waiting=True)
            lines.extend(page.lines)
            if page.next is None:
                return lines
            after = page.next

    # --- status views ---------------------------------------------------------------------------------

    def _status_scope(self, actor: Actor) -> Any:
        if actor.role in ("specialist", "head"):
            return Case.organization_id == actor.organization_id
        if actor.role == "officer":
            return Case.district_id == actor.district_id
        return None

    def _line(self, case: Case, calendar: WorkingCalendar) -> StatusLine:
        person = case.person
        return StatusLine(
            id=case.id,
            number=case.number,
            status=Status(case.status),
            initials=initials(person.surname or "", person.first_name or "", person.patronymic) if person else "",
            organization=case.organization.name,
            deadline=next_deadline(
                Status(case.status),
                identified_on=case.identified_on,
                forwarded_on=case.forwarded_on,
                decided_on=case.decided_on,
                agreement_signed_on=case.agreement_signed_on,
                agreement_ends_on=case.agreement_ends_on,
                calendar=calendar,
            ),
        )

    def _listed(self, actor: Actor, waiting: bool = False) -> Any:
        """The conditions of the actor's list (None: the actor sees no list)."""
        scope = self._status_scope(actor)
        if scope is None or not actor.active or (waiting and actor.role != "officer"):
            return None
        conditions = [scope, Case.status != Status.DRAFT.value, Case.practice.is_(False)]
        if waiting:
            conditions.append(Case.status == Status.FORWARDED.value)
        elif actor.role == "officer":  # the authorized body sees what was forwarded to it
            conditions.append(Case.forwarded_on.is_not(None))
        return and_(*conditions)

    async def status_page(
        self, actor: Actor, *, after: tuple[date, str] | None = None, limit: int = 8, waiting: bool = False
    ) -> StatusPage:
        """One page of the actor's cases (``waiting``: an officer's cases awaiting the permit decision), overdue
        first, then by due date and number, after the keyset ``after``; paged in SQL on the index of the list, so a
        page costs the same in a district of a hundred cases and of ten thousand."""
        where = self._listed(actor, waiting)
        if where is None:
            return StatusPage((), 0, 0, None)
        calendar = await self.calendar()
        today = clock.today()
        async with self._sessions() as session:
            query = select(Case).options(*STATUS_GRAPH).where(where)
            if after is not None:
                query = query.where(tuple_(Case.next_due_on, Case.number) > tuple_(after[0], after[1]))
            cases = (await session.scalars(query.order_by(Case.next_due_on, Case.number).limit(limit + 1))).all()
            total, overdue = (
                await session.execute(
                    select(func.count(), func.count().filter(Case.next_due_on < today)).select_from(Case).where(where)
                )
            ).one()
        shown = cases[:limit]
        more = (shown[-1].next_due_on, shown[-1].number) if len(cases) > limit else None
        return StatusPage(tuple(self._line(case, calendar) for case in shown), total, overdue, more)

    async def status_lines(self, actor: Actor, number: str | None = None) -> list[StatusLine]:
        """The one case ``number`` if the actor may see it (a status lookup, audited); without a number every case
        of the actor's list, in its order (the command line and tests; the bot pages with :meth:`status_page`)."""
        where = self._listed(actor)
        if where is None:
            return []
        calendar = await self.calendar()
        async with self._tx() as session:
            query = select(Case).options(*STATUS_GRAPH).where(where)
            if number is not None:
                query = query.where(Case.number == number)
            cases = (await session.scalars(query.order_by(Case.next_due_on, Case.number))).all()
            lines = [self._line(case, calendar) for case in cases]
            if number is not None:
                for line in lines:
                    self._audit(session, actor, "case.status", line.id)
            return lines

    # --- reminders ------------------------------------------------------------------------------------

    REMINDER_PASS = 1000  # cases read by one pass at most; the next pass, a minute later, takes the rest

    async def reminders_due(self, now: datetime) -> list[tuple[StatusLine, str, list[Actor]]]:
        """Reminders whose time has come and that were not sent yet: (case, kind, recipients). Only the cases
        whose next reminder is due are read (``next_reminder_at``, indexed), so a pass costs the same at a thousand
        cases and at a million; a restart loses none, since the schedule is in the store."""
        calendar = await self.calendar()
        moment = now.astimezone(UTC)
        async with self._sessions() as session:
            cases = (
                await session.scalars(
                    select(Case)
                    .options(*REMINDER_GRAPH)
                    .where(
                        Case.next_reminder_at <= moment,
                        Case.practice.is_(False),
                        Case.status.in_([s.value for s in RUNNING]),
                    )
                    .order_by(Case.next_reminder_at)
                    .limit(self.REMINDER_PASS)
                )
            ).all()
            if not cases:
                return []
            stale = clock.utc_now() - self.CLAIM_TIMEOUT
            taken = {
                (r.case_id, r.rule_id, r.kind, r.due_on)
                for r in (
                    await session.scalars(select(ReminderSent).where(ReminderSent.case_id.in_([c.id for c in cases])))
                ).all()
                if r.sent_at is not None or _aware(r.claimed_at) >= stale
            }
            specialists = {
                u.id: _actor(u)
                for u in (
                    await session.scalars(
                        select(User).where(User.id.in_({c.specialist_id for c in cases}), User.active.is_(True))
                    )
                ).all()
            }
            districts = {c.district_id for c in cases if RESPONSIBLE[Status(c.status)] == "officer"}
            officers: dict[int, list[Actor]] = {}
            for user in (
                await session.scalars(
                    select(User).where(User.role == "officer", User.district_id.in_(districts), User.active.is_(True))
                )
            ).all():
                officers.setdefault(user.district_id, []).append(_actor(user))
            result = []
            for case in cases:
                status = Status(case.status)
                dl = next_deadline(
                    status,
                    identified_on=case.identified_on,
                    forwarded_on=case.forwarded_on,
                    decided_on=case.decided_on,
                    agreement_signed_on=case.agreement_signed_on,
                    agreement_ends_on=case.agreement_ends_on,
                    calendar=calendar,
                )
                if dl is None:
                    continue
                for reminder in reminder_times(dl, calendar):
                    if reminder.at > now or (case.id, dl.rule.id, reminder.kind, dl.due) in taken:
                        continue
                    recipients = (
                        officers.get(case.district_id, [])
                        if RESPONSIBLE[status] == "officer"
                        else [specialists[case.specialist_id]]
                        if case.specialist_id in specialists
                        else []
                    )
                    line = StatusLine(case.id, case.number, "", status, case.organization.name, dl)
                    result.append((line, reminder.kind, recipients))
            return result

    CLAIM_TIMEOUT = timedelta(minutes=10)  # a claim not marked sent by then is taken over

    async def mark_reminder(self, case_id: int, rule_id: str, kind: str, due_on: date) -> bool:
        """Claim a reminder before sending it: False if another process (or an earlier run) has it. A claim
        that was never marked sent within ``CLAIM_TIMEOUT`` (its process died) is taken over."""
        now = clock.utc_now()
        key = (
            ReminderSent.case_id == case_id,
            ReminderSent.rule_id == rule_id,
            ReminderSent.kind == kind,
            ReminderSent.due_on == due_on,
        )
        try:
            async with self._tx() as session:
                session.add(ReminderSent(case_id=case_id, rule_id=rule_id, kind=kind, due_on=due_on, claimed_at=now))
            return True
        except IntegrityError:
            async with self._tx() as session:
                taken = (
                    await session.execute(
                        update(ReminderSent)
                        .where(*key, ReminderSent.sent_at.is_(None), ReminderSent.claimed_at < now - self.CLAIM_TIMEOUT)
                        .values(claimed_at=now)
                    )
                ).rowcount
            return bool(taken)

    async def confirm_reminder(self, case_id: int, rule_id: str, kind: str, due_on: date) -> None:
        """The reminder went out: recorded, and the case's next reminder is the following one."""
        calendar = await self.calendar()
        async with self._tx() as session:
            await session.execute(
                update(ReminderSent)
                .where(
                    ReminderSent.case_id == case_id,
                    ReminderSent.rule_id == rule_id,
                    ReminderSent.kind == kind,
                    ReminderSent.due_on == due_on,
                )
                .values(sent_at=clock.utc_now())
            )
            case = await session.get(Case, case_id, options=SCHEDULE_GRAPH)
            if case is not None:
                await self._reschedule(session, case, calendar)

    async def release_reminder(self, case_id: int, rule_id: str, kind: str, due_on: date) -> None:
        """Give a claimed reminder back when it could not be sent, so the next pass tries again."""
        async with self._tx() as session:
            await session.execute(
                delete(ReminderSent).where(
                    ReminderSent.case_id == case_id,
                    ReminderSent.rule_id == rule_id,
                    ReminderSent.kind == kind,
                    ReminderSent.due_on == due_on,
                )
            )

    async def audit_trail(self, case_id: int) -> list[AuditEntry]:
        async with self._sessions() as session:
            return list(
                (
                    await session.scalars(
                        select(AuditEntry).where(AuditEntry.case_id == case_id).order_by(AuditEntry.id)
                    )
                ).all()
            )
