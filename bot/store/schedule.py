"""The working calendar's corrections and the reminders: due, claimed, sent or given back."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..standard import clock
from ..standard.admission import RecipientState
from ..standard.deadlines import (
    reminder_times,
)
from ..standard.lifecycle import RESPONSIBLE, Status
from ..standard.roles import Role
from .base import (
    REMINDER_GRAPH,
    RUNNING,
    SCHEDULE_GRAPH,
    StoreBase,
    deadlines_of_case,
)
from .models import (
    CalendarDay,
    Case,
    Counter,
    Recipient,
    ReminderSent,
    User,
)
from .resocialization_rows import refresh_case
from .views import (
    Actor,
    StatusLine,
    _actor,
    _aware,
)

RESOCIALIZATION_MARK = "resocialization-deadlines"  # a row of the counters table: older agreements are scheduled


class Scheduling(StoreBase):
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
        async with self._read() as session:
            return [
                (d, k)
                for d, k in (
                    await session.execute(select(CalendarDay.day, CalendarDay.kind).order_by(CalendarDay.day))
                ).all()
            ]

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
                    if case.status == Status.AGREEMENT_SIGNED.value:
                        await refresh_case(session, case, calendar)  # the plan's working days (para 29)
                    await self._reschedule(session, case, calendar)
            if not cases:
                return done
            done += len(cases)
            last = cases[-1].id

    async def ensure_resocialization_deadlines(self, batch: int = 200) -> int:
        """Once per database: the cases whose agreement was signed before resocialization existed get its deadlines
        (the needs assessment first) on their schedule, so that they are reminded and listed; in batches, only cases
        with admitted recipients. Returns the cases."""
        async with self._read() as session:
            if await session.get(Counter, RESOCIALIZATION_MARK) is not None:
                return 0
        calendar, done, last = await self.calendar(), 0, 0
        admitted = select(Recipient.case_id).where(Recipient.state == RecipientState.ADMITTED.value)
        while True:
            async with self._tx() as session:
                cases = (
                    await session.scalars(
                        select(Case)
                        .where(
                            Case.id > last,
                            Case.status == Status.AGREEMENT_SIGNED.value,
                            Case.practice.is_(False),
                            Case.resoc_due.is_(None),
                            Case.id.in_(admitted),
                        )
                        .order_by(Case.id)
                        .limit(batch)
                    )
                ).all()
                for case in cases:
                    await refresh_case(session, case, calendar)
                    await self._reschedule(session, case, calendar)
                if not cases:
                    session.add(Counter(name=RESOCIALIZATION_MARK, value=1))
                    return done
                done += len(cases)
                last = cases[-1].id

    # --- reminders ------------------------------------------------------------------------------------

    REMINDER_PASS = 1000  # cases read by one pass at most; the next pass, a minute later, takes the rest

    async def reminders_due(self, now: datetime) -> list[tuple[StatusLine, str, list[Actor]]]:
        """Reminders whose time has come and that were not sent yet: (case, kind, recipients). Only the cases
        whose next reminder is due are read (``next_reminder_at``, indexed), so a pass costs the same at a thousand
        cases and at a million; a restart loses none, since the schedule is in the store."""
        calendar = await self.calendar()
        async with self._read() as session:
            cases = (
                await session.scalars(
                    select(Case)
                    .options(*REMINDER_GRAPH)
                    .where(
                        Case.next_reminder_at <= now.astimezone(UTC),
                        Case.practice.is_(False),
                        Case.status.in_([s.value for s in RUNNING]),
                    )
                    .order_by(Case.next_reminder_at)
                    .limit(self.REMINDER_PASS)
                )
            ).all()
            if not cases:
                return []
            taken = await self._taken(session, [c.id for c in cases])
            recipients = await self._recipients(session, cases)
        result: list[tuple[StatusLine, str, list[Actor]]] = []
        for case in cases:
            for dl in deadlines_of_case(case, calendar):
                for reminder in reminder_times(dl, calendar):
                    if reminder.at <= now and (case.id, dl.rule.id, reminder.kind, dl.due) not in taken:
                        line = StatusLine(case.id, case.number, "", Status(case.status), case.organization.name, dl)
                        result.append((line, reminder.kind, recipients(case)))
        return result

    async def _taken(self, session: AsyncSession, case_ids: list[int]) -> set[tuple[int, str, str, date]]:
        """Reminders of these cases sent, or claimed by a process that is still within its time."""
        stale = clock.utc_now() - self.CLAIM_TIMEOUT
        rows = (await session.scalars(select(ReminderSent).where(ReminderSent.case_id.in_(case_ids)))).all()
        return {
            (r.case_id, r.rule_id, r.kind, r.due_on)
            for r in rows
            if r.sent_at is not None or _aware(r.claimed_at) >= stale
        }

    async def _recipients(self, session: AsyncSession, cases: Sequence[Case]) -> Callable[[Case], list[Actor]]:
        """Who acts on each case's deadline (its specialist, or its district's officers), read in two queries."""
        specialists = {
            u.id: _actor(u)
            for u in (
                await session.scalars(
                    select(User).where(User.id.in_({c.specialist_id for c in cases}), User.active.is_(True))
                )
            ).all()
        }
        districts = {c.district_id for c in cases if RESPONSIBLE[Status(c.status)] == Role.OFFICER}
        officers: dict[int, list[Actor]] = {}
        for user in (
            await session.scalars(
                select(User).where(User.role == Role.OFFICER, User.district_id.in_(districts), User.active.is_(True))
            )
        ).all():
            if user.district_id is not None:
                officers.setdefault(user.district_id, []).append(_actor(user))

        def of(case: Case) -> list[Actor]:
            if RESPONSIBLE[Status(case.status)] == Role.OFFICER:
                return officers.get(case.district_id, [])
            return [specialists[case.specialist_id]] if case.specialist_id in specialists else []

        return of

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
                ).rowcount  # type: ignore[attr-defined]  # an UPDATE's CursorResult
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
                await self._reschedule(session, case, calendar, counted=False)

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
