"""The stay and the end of services (chapter 7, paras 41-45): violations of the internal rules and absences recorded
with their dates, the suspension while the recipient is in a health-care facility and its end (the pause moves the
recipient's deadlines), readmission (para 43), the head's order that ends services (completion, termination with
the referral, deduction; para 44: number and date), and the hand-back of para 45, ticked off.

Once a recipient's services ended nothing of theirs changes but the hand-back's ticks, and a readmission after a
deduction for absence; once every admitted recipient's ended, the case is read-only (``Status.SERVICES_ENDED``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..standard.resocialization import (
    HAND_BACK,
    MAX_ORDER,
    Ending,
    PlanProblem,
    ground_ids,
    may_deduct,
)
from ..standard.roles import Role
from .models import Case, Recipient
from .resocialization_base import SHOWN, Context, ResocializationBase, clean
from .resocialization_models import RecipientEvent
from .resocialization_views import PlanRefused, ResocializationView
from .views import Actor, Forbidden

HAND_BACK_IDS = tuple(item for item, _title in HAND_BACK)


def _event(session: AsyncSession, ctx: Context, kind: str, on: date, note: str = "") -> None:
    event = RecipientEvent(recipient_id=ctx.recipient.id, kind=kind, on=on, by=ctx.me.id, note=note or None)
    session.add(event)
    ctx.rows.events.append(event)


def _head(actor: Actor) -> None:
    if actor.role != Role.HEAD:
        raise Forbidden("this is decided by the head's order (para 44)")


class Endings(ResocializationBase):
    # --- the stay (para 43) -------------------------------------------------------------------------------------

    async def record_violation(
        self, actor: Actor, case_id: int, recipient_id: int, on: date, note: str = ""
    ) -> ResocializationView:
        """A violation of the internal rules on ``on`` (more than three make a ground for deduction, para 43 1)."""
        note = clean(note)

        async def change(session: AsyncSession, ctx: Context) -> str:
            ctx.check_day(on)
            _event(session, ctx, "violation", on, note)
            return str(sum(e.kind == "violation" for e in ctx.rows.events))

        return await self._resoc_change(actor, case_id, recipient_id, "stay.violation", change)

    async def record_absence(self, actor: Actor, case_id: int, recipient_id: int, since: date) -> ResocializationView:
        """The recipient left without notice on ``since`` (after more than three days: a ground, para 43 2)."""

        async def change(session: AsyncSession, ctx: Context) -> str:
            if ctx.recipient.absent_since is not None:
                raise Forbidden("the absence is recorded already")
            ctx.check_day(since)
            ctx.recipient.absent_since = since
            _event(session, ctx, "absence", since)
            return ""

        return await self._resoc_change(actor, case_id, recipient_id, "stay.absence", change)

    async def suspend(self, actor: Actor, case_id: int, recipient_id: int, since: date) -> ResocializationView:
        """Services suspended while the recipient is in a health-care facility (para 43): their deadlines stand."""

        async def change(session: AsyncSession, ctx: Context) -> str:
            if ctx.recipient.suspended_since is not None:
                raise Forbidden("services are suspended already")
            ctx.check_day(since)
            if any(e.kind == "resumption" and e.on > since for e in ctx.rows.events):
                raise ValueError("a suspension starts after the previous one ended")
            ctx.recipient.suspended_since = since
            _event(session, ctx, "suspension", since)
            return ""

        return await self._resoc_change(actor, case_id, recipient_id, "stay.suspend", change)

    async def resume(self, actor: Actor, case_id: int, recipient_id: int, on: date) -> ResocializationView:
        """The suspension ends on ``on``; the recipient's deadlines move on by its days."""

        async def change(session: AsyncSession, ctx: Context) -> str:
            since = ctx.recipient.suspended_since
            if since is None:
                raise Forbidden("services are not suspended")
            ctx.check_day(on)
            if on < since:
                raise ValueError("services resume after the suspension began")
            ctx.recipient.suspended_since = None
            _event(session, ctx, "resumption", on)
            return f"{(on - since).days}d"

        return await self._resoc_change(actor, case_id, recipient_id, "stay.resume", change)

    async def readmit(self, actor: Actor, case_id: int, recipient_id: int, on: date) -> ResocializationView:
        """At once after an absence for a valid reason (para 43): the absence ends; a deduction for the absence is
        reversed (by the head, whose order it was), and services run again."""

        async def change(session: AsyncSession, ctx: Context) -> str:
            recipient = ctx.recipient
            deducted = (recipient.ended_kind, recipient.ended_ground) == (Ending.DEDUCTION.value, "absence")
            if recipient.ended_kind is not None and not deducted:
                raise Forbidden("services ended: only a deduction for absence is reversed")
            if not deducted and recipient.absent_since is None:
                raise Forbidden("a readmission follows an absence")
            if deducted:
                _head(actor)
            ctx.check_day(on)
            if recipient.absent_since and on < recipient.absent_since:
                raise ValueError("a readmission follows the absence")
            for column in ("ended_kind", "ended_ground", "order_number", "order_date", "ended_on", "ended_by"):
                setattr(recipient, column, None)
            recipient.ended_referral = recipient.handed_back = recipient.absent_since = None
            _event(session, ctx, "readmission", on)
            return "deduction reversed" if deducted else "after absence"

        return await self._resoc_change(
            actor, case_id, recipient_id, "stay.readmit", change, statuses=SHOWN, ended_ok=True
        )

    # --- the end of services (paras 41-45) ----------------------------------------------------------------------

    async def end_services(
        self,
        actor: Actor,
        case_id: int,
        recipient_id: int,
        *,
        kind: Ending,
        ground: str,
        order_number: str,
        order_date: date,
        referral: str | None = None,
    ) -> ResocializationView:
        """Services end by the head's order (para 44), on a ground of ``kind`` (paras 41-43); a termination names
        the organization the recipient is referred to (para 42); a deduction for violations needs more than three
        recorded, for absence more than three days of it. The order's number is the organization's only once."""
        kind = Ending(kind)
        if ground not in ground_ids(kind):
            raise ValueError(f"a ground of {kind.value}: {', '.join(ground_ids(kind))}")
        number = " ".join(order_number.split())
        if not number or len(number) > MAX_ORDER:
            raise ValueError(f"an order's number is 1 to {MAX_ORDER} characters")
        sent_to = clean(referral, required=kind is Ending.TERMINATION) or None

        async def change(session: AsyncSession, ctx: Context) -> str:
            _head(actor)
            violations = sum(e.kind == "violation" for e in ctx.rows.events)
            if kind is Ending.DEDUCTION and not may_deduct(ground, violations, ctx.recipient.absent_since, ctx.today):
                raise Forbidden("para 43: more than three violations, or more than three days of absence")
            ctx.check_day(order_date)
            taken = await session.scalar(
                select(
                    exists().where(
                        Recipient.case_id == Case.id,
                        Case.organization_id == ctx.case.organization_id,
                        Recipient.order_number == number,
                        Recipient.id != ctx.recipient.id,
                    )
                )
            )
            if taken:
                raise PlanRefused(PlanProblem.ORDER_TAKEN)
            recipient = ctx.recipient
            recipient.ended_kind, recipient.ended_ground = kind.value, ground
            recipient.order_number, recipient.order_date = number, order_date
            recipient.ended_on, recipient.ended_by = ctx.today, ctx.me.id
            recipient.ended_referral, recipient.handed_back = sent_to, ""
            return f"{kind.value} {ground}"

        return await self._resoc_change(actor, case_id, recipient_id, "services.end", change)

    async def hand_back(self, actor: Actor, case_id: int, recipient_id: int, item_id: str) -> ResocializationView:
        """One thing of para 45 handed back on the end of services, ticked off (once: a second tick changes nothing)."""
        if item_id not in HAND_BACK_IDS:
            raise ValueError(f"one of {', '.join(HAND_BACK_IDS)}")

        async def change(session: AsyncSession, ctx: Context) -> str | None:
            if ctx.recipient.ended_kind is None:
                raise Forbidden("things are handed back when services end (para 45)")
            ticked = set(filter(None, (ctx.recipient.handed_back or "").split(",")))
            if item_id in ticked:
                return None
            ctx.recipient.handed_back = ",".join(i for i in HAND_BACK_IDS if i in ticked | {item_id})
            return item_id

        return await self._resoc_change(
            actor, case_id, recipient_id, "services.hand_back", change, statuses=SHOWN, ended_ok=True
        )
