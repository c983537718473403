"""Users, organizations, invitations, the team and logins."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..standard import clock
from ..standard.contacts import LANGUAGES, check_contacts
from ..standard.resocialization import Position
from ..standard.roles import Role
from .base import (
    ROLES,
    StoreBase,
)
from .models import (
    District,
    Invite,
    Organization,
    User,
)
from .views import (
    Actor,
    Forbidden,
    InviteError,
    NotFound,
    _actor,
    _aware,
    invite_hash,
)


class Directory(StoreBase):
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
        position: Position | str | None = None,
    ) -> Actor:
        """Register (or update) a user. Specialists and heads need an organization; officers a district. A
        specialist or head may have a post of Annex 5 (``position``: what they record of the plans, paras 27-35)."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        if position is not None and not Role(role).is_staff:
            raise ValueError("a post (--position) is for staff of an organization")
        post = Position(position).value if position is not None else None
        if Role(role).is_staff and not (org and district):
            raise ValueError(f"a {role} needs --org and --district")
        if role == Role.OFFICER and not district:
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
            if post:
                user.position = post
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
            elif actor.role == Role.HEAD and actor.active and actor.organization_id:
                row = await session.get(Organization, actor.organization_id)
            else:
                raise Forbidden("a head names the head of their own organization")
            if row is None:
                raise NotFound(actor.organization_id if actor else org)
            row.head_name = name
            self._audit(session, actor, "organization.head", detail=f"organization={row.id}")
            return row.name

    async def head_name(self, actor: Actor) -> str | None:
        """The head's name as recorded for the actor's organization."""
        if actor.organization_id is None:
            return None
        async with self._read() as session:
            return await session.scalar(select(Organization.head_name).where(Organization.id == actor.organization_id))

    async def set_contacts(self, actor: Actor, language: str, text: str | None) -> dict[str, str]:
        """Set where else the person can get help, in one ``language`` (kk, ru, en), for the actor's organization:
        a head for their own organization only. None or "" clears that language. The audit row names the language,
        never the text. Returns the organization's contacts in every language."""
        if not (actor.role == Role.HEAD and actor.active and actor.organization_id):
            raise Forbidden("a head sets the referral contacts of their own organization")
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
        kept = check_contacts(text) if text else ""  # ContactsError (a ValueError) when too long
        async with self._tx() as session:
            row = await session.get(Organization, actor.organization_id)
            if row is None:
                raise NotFound(actor.organization_id)
            contacts = {k: v for k, v in (row.contacts or {}).items() if k != language and v}
            if kept:
                contacts[language] = kept
            row.contacts = contacts or None  # a new value: the encrypted JSON column is written again
            self._audit(session, actor, "org.contacts", detail=language)
            return dict(contacts)

    async def contacts(self, actor: Actor) -> dict[str, str]:
        """The referral contacts of the actor's organization, {language: text}; {} when none is set. Staff only."""
        if not (Role(actor.role).is_staff and actor.active and actor.organization_id):
            raise Forbidden("the referral contacts are for the staff of the organization")
        async with self._read() as session:
            stored = await session.scalar(select(Organization.contacts).where(Organization.id == actor.organization_id))
            return dict(stored or {})

    async def user_by_id(self, user_id: int) -> Actor | None:
        async with self._read() as session:
            user = await session.get(User, user_id)
            return _actor(user) if user else None

    async def user_by_telegram(self, telegram_id: int) -> Actor | None:
        async with self._read() as session:
            user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
            return _actor(user) if user else None

    async def ensure_admin(self, telegram_id: int) -> Actor:
        # an ADMIN_IDS entry that is also registered keeps its registered role
        return await self.user_by_telegram(telegram_id) or await self.add_user(telegram_id, Role.ADMIN)

    async def set_locale(self, actor: Actor, locale: str) -> None:
        async with self._tx() as session:
            await session.execute(update(User).where(User.id == actor.id).values(locale=locale))
            self._audit(session, actor, "user.locale", detail=locale)

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
            if actor is not None and actor.role == Role.HEAD:
                if not Role(role).is_staff:
                    raise Forbidden("a head invites specialists and heads of their organization")
                org_row = await session.get(Organization, actor.organization_id)
                if org_row is None:
                    raise NotFound(actor.organization_id)
                district_row = await session.get(District, org_row.district_id)
            elif actor is None or actor.role == Role.ADMIN:
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
            if Role(role).is_staff and org_row is None:
                raise ValueError(f"an invitation for a {role} needs an organization")
            if role in (Role.OFFICER, Role.POLICE) and district_row is None:
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
            await session.refresh(user, ["organization"])
            actor = _actor(user)
            self._audit(session, actor, "invite.redeem", detail=f"invite={invite.id} role={invite.role}")
            return actor

    async def set_active(self, actor: Actor | None, telegram_id: int, active: bool) -> Actor:
        """Deactivate (or reactivate) a user; from the next update on they reach nothing. A head manages
        their organization's staff; ``actor`` None is the administrator's command line."""
        async with self._tx() as session:
            user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
            if user is None:
                raise NotFound(telegram_id)
            if actor is not None and not (
                actor.role == Role.ADMIN
                or (actor.role == Role.HEAD and user.organization_id == actor.organization_id and user.id != actor.id)
            ):
                raise Forbidden("not your staff")
            user.active = active
            self._audit(session, actor, "user.activate" if active else "user.deactivate", detail=f"user={user.id}")
            await session.flush()
            await session.refresh(user, ["organization"])
            return _actor(user)

    async def team(self, actor: Actor) -> list[Actor]:
        if actor.role != Role.HEAD:
            raise Forbidden("only heads see their team")
        async with self._read() as session:
            users = (
                await session.scalars(
                    select(User).where(User.organization_id == actor.organization_id).order_by(User.id)
                )
            ).all()
            return [_actor(u) for u in users]

    async def log_login(self, actor: Actor) -> None:
        async with self._tx() as session:
            self._audit(session, actor, "user.login")
