"""What every part of the store shares: the engine and sessions, the one access rule, the audit rows, the
working calendar and the schedule of a case."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, date
from typing import TypeVar

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import joinedload, raiseload

from ..standard import lifecycle
from ..standard.deadlines import (
    Deadline,
    WorkingCalendar,
)
from ..standard.lifecycle import RESPONSIBLE, Dates, Status, next_deadline, open_deadlines
from ..standard.roles import Role
from ..standard.sheet import CURRENT_EDITION, Edition
from .facts import refresh_facts
from .models import (
    AuditEntry,
    CalendarDay,
    Case,
    ReminderSent,
    Share,
)
from .unit import Unit, reading, run_in_unit, writing
from .unit import current as current_unit
from .views import (
    Actor,
    CaseView,
    Forbidden,
    NotFound,
)

ROLES = tuple(role.value for role in Role)
# One case with what its view shows, in one SELECT: the one-to-one parts, the (few) children and the 28 answers
# joined (a few dozen rows at most).
CASE_GRAPH = (
    joinedload(Case.person),
    joinedload(Case.report),
    joinedload(Case.children),
    joinedload(Case.answers),
    joinedload(Case.recipients),
)
# A status line needs the case's own columns, the person's name and the organization's: nothing else is loaded.
STATUS_GRAPH = (
    joinedload(Case.person),
    raiseload(Case.children),
    raiseload(Case.recipients),
    raiseload(Case.answers),
    raiseload(Case.report),
    raiseload(Case.specialist),
    raiseload(Case.decider),
)
PERSON_FIELDS = ("surname", "first_name", "patronymic", "birth_date", "sex", "citizenship", "has_documents")
REPORT_FIELDS = ("held_at", "venue", "circumstances", "narrative", "authorized_person")
CHILD_FIELDS = ("surname", "first_name", "patronymic", "birth_date", "relation")
# Loading a case only to schedule it: its own columns, nothing related.
SCHEDULE_GRAPH = (
    raiseload(Case.person),
    raiseload(Case.children),
    raiseload(Case.recipients),
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
REPORTABLE = tuple(s.value for s in lifecycle.REPORTABLE)


T = TypeVar("T")


def case_dates(case: Case | CaseView) -> Dates:
    """The dates a case's deadlines run from, read alike from a stored case and from its view."""
    return Dates(
        identified_on=case.identified_on,
        forwarded_on=case.forwarded_on,
        decided_on=case.decided_on,
        agreement_signed_on=case.agreement_signed_on,
        agreement_ends_on=case.agreement_ends_on,
        portal_from=case.portal_from,
        police_from=case.police_from,
        resocialization_due=case.resoc_due,
        resocialization_rule=case.resoc_rule,
    )


def deadline_of_case(case: Case, calendar: WorkingCalendar) -> Deadline | None:
    """What is due next for a stored case, and by when (``lifecycle.next_deadline`` on its row)."""
    return next_deadline(Status(case.status), case_dates(case), calendar)


def deadlines_of_case(case: Case, calendar: WorkingCalendar) -> tuple[Deadline, ...]:
    """Every deadline running for a stored case, earliest first (``lifecycle.open_deadlines`` on its row)."""
    return open_deadlines(Status(case.status), case_dates(case), calendar)


class StoreBase:
    CALENDAR_TTL = 60.0  # seconds a loaded working calendar is reused

    def __init__(self, engine: AsyncEngine, *, verdict_rule: str = "kz-law", edition: Edition = CURRENT_EDITION):
        self._calendar: tuple[float, WorkingCalendar] | None = None
        self.engine = engine
        self.verdict_rule = verdict_rule
        self.edition = edition
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._unit_sessions = async_sessionmaker(engine, expire_on_commit=False)  # one per update (unit.py)

    async def close(self) -> None:
        await self.engine.dispose()

    async def ping(self) -> None:
        """Raises when the database does not answer (the webhook's health endpoint)."""
        async with self.engine.connect() as connection:
            await connection.execute(select(1))

    def _tx(self) -> AbstractAsyncContextManager[AsyncSession]:
        """A transaction: the update's unit of work when there is one, else one of its own (``unit.writing``)."""
        return writing(self._sessions)

    def _read(self) -> AbstractAsyncContextManager[AsyncSession]:
        """A session for reading: the update's unit of work when there is one (``unit.reading``)."""
        return reading(self._sessions)

    async def in_unit(self, work: Callable[[Unit], Awaitable[T]]) -> T:
        """Run ``work`` (the handling of one update) as one unit of work: one session, one commit."""
        async with self._unit_sessions() as session:
            return await run_in_unit(session, work)

    @staticmethod
    def _audit(
        session: AsyncSession, actor: Actor | None, action: str, case_id: int | None = None, detail: str | None = None
    ) -> None:
        """One audit row; in a unit of work, at most one per update and case (unit.Unit.audit)."""
        entry = AuditEntry(user_id=actor.id if actor else None, action=action, case_id=case_id, detail=detail)
        unit = current_unit()
        if unit is not None and unit.session is session:
            unit.audit(entry)
        else:
            session.add(entry)

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
        unit = current_unit()
        if unit is not None and case is not None:
            unit.rows.append(case)  # read once per update
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
        if Role(actor.role).is_staff:
            return case.organization_id == actor.organization_id
        if actor.role == Role.OFFICER:
            return case.district_id == actor.district_id
        if actor.role == Role.POLICE:
            return bool(
                await session.scalar(select(exists().where(Share.case_id == case.id, Share.police_user_id == actor.id)))
            )
        return False

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

    async def _reschedule(
        self, session: AsyncSession, case: Case, calendar: WorkingCalendar, *, counted: bool = True
    ) -> None:
        """Keep the case's schedule (next due date, next reminder not yet sent) and its counted facts in step with its
        status. ``counted=False``: nothing the statistics count changed (a reminder went out)."""
        sent: set[tuple[str, str, date]] = set()
        if case.status in RUNNING:
            query = select(ReminderSent.rule_id, ReminderSent.kind, ReminderSent.due_on).where(
                ReminderSent.case_id == case.id, ReminderSent.sent_at.is_not(None)
            )
            with session.no_autoflush:  # the case's change and its schedule go out in one UPDATE
                sent = {(rule, kind, due) for rule, kind, due in (await session.execute(query)).all()}
        plan = lifecycle.schedule(
            Status(case.status), case_dates(case), practice=case.practice, calendar=calendar, sent=sent
        )
        case.next_due_on = plan.due_on
        # in UTC, like every timestamp of the store (SQLite keeps the wall time only)
        case.next_reminder_at = plan.next_reminder_at.astimezone(UTC) if plan.next_reminder_at else None
        if counted:
            await refresh_facts(session, case, calendar)  # the statistics' plain facts change with the case

    async def deadline_of(self, case: CaseView) -> Deadline | None:
        return next_deadline(case.status, case_dates(case), await self.calendar())

    async def deadlines_of(self, case: CaseView) -> tuple[Deadline, ...]:
        return open_deadlines(case.status, case_dates(case), await self.calendar())
