"""The organization's staff who can be named responsible for a measure of an individual plan (para 29, Annex 6):
active specialists and the head, with their posts (Annex 5). Names and posts only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from ..standard import clock
from ..standard.admission import RecipientState
from ..standard.lifecycle import Status
from ..standard.resocialization import Position
from ..standard.roles import Role
from ..standard.statistics import Period
from .base import StoreBase
from .models import Case, Recipient, User
from .resocialization_models import Plan
from .resocialization_views import ResocializationView
from .views import Actor, Forbidden


@dataclass(frozen=True)
class StaffMember:
    id: int
    name: str
    position: Position | None


class Staff(StoreBase):
    async def staff(self, actor: Actor) -> list[StaffMember]:
        """The active staff of the actor's own organization, by name."""
        if not Role(actor.role).is_staff or actor.organization_id is None:
            raise Forbidden("the staff list is the organization's own")
        async with self._read() as session:
            users = (
                await session.scalars(
                    select(User).where(
                        User.organization_id == actor.organization_id,
                        User.active.is_(True),
                        User.role.in_((Role.SPECIALIST.value, Role.HEAD.value)),
                    )
                )
            ).all()
        members = [
            StaffMember(
                u.id,
                u.full_name or str(u.telegram_id),
                Position(u.position) if getattr(u, "position", None) else None,
            )
            for u in users
        ]
        return sorted(members, key=lambda m: m.name)


@dataclass(frozen=True)
class RecipientLine:
    """A recipient on the head's overview: numbers and what is waiting, nothing personal."""

    case_id: int
    recipient_id: int
    number: str
    what: str  # "approval" (a draft plan awaits the head) or "monitoring" (due this month)
    due: date | None = None


class Overview(StoreBase):
    async def in_service(self, actor: Actor) -> list[tuple[int, int, str]]:
        """The organization's recipients whose services run: (case id, recipient id, number), for its staff (a
        psychologist reaches the recipients whose plans name them this way, not through their own cases)."""
        if not Role(actor.role).is_staff or actor.organization_id is None:
            raise Forbidden("the organization's own staff")
        async with self._read() as session:
            return [(c, r, n) for c, r, n in (await session.execute(self._in_service(actor))).all()]

    @staticmethod
    def _in_service(actor: Actor) -> Any:
        return (
            select(Case.id, Recipient.id, Recipient.number)
            .join(Recipient, Recipient.case_id == Case.id)
            .where(
                Case.organization_id == actor.organization_id,
                Case.status == Status.AGREEMENT_SIGNED.value,
                Case.practice.is_(False),
                Recipient.state == RecipientState.ADMITTED.value,
                Recipient.ended_kind.is_(None),
            )
            .order_by(Recipient.number)
        )

    async def head_overview(self, actor: Actor) -> list[RecipientLine]:
        """For the head: the plans awaiting their approval first, then the monitoring due this month (by due date),
        of the organization's recipients whose services run."""
        if actor.role != Role.HEAD or actor.organization_id is None:
            raise Forbidden("the overview is the head's")
        async with self._read() as session:
            rows = (await session.execute(self._in_service(actor))).all()
            drafts = set((await session.scalars(select(Plan.recipient_id).where(Plan.state == "draft"))).all())
        month = Period.month(clock.today())
        waiting = [RecipientLine(c, r, n, "approval") for c, r, n in rows if r in drafts]
        monitoring = []
        for case_id, recipient_id, number in rows:
            view = await self.resocialization(actor, case_id, recipient_id)  # type: ignore[attr-defined]
            due = next((d.due for d in view.dues if d.rule.id == "monitoring"), None)
            if due is not None and due <= month.end:
                monitoring.append(RecipientLine(case_id, recipient_id, number, "monitoring", due))
        return waiting + sorted(monitoring, key=lambda line: (line.due, line.number))

    async def recipients_of(self, actor: Actor, case_id: int) -> list[ResocializationView]:
        """Each admitted recipient's resocialization for ``/status NUMBER`` of a case in service (the organization's
        staff only; the bot drawing the screen, not a read of its own: the status lookup is audited)."""
        if not Role(actor.role).is_staff:
            return []
        async with self._read() as session:
            rows = (
                await session.execute(
                    select(Recipient.id)
                    .join(Case, Case.id == Recipient.case_id)
                    .where(
                        Recipient.case_id == case_id,
                        Case.organization_id == actor.organization_id,
                        Case.status.in_((Status.AGREEMENT_SIGNED.value, Status.SERVICES_ENDED.value)),
                        Recipient.state == RecipientState.ADMITTED.value,
                    )
                    .order_by(Recipient.id)
                )
            ).all()
        return [await self.resocialization(actor, case_id, rid) for (rid,) in rows]  # type: ignore[attr-defined]
