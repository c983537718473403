"""Forwarding to the authorized body, the permit decision, the agreement and its extension (paras 14-16)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from ..standard import clock
from ..standard.deadlines import (
    EXTENSION_GROUNDS,
    add_months,
)
from ..standard.lifecycle import Status
from ..standard.roles import Role
from .admission import admit
from .base import (
    StoreBase,
)
from .models import (
    Case,
    User,
)
from .resocialization_rows import refresh_case
from .views import (
    Actor,
    AlreadyDecided,
    CaseView,
    Forbidden,
    _actor,
    _view,
)


class Permits(StoreBase):
    # --- forwarding and the permit (paras 14-16) --------------------------------------------------------

    async def forward(self, actor: Actor, case_id: int) -> tuple[CaseView, list[Actor]]:
        """Forward an identified case to the authorized body of its district (para 14). Idempotent: a
        second tap, a retried update or another device finds it forwarded and notifies no one again.
        Returns the case and the officers to notify (empty when it was already forwarded)."""
        calendar = await self.calendar()
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=False)
            if not Role(actor.role).is_staff:
                raise Forbidden("the organization forwards its cases")
            if case.practice:
                raise Forbidden("a practice intake is never forwarded")
            changed = (
                await session.execute(
                    update(Case)
                    .where(Case.id == case.id, Case.status == Status.IDENTIFIED.value)
                    .values(status=Status.FORWARDED.value, forwarded_on=clock.today(), updated_at=clock.utc_now())
                )
            ).rowcount  # type: ignore[attr-defined]  # an UPDATE's CursorResult
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
                                User.role == Role.OFFICER, User.district_id == case.district_id, User.active.is_(True)
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
            if actor.role != Role.OFFICER:
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
            ).rowcount  # type: ignore[attr-defined]  # an UPDATE's CursorResult
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
            if not case.practice:
                admit(case, signed_on)  # the person and the accompanying children are admitted (paras 17-18)
            await refresh_case(session, case, calendar)  # the needs assessment is due (para 27)
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
            assert case.agreement_ends_on is not None  # a signed agreement has its end
            case.agreement_ends_on = add_months(case.agreement_ends_on, months)
            await refresh_case(session, case, calendar)  # another quarter, a new plan (paras 29, 31)
            await self._reschedule(session, case, calendar)
            self._audit(session, actor, "agreement.extend", case.id, f"{ground} {months}m")
            await session.flush()
            return _view(case)
