"""The organization's staff who can be named responsible for a measure of an individual plan (para 29, Annex 6):
active specialists and the head, with their posts (Annex 5). Names and posts only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..standard.resocialization import Position
from ..standard.roles import Role
from .base import StoreBase
from .models import User
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
