"""What every resocialization call shares: the recipient in scope with their rows (:class:`Context`), the one way a
change is made (checked, written, the case's status and schedule kept in step, audited with ids only, in one
transaction), and the checks of typed text and dates."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from ..standard import clock
from ..standard.admission import RecipientState
from ..standard.deadlines import WorkingCalendar
from ..standard.resocialization import MAX_TEXT, PlanProblem, Position, Service, may_record
from ..standard.roles import Role
from .base import StoreBase
from .models import Case, Recipient, User
from .resocialization_rows import ENDED, SIGNED, Rows, build_view, load_rows, load_users, refresh_case
from .resocialization_views import PlanRefused, ResocializationView
from .views import Actor, Forbidden, NotFound

OPEN = (SIGNED,)  # the agreement runs: resocialization changes
SHOWN = (SIGNED, ENDED)  # and once services ended: shown, read-only


def clean(text: str | None, *, required: bool = False, limit: int = MAX_TEXT) -> str:
    """Typed text, stripped; refused when required and empty, or longer than ``limit``."""
    value = (text or "").strip()
    if required and not value:
        raise ValueError("this answer needs text")
    if len(value) > limit:
        raise ValueError(f"this is longer than {limit} characters")
    return value


@dataclass
class Context:
    """One admitted recipient of a case in the actor's scope, with their rows and the people they name."""

    case: Case
    recipient: Recipient
    rows: Rows
    users: dict[int, User]
    me: User
    calendar: WorkingCalendar
    today: date

    @property
    def own(self) -> bool:
        """The actor runs the case: they record every type of service."""
        return self.case.specialist_id == self.me.id

    @property
    def position(self) -> Position | None:
        return Position(self.me.position) if self.me.position in {p.value for p in Position} else None

    def may(self, service: Service) -> bool:
        return may_record(self.position, service, own_case=self.own)

    @property
    def signed(self) -> date:
        assert self.case.agreement_signed_on is not None  # checked by _context
        return self.case.agreement_signed_on

    @property
    def ends(self) -> date:
        assert self.case.agreement_ends_on is not None  # checked by _context
        return self.case.agreement_ends_on

    def check_day(self, day: date) -> None:
        """A day something happened: not in the future, not before the agreement."""
        if day > self.today:
            raise PlanRefused(PlanProblem.FUTURE)
        if day < self.signed:
            raise PlanRefused(PlanProblem.PERIOD, start=self.signed, end=self.ends)

    def staff(self, user_id: int) -> bool:
        """An active specialist or head of the case's organization."""
        user = self.users.get(user_id)
        return bool(
            user and user.active and user.organization_id == self.case.organization_id and Role(user.role).is_staff
        )

    def view(self) -> ResocializationView:
        return build_view(self.case, self.recipient, self.rows, self.users, self.me, self.calendar)


Change = Callable[[AsyncSession, Context], Awaitable[str | None]]


class ResocializationBase(StoreBase):
    async def _resoc_context(
        self,
        session: AsyncSession,
        actor: Actor,
        case_id: int,
        recipient_id: int,
        statuses: tuple[str, ...],
        calendar: WorkingCalendar,
    ) -> Context:
        """The one access rule: staff of the case's organization (anyone else: NotFound), an admitted recipient of a
        case whose agreement is signed (otherwise: Forbidden)."""
        case = await self._load(session, actor, case_id, write=False)
        if not Role(actor.role).is_staff:
            raise NotFound(case_id)
        if case.status not in statuses or not (case.agreement_signed_on and case.agreement_ends_on):
            raise Forbidden("resocialization follows the signed agreement")
        recipient = next((r for r in case.recipients if r.id == recipient_id), None)
        if recipient is None or recipient.state != RecipientState.ADMITTED.value:
            raise Forbidden("only an admitted recipient of services has resocialization")
        rows = (await load_rows(session, [recipient.id]))[recipient.id]
        users = await load_users(session, case, [rows])
        me = users.get(actor.id) or await session.get(User, actor.id)
        if me is None:
            raise NotFound(case_id)
        return Context(case, recipient, rows, users, me, calendar, clock.today())

    async def _resoc_change(
        self,
        actor: Actor,
        case_id: int,
        recipient_id: int,
        action: str,
        change: Change,
        *,
        statuses: tuple[str, ...] = OPEN,
        ended_ok: bool = False,
    ) -> ResocializationView:
        """One change of one recipient's resocialization. ``change`` checks and writes, and returns the audit detail
        (ids, service types, versions: never typed text), or None when there was nothing to change (no audit row).
        Once services ended nothing changes, unless ``ended_ok``."""
        calendar = await self.calendar()
        async with self._tx() as session:
            ctx = await self._resoc_context(session, actor, case_id, recipient_id, statuses, calendar)
            if ctx.recipient.ended_kind is not None and not ended_ok:
                raise Forbidden("services ended: the recipient's resocialization is read-only")
            detail = await change(session, ctx)
            if detail is not None:
                rows = await refresh_case(session, ctx.case, calendar)
                ctx.rows = rows.get(ctx.recipient.id, ctx.rows)
                await self._reschedule(session, ctx.case, calendar)
                self._audit(session, actor, action, ctx.case.id, f"{ctx.recipient.number} {detail}".strip())
            await session.flush()
            return ctx.view()
