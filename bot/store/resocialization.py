"""Resocialization after the agreement (chapter 5, paras 27-35, Annexes 5-7), by the organization's staff: the posts,
a recipient's resocialization as a screen shows it, the needs assessment (paras 27-28), the individual plan, its
versions and the head's approval (para 29, 32), and the quarterly monitoring journal (paras 30, 31, 35).

The case's own specialist records every type of service; another specialist of the organization the types their
post allows (``resocialization.POSITION_SERVICES``). Every change is checked by ``bot.standard.resocialization`` (a
refused value raises :class:`PlanRefused` or ValueError, nothing is written), audited with service types and
versions only, and keeps the case's schedule in step. The stay and the end of services: ``resocialization_end``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ..standard.resocialization import (
    CHANGE_AREAS,
    SERVICES,
    PlanProblem,
    Position,
    Service,
    check_measure_date,
    check_plan_period,
    quarter_ends,
)
from ..standard.roles import Role
from .models import User
from .resocialization_base import SHOWN, Context, clean
from .resocialization_end import Endings
from .resocialization_models import MonitoringEntry, NeedsAssessment, Plan
from .resocialization_rows import ORDER
from .resocialization_views import PlanRefused, ResocializationView
from .views import Actor, Forbidden, NotFound, _actor

PlanItem = tuple[Service, str, int | None, date]  # type of service, measure, responsible specialist, date
AREAS = frozenset(area for area, _title in CHANGE_AREAS)


class Resocialization(Endings):
    async def set_position(self, actor: Actor, telegram_id: int, position: Position | None) -> Actor:
        """A head sets the post (Annex 5) of a specialist or head of their own organization; None: no post."""
        if actor.role != Role.HEAD or not actor.active:
            raise Forbidden("a head sets the posts of their organization's staff")
        value = Position(position).value if position is not None else None
        async with self._tx() as session:
            user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
            if user is None:
                raise NotFound(telegram_id)
            if user.organization_id != actor.organization_id or not Role(user.role).is_staff:
                raise Forbidden("not your staff")
            user.position = value
            self._audit(session, actor, "staff.position", detail=f"user={user.id} position={value or 'none'}")
            await session.flush()
            await session.refresh(user, ["organization"])
            return _actor(user)

    async def resocialization(
        self, actor: Actor, case_id: int, recipient_id: int, *, look: bool = False
    ) -> ResocializationView:
        """One admitted recipient's resocialization, for the staff of the case's organization. ``look``: a person
        opens it (audited as a read); otherwise the bot draws its own screen again (no row)."""
        calendar = await self.calendar()
        async with self._tx() if look else self._read() as session:
            ctx = await self._resoc_context(session, actor, case_id, recipient_id, SHOWN, calendar)
            if look:
                self._audit(session, actor, "case.read", ctx.case.id, ctx.recipient.number)
            return ctx.view()

    # --- the needs assessment (paras 27-28) -----------------------------------------------------------------

    async def record_needs(
        self,
        actor: Actor,
        case_id: int,
        recipient_id: int,
        *,
        observed_from: date,
        observed_to: date,
        needs: dict[Service, str],
        opinion: str,
    ) -> ResocializationView:
        """The needs per type of service found by observing the recipient from ``observed_from`` to ``observed_to``
        and the recipient's own opinion, by the case's specialist or a social work specialist. Recorded again, it
        replaces the texts and keeps the day it was first assessed (the plan's deadline runs from it)."""
        texts = {Service(service).value: clean(text) for service, text in needs.items()}
        opinion = clean(opinion)
        if observed_to < observed_from:
            raise ValueError("the observation ends before it starts")

        async def change(session: AsyncSession, ctx: Context) -> str:
            if not (ctx.own or ctx.position is Position.SOCIAL_WORK_SPECIALIST):
                raise Forbidden("the case's specialist or a social work specialist assesses the needs")
            ctx.check_day(observed_from)
            ctx.check_day(observed_to)
            row = ctx.rows.needs
            again = row is not None
            if row is None:
                row = NeedsAssessment(recipient_id=ctx.recipient.id, assessed_on=ctx.today)
                session.add(row)
            row.observed_from, row.observed_to = observed_from, observed_to
            row.needs = {s.value: texts.get(s.value, "") for s in SERVICES}
            row.opinion, row.assessed_by = opinion, ctx.me.id
            found = ",".join(s for s, text in row.needs.items() if text) or "none"
            return f"{'replaced ' if again else ''}{found}"

        return await self._resoc_change(actor, case_id, recipient_id, "needs.record", change)

    # --- the individual plan (paras 29, 32; Annex 6) ------------------------------------------------------------

    async def save_plan(
        self,
        actor: Actor,
        case_id: int,
        recipient_id: int,
        *,
        period_from: date,
        period_to: date,
        items: list[PlanItem],
        reason: str | None = None,
    ) -> ResocializationView:
        """The plan's draft: version 1 after the needs assessment, the current draft edited, or, when the newest
        version is approved, the next version as a revision (para 32: with its reason, unless it is the new plan
        after the previous one expired). A staff member who does not run the case changes only the items of the
        types of service their post allows; the others' items stay as they are, and so does the period."""
        given = [(Service(s).value, clean(m, required=True), sid, on) for s, m, sid, on in items]
        why = clean(reason) or None

        async def change(session: AsyncSession, ctx: Context) -> str:
            if ctx.rows.needs is None:
                raise Forbidden("the plan follows the needs assessment (para 29)")
            allowed = {s.value for s in SERVICES if ctx.may(s)}
            if not allowed or any(service not in allowed for service, *_rest in given):
                raise Forbidden("a staff member plans the types of service of their post")
            _check_plan(ctx, period_from, period_to, given, all_services=len(allowed) == len(SERVICES))
            plan, base = _plan_to_edit(session, ctx, period_from, why)
            kept = [item for item in base if item["service"] not in allowed]
            merged = [
                *kept,
                *({"service": s, "measure": m, "specialist_id": i, "on": d.isoformat()} for s, m, i, d in given),
            ]
            if not merged:
                raise PlanRefused(PlanProblem.EMPTY)
            plan.items = sorted(merged, key=lambda item: ORDER[item["service"]])
            plan.period_from, plan.period_to = period_from, period_to
            services = ",".join(sorted({service for service, *_rest in given}, key=ORDER.__getitem__))
            return f"v{plan.version} {services or 'none'}"

        return await self._resoc_change(actor, case_id, recipient_id, "plan.save", change)

    async def approve_plan(self, actor: Actor, case_id: int, recipient_id: int) -> ResocializationView:
        """The head approves the current draft (para 29: name and date); the version in force before it is
        superseded (para 32). Nothing to approve (a second tap): nothing changes."""

        async def change(session: AsyncSession, ctx: Context) -> str | None:
            if actor.role != Role.HEAD:
                raise Forbidden("the head of the organization approves the plan (para 29)")
            draft = ctx.rows.newest if ctx.rows.newest and ctx.rows.newest.state == "draft" else None
            if draft is None:
                return None
            name = ctx.me.full_name or ctx.case.organization.head_name
            approved = await session.execute(
                update(Plan)
                .where(Plan.id == draft.id, Plan.state == "draft")
                .values(state="approved", approved_on=ctx.today, approved_by=ctx.me.id, approver_name=name)
            )
            if not approved.rowcount:  # type: ignore[attr-defined]  # an UPDATE's CursorResult
                return None  # approved meanwhile by another tap
            await session.execute(
                update(Plan)
                .where(Plan.recipient_id == ctx.recipient.id, Plan.state == "approved", Plan.id != draft.id)
                .values(state="superseded")
            )
            return f"v{draft.version}"

        return await self._resoc_change(actor, case_id, recipient_id, "plan.approve", change)

    # --- the monitoring journal (paras 30, 31, 35; Annex 7) ----------------------------------------------------

    async def record_monitoring(
        self,
        actor: Actor,
        case_id: int,
        recipient_id: int,
        quarter: int,
        service: Service,
        *,
        positive: str,
        areas: tuple[str, ...],
        no_change: str,
        decision: str,
        on: date,
    ) -> ResocializationView:
        """One line of the journal: a type of service in a quarter of the agreement (1, 2, ...), against the plan in
        force. Recorded again, the quarter's line of that type is replaced."""
        service = Service(service)
        texts = clean(positive), clean(no_change), clean(decision)
        if not set(areas) <= AREAS:
            raise ValueError("an area of positive change of Annex 7")

        async def change(session: AsyncSession, ctx: Context) -> str:
            if not ctx.may(service):
                raise Forbidden("a staff member monitors the types of service of their post")
            if ctx.rows.plan is None:
                raise PlanRefused(PlanProblem.NOT_APPROVED)
            if not 1 <= quarter <= len(quarter_ends(ctx.signed, ctx.ends)):
                raise ValueError("no such quarter of the agreement")
            ctx.check_day(on)
            entry = next((m for m in ctx.rows.monitoring if (m.quarter, m.service) == (quarter, service.value)), None)
            if entry is None:
                entry = MonitoringEntry(recipient_id=ctx.recipient.id, quarter=quarter, service=service.value)
                session.add(entry)
            entry.positive, entry.no_change, entry.decision = texts
            entry.areas = ",".join(area for area, _title in CHANGE_AREAS if area in areas)
            entry.on, entry.specialist_id = on, ctx.me.id
            return f"q{quarter} {service.value}"

        return await self._resoc_change(actor, case_id, recipient_id, "monitoring.record", change)


def _check_plan(
    ctx: Context, start: date, end: date, items: list[tuple[str, str, int | None, date]], *, all_services: bool
) -> None:
    """The period within the agreement's term (and, for a staff member who plans part of it, the period as it was);
    each measure's date within the period; each responsible specialist on the organization's staff."""
    problem = check_plan_period(start, end, ctx.signed, ctx.ends)
    if problem:
        raise PlanRefused(problem, start=ctx.signed, end=ctx.ends)
    newest = ctx.rows.newest
    if not all_services and newest and (start, end) != (newest.period_from, newest.period_to):
        raise Forbidden("the plan's period is set by the case's specialist")
    for _service, _measure, specialist_id, on in items:
        problem = check_measure_date(on, start, end)
        if problem:
            raise PlanRefused(problem, start=start, end=end)
        if specialist_id is not None and not ctx.staff(specialist_id):
            raise ValueError("the responsible specialist is not on the organization's staff")


def _plan_to_edit(session: AsyncSession, ctx: Context, start: date, reason: str | None) -> tuple[Plan, list[dict]]:
    """The version a save changes, and the items it starts from: the draft itself; or a new version, the first one
    or a revision of the approved one (a revision has its reason, para 32, except the new plan that follows the
    previous one's period, para 29)."""
    newest = ctx.rows.newest
    if newest is not None and newest.state == "draft":
        if reason:
            newest.reason = reason
        if newest.version > 1 and not newest.reason and not _follows(ctx, start):
            raise ValueError("a revision of the plan needs its reason (para 32)")
        return newest, list(newest.items)
    version = newest.version + 1 if newest else 1
    if version > 1 and not reason and not _follows(ctx, start):
        raise ValueError("a revision of the plan needs its reason (para 32)")
    plan = Plan(
        recipient_id=ctx.recipient.id,
        version=version,
        state="draft",
        reason=reason if version > 1 else None,
        created_on=ctx.today,
        created_by=ctx.me.id,
    )
    session.add(plan)
    ctx.rows.plans.append(plan)
    return plan, list(newest.items) if newest else []


def _follows(ctx: Context, start: date) -> bool:
    """A plan that starts after the plan in force ends: the new plan after an extension (para 29)."""
    plan = ctx.rows.plan
    return plan is not None and start > plan.period_to
