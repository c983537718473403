"""What people look at: a case opened, the status lists (paged in SQL), recent and shared cases, the
audit trail."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from ..standard import clock
from ..standard.deadlines import (
    WorkingCalendar,
)
from ..standard.lifecycle import Status
from ..standard.person import initials
from ..standard.roles import Role
from .base import (
    STATUS_GRAPH,
    StoreBase,
    deadline_of_case,
)
from .models import (
    AuditEntry,
    Case,
    Share,
    User,
)
from .views import (
    Actor,
    AuditLine,
    CaseSummary,
    CaseView,
    Forbidden,
    StatusLine,
    StatusPage,
    _view,
)


class Oversight(StoreBase):
    async def open_case(self, actor: Actor, case_id: int) -> CaseView:
        """A person opens a case to look at it (a case card, its documents, an officer's decision screen): the read
        is audited, once per update (the bot drawing the screen again within the update adds nothing)."""
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=False)
            self._audit(session, actor, "case.read", case.id)
            return _view(case)

    async def case(self, actor: Actor, case_id: int) -> CaseView:
        """The case, in scope, to act on or to draw the screen of the intake or report its own specialist is
        writing: not a read of anyone's data, so no audit row. A person looking at a case: :meth:`open_case`."""
        async with self._read() as session:
            return _view(await self._load(session, actor, case_id, write=False))

    async def recent_cases(self, actor: Actor, limit: int = 8) -> list[CaseSummary]:
        """Finished cases, newest first, numbers and statuses only: a specialist's own, a head's
        organization's."""
        if not Role(actor.role).is_staff:
            return []
        mine = (
            Case.specialist_id == actor.id
            if actor.role == Role.SPECIALIST
            else Case.organization_id == actor.organization_id
        )
        async with self._read() as session:
            rows = (
                await session.execute(
                    select(Case.id, Case.number, Case.status, Case.updated_at)
                    .where(mine, Case.status != Status.DRAFT.value)
                    .order_by(Case.updated_at.desc())
                    .limit(limit)
                )
            ).all()
            return [CaseSummary(id, number, Status(status), updated) for id, number, status, updated in rows]

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
        async with self._read() as session:
            return await self._audit_lines(
                session, self._audit_query().where(Case.number == number).order_by(AuditEntry.id)
            )

    async def organization_audit(self, actor: Actor, *, limit: int = 15, offset: int = 0) -> list[AuditLine]:
        """The trail of the head's organization (its cases and its staff), newest first."""
        if actor.role != Role.HEAD or not actor.active:
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

    async def shared_with(self, actor: Actor) -> list[CaseSummary]:
        if actor.role != Role.POLICE:
            return []
        async with self._read() as session:
            rows = (
                await session.execute(
                    select(Case.id, Case.number, Case.status, Case.updated_at)
                    .join(Share, Share.case_id == Case.id)
                    .where(Share.police_user_id == actor.id)
                    .order_by(Share.shared_at.desc())
                )
            ).all()
            return [CaseSummary(id, number, Status(status), updated) for id, number, status, updated in rows]

    async def waiting_for_decision(self, actor: Actor) -> list[StatusLine]:
        """Every case waiting for the officer's decision (tests; the bot pages with ``status_page(waiting=True)``)."""
        lines: list[StatusLine] = []
        after: tuple[date, str] | None = None
        while True:
            page = await self.status_page(actor, after=after, limit=100, waiting=True)
            lines.extend(page.lines)
            if page.next is None:
                return lines
            after = page.next

    # --- status views ---------------------------------------------------------------------------------

    def _status_scope(self, actor: Actor) -> Any:
        if Role(actor.role).is_staff:
            return Case.organization_id == actor.organization_id
        if actor.role == Role.OFFICER:
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
            deadline=deadline_of_case(case, calendar),
        )

    def _listed(self, actor: Actor, waiting: bool = False) -> Any:
        """The conditions of the actor's list (None: the actor sees no list)."""
        scope = self._status_scope(actor)
        if scope is None or not actor.active or (waiting and actor.role != Role.OFFICER):
            return None
        conditions = [scope, Case.status != Status.DRAFT.value, Case.practice.is_(False)]
        if waiting:
            conditions.append(Case.status == Status.FORWARDED.value)
        elif actor.role == Role.OFFICER:  # the authorized body sees what was forwarded to it
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
        async with self._read() as session:
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
        of the actor's list, in its order (the command line and tests; the bot pages with :meth:`status_page`). The
        number of an accompanying child ("2026-0007/1", a recipient of services of their own) finds the case they
        were admitted with."""
        where = self._listed(actor)
        if number is not None:
            number = number.split("/", 1)[0]
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

    async def audit_trail(self, case_id: int) -> list[AuditEntry]:
        async with self._read() as session:
            return list(
                (
                    await session.scalars(
                        select(AuditEntry).where(AuditEntry.case_id == case_id).order_by(AuditEntry.id)
                    )
                ).all()
            )
