"""Retention, erasure on request, and sharing the report with law enforcement agencies (Annex 8 note)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..standard import clock
from ..standard.lifecycle import Status
from ..standard.roles import Role
from .base import (
    StoreBase,
)
from .facts import forget_facts
from .models import (
    Case,
    Share,
    User,
)
from .views import (
    Actor,
    Forbidden,
    NotFound,
    ShareRefused,
    _actor,
)


class Retention(StoreBase):
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
                await forget_facts(session, case.id)
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
            await forget_facts(session, case.id)
            await session.delete(case)

    # --- sharing with law enforcement agencies (Annex 8 note) -------------------------------------------------

    async def police_of_case(self, actor: Actor, case_id: int) -> list[Actor]:
        async with self._read() as session:
            case = await self._load(session, actor, case_id, write=False)
            users = (
                await session.scalars(
                    select(User).where(
                        User.role == Role.POLICE, User.district_id == case.district_id, User.active.is_(True)
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
            if not Role(actor.role).is_staff:
                raise Forbidden("only the organization shares its reports")
            police = await session.get(User, police_user_id)
            if police is None or police.role != Role.POLICE or police.district_id != case.district_id:
                raise NotFound(police_user_id)
            if reason:
                self._audit(session, actor, "share.refused", case.id, f"police={police.id} {reason}")
            else:
                assert request_date is not None and consent_date is not None  # no reason: both are given
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
