"""The store's functions. Each takes the acting user, checks scope, and writes the audit
trail in the same transaction as the read or change. Dialogs call these; nothing else runs SQL."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from ..standard import lifecycle
from ..standard.lifecycle import Basis, Status
from ..standard.person import age_on
from ..standard.sheet import CURRENT_EDITION, EDITIONS, Answer, Edition
from .models import (
    AuditEntry,
    Case,
    Child,
    Counter,
    District,
    Organization,
    Person,
    Report,
    SheetAnswer,
    User,
)

ROLES = ("admin", "head", "specialist", "officer", "police")
PERSON_FIELDS = ("surname", "first_name", "patronymic", "birth_date", "sex", "citizenship", "has_documents")
CASE_FIELDS = ("basis", "investigation", "checklist", "interview_language", "interpreter", "contraindications",
               "children_done")
REPORT_FIELDS = ("held_at", "venue", "circumstances", "narrative", "authorized_person")
CHILD_FIELDS = ("surname", "first_name", "patronymic", "birth_date", "relation")
# After the verdict the specialist writes the report (para 14-1) on the case they ran.
REPORTABLE = (Status.IDENTIFIED.value, Status.NOT_IDENTIFIED.value)


class NotFound(LookupError):
    """No such case for this user: absent and out of scope look the same."""


class Forbidden(PermissionError):
    pass


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
    specialist_name: str = ""

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
        id=user.id, telegram_id=user.telegram_id, role=user.role, organization_id=user.organization_id,
        district_id=user.district_id, locale=user.locale, active=user.active, full_name=user.full_name,
        organization_name=user.organization.name if user.organization else None,
    )


def _view(case: Case) -> CaseView:
    person = case.person
    return CaseView(
        id=case.id, number=case.number, status=Status(case.status), organization_id=case.organization_id,
        specialist_id=case.specialist_id, edition=EDITIONS[case.edition], verdict_rule=case.verdict_rule,
        created_at=case.created_at, updated_at=case.updated_at,
        basis=Basis(case.basis) if case.basis else None, investigation=case.investigation,
        checklist=case.checklist, interview_language=case.interview_language, interpreter=case.interpreter,
        consent=case.consent, contraindications=case.contraindications,
        person=PersonView(
            surname=person.surname, first_name=person.first_name, patronymic=person.patronymic,
            birth_date=date.fromisoformat(person.birth_date) if person.birth_date else None,
            sex=person.sex, citizenship=person.citizenship, has_documents=person.has_documents,
        ) if person else PersonView(),
        answers={a.row_id: Answer(a.answer) for a in case.answers},
        sheet_position=case.sheet_position, suggested_verdict=case.suggested_verdict,
        verdict=case.verdict, override_reason=case.override_reason, consent_at=case.consent_at,
        children=tuple(ChildView(c.surname, c.first_name, c.patronymic or "",
                                 date.fromisoformat(c.birth_date) if c.birth_date else None, c.relation or "")
                       for c in case.children),
        children_done=bool(case.children_done),
        report=_report_view(case.report) if case.report else None,
        organization_name=case.organization.name, specialist_name=case.specialist.full_name or "",
    )


def _report_view(report: Report) -> ReportView:
    return ReportView(
        held_at=datetime.fromisoformat(report.held_at) if report.held_at else None, venue=report.venue,
        circumstances=report.circumstances, narrative=tuple(report.narrative or ()),
        authorized_person=report.authorized_person, completed=report.completed_at is not None,
    )


class Store:
    def __init__(self, engine: AsyncEngine, *, verdict_rule: str = "kz-law",
                 edition: Edition = CURRENT_EDITION):
        self.engine = engine
        self.verdict_rule = verdict_rule
        self.edition = edition
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)

    async def close(self) -> None:
        await self.engine.dispose()

    @asynccontextmanager
    async def _tx(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions.begin() as session:
            yield session

    @staticmethod
    def _audit(session: AsyncSession, actor: Actor | None, action: str, case_id: int | None = None,
               detail: str | None = None) -> None:
        session.add(AuditEntry(user_id=actor.id if actor else None, action=action, case_id=case_id,
                               detail=detail))

    # --- directory -------------------------------------------------------------------------

    async def _district(self, session: AsyncSession, name: str) -> District:
        district = await session.scalar(select(District).where(District.name == name))
        if district is None:
            district = District(name=name)
            session.add(district)
            await session.flush()
        return district

    async def add_user(self, telegram_id: int, role: str, *, org: str | None = None,
                       district: str | None = None, full_name: str | None = None,
                       locale: str | None = None) -> Actor:
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

    async def _next_number(self, session: AsyncSession, year: int) -> str:
        name = f"case-{year}"
        if await session.get(Counter, name) is None:
            try:
                async with session.begin_nested():
                    session.add(Counter(name=name, value=0))
            except IntegrityError:
                pass
        value = await session.scalar(
            update(Counter).where(Counter.name == name).values(value=Counter.value + 1)
            .returning(Counter.value))
        return f"{year}-{value:04d}"

    async def create_case(self, actor: Actor, basis: Basis) -> CaseView:
        if actor.role != "specialist" or actor.organization_id is None:
            raise Forbidden("only a specialist of an organization starts an intake")
        async with self._tx() as session:
            org = await session.get(Organization, actor.organization_id)
            now = datetime.now(timezone.utc)
            case = Case(
                number=await self._next_number(session, now.year), organization_id=org.id,
                district_id=org.district_id, specialist_id=actor.id, status=Status.DRAFT.value,
                edition=self.edition.id, verdict_rule=self.verdict_rule, basis=basis.value,
            )
            session.add(case)
            await session.flush()
            self._audit(session, actor, "case.create", case.id, f"basis={basis.value}")
            await session.refresh(case, ["person", "answers", "children", "report", "organization", "specialist"])
            return _view(case)

    async def _load(self, session: AsyncSession, actor: Actor, case_id: int, *, write: bool,
                    statuses: tuple[str, ...] = (Status.DRAFT.value,)) -> Case:
        case = await session.get(Case, case_id)
        if case is None or not self._may_see(actor, case):
            raise NotFound(case_id)
        if write and (case.specialist_id != actor.id or case.status not in statuses):
            raise Forbidden("only the specialist who runs the case changes it, and only at this stage")
        return case

    @staticmethod
    def _may_see(actor: Actor, case: Case) -> bool:
        if not actor.active:
            return False
        if actor.role in ("specialist", "head"):
            return case.organization_id == actor.organization_id
        if actor.role == "officer":
            return case.district_id == actor.district_id
        return False

    async def case(self, actor: Actor, case_id: int) -> CaseView:
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=False)
            self._audit(session, actor, "case.read", case.id)
            return _view(case)

    async def drafts(self, actor: Actor) -> list[DraftSummary]:
        """The actor's unfinished intakes: numbers and times only, nothing personal."""
        async with self._sessions() as session:
            rows = (await session.execute(
                select(Case.id, Case.number, Case.updated_at)
                .where(Case.specialist_id == actor.id, Case.status == Status.DRAFT.value)
                .order_by(Case.updated_at.desc()))).all()
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
            case.consent_at = datetime.now(timezone.utc)
            if not given:
                lifecycle.check_transition(Status(case.status), Status.CONSENT_REFUSED)
                for name in ("investigation", "checklist", "interpreter", "interview_language",
                             "contraindications"):
                    setattr(case, name, None)
                case.person = None
                case.status = Status.CONSENT_REFUSED.value
                case.closed_at = case.consent_at
            self._audit(session, actor, "case.consent", case.id, "given" if given else "refused")
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

    async def answer_row(self, actor: Actor, case_id: int, row_id: str, answer: Answer,
                         position: int) -> CaseView:
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

    async def close_case(self, actor: Actor, case_id: int, status: Status, *,
                         suggested: bool | None = None, verdict: bool | None = None,
                         override_reason: str | None = None) -> CaseView:
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            lifecycle.check_transition(Status(case.status), status)
            case.status = status.value
            case.suggested_verdict = suggested
            case.verdict = verdict
            case.override_reason = override_reason
            case.closed_at = datetime.now(timezone.utc)
            detail = status.value + (" override" if override_reason else "")
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
            report.completed_at = datetime.now(timezone.utc)
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
        """The specialist's own finished cases, newest first: numbers and statuses only."""
        async with self._sessions() as session:
            rows = (await session.execute(
                select(Case.id, Case.number, Case.status, Case.updated_at)
                .where(Case.specialist_id == actor.id, Case.status != Status.DRAFT.value)
                .order_by(Case.updated_at.desc()).limit(limit))).all()
            return [CaseSummary(id, number, Status(status), updated) for id, number, status, updated in rows]

    async def audit_trail(self, case_id: int) -> list[AuditEntry]:
        async with self._sessions() as session:
            return list((await session.scalars(
                select(AuditEntry).where(AuditEntry.case_id == case_id).order_by(AuditEntry.id))).all())
