"""What resocialization reads of the recipients of a case: their rows (the needs assessment, the plan's versions, the
journal, the events of the stay), what ``resocialization.open_dues`` makes of them, the view of one recipient, and
the case's earliest resocialization deadline and status kept in step with them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..standard import clock, lifecycle
from ..standard.admission import Card, RecipientState
from ..standard.deadlines import WorkingCalendar
from ..standard.lifecycle import Status
from ..standard.resocialization import (
    SERVICES,
    Due,
    Ending,
    Position,
    Progress,
    Service,
    may_record,
    open_dues,
    quarter_ends,
)
from ..standard.sheet import EDITIONS, Answer
from .models import Case, Recipient, User
from .resocialization_models import MonitoringEntry, NeedsAssessment, Plan, RecipientEvent
from .resocialization_views import (
    EndingView,
    EventView,
    MonitoringView,
    NeedsView,
    PlanItemView,
    PlanView,
    ResocializationView,
)

SIGNED = Status.AGREEMENT_SIGNED.value
ENDED = Status.SERVICES_ENDED.value
ORDER = {service.value: place for place, service in enumerate(SERVICES)}


@dataclass
class Rows:
    """One recipient's resocialization rows, each list in its order."""

    needs: NeedsAssessment | None = None
    plans: list[Plan] = field(default_factory=list)  # by version
    monitoring: list[MonitoringEntry] = field(default_factory=list)  # by quarter, then the form's order
    events: list[RecipientEvent] = field(default_factory=list)  # by date, then as recorded

    @property
    def plan(self) -> Plan | None:
        """The plan in force: the newest approved version."""
        return next((p for p in reversed(self.plans) if p.state == "approved"), None)

    @property
    def newest(self) -> Plan | None:
        return self.plans[-1] if self.plans else None

    def user_ids(self) -> set[int]:
        found = {self.needs.assessed_by} if self.needs else set()
        for plan in self.plans:
            found |= {plan.created_by, plan.approved_by or 0, *(i.get("specialist_id") or 0 for i in plan.items)}
        found |= {m.specialist_id for m in self.monitoring} | {e.by for e in self.events}
        return found - {0}


async def load_rows(session: AsyncSession, recipient_ids: Iterable[int]) -> dict[int, Rows]:
    """The rows of these recipients in four queries (read afresh: a change made by a statement shows)."""
    ids = sorted(set(recipient_ids))
    rows = {rid: Rows() for rid in ids}
    if not ids:
        return rows
    fresh = {"populate_existing": True}
    for needs in await session.scalars(
        select(NeedsAssessment).where(NeedsAssessment.recipient_id.in_(ids)).execution_options(**fresh)
    ):
        rows[needs.recipient_id].needs = needs
    for plan in await session.scalars(
        select(Plan).where(Plan.recipient_id.in_(ids)).order_by(Plan.version).execution_options(**fresh)
    ):
        rows[plan.recipient_id].plans.append(plan)
    entries = await session.scalars(
        select(MonitoringEntry).where(MonitoringEntry.recipient_id.in_(ids)).execution_options(**fresh)
    )
    for entry in sorted(entries, key=lambda m: (m.quarter, ORDER.get(m.service, 99))):
        rows[entry.recipient_id].monitoring.append(entry)
    for event in await session.scalars(
        select(RecipientEvent)
        .where(RecipientEvent.recipient_id.in_(ids))
        .order_by(RecipientEvent.on, RecipientEvent.id)
        .execution_options(**fresh)
    ):
        rows[event.recipient_id].events.append(event)
    return rows


async def load_users(session: AsyncSession, case: Case, rows: Iterable[Rows]) -> dict[int, User]:
    """The organization's staff and anyone else the rows name, by id, in one query."""
    named = set().union(*(r.user_ids() for r in rows))
    query = select(User).where(or_(User.organization_id == case.organization_id, User.id.in_(named)))
    return {user.id: user for user in await session.scalars(query)}


def pauses_of(events: Iterable[RecipientEvent]) -> tuple[tuple[date, date | None], ...]:
    """The stays in a health-care facility (para 43): each suspension to its resumption, the last maybe running."""
    found: list[tuple[date, date | None]] = []
    start: date | None = None
    for event in events:
        if event.kind == "suspension":
            start = event.on
        elif event.kind == "resumption" and start is not None:
            found.append((start, event.on))
            start = None
    if start is not None:
        found.append((start, None))
    return tuple(found)


def monitored(rows: Rows, ends: list[date]) -> frozenset[int]:
    """The quarters recorded: the journal holds a line, and one for every type of service of the plan in force that
    has a measure dated by the quarter's end (a measure of later months is monitored in its own quarter)."""
    items = rows.plan.items if rows.plan else []
    recorded: dict[int, set[str]] = defaultdict(set)
    for entry in rows.monitoring:
        recorded[entry.quarter].add(entry.service)

    def done(quarter: int, lines: set[str]) -> bool:
        end = ends[min(quarter, len(ends)) - 1]
        return bool(lines) and {i["service"] for i in items if date.fromisoformat(i["on"]) <= end} <= lines

    return frozenset(q for q, lines in recorded.items() if done(q, lines))


def progress_of(case: Case, recipient: Recipient, rows: Rows, today: date) -> Progress:
    assert case.agreement_signed_on is not None and case.agreement_ends_on is not None  # checked by the callers
    plan = rows.plan
    return Progress(
        signed=case.agreement_signed_on,
        ends=case.agreement_ends_on,
        assessed_on=rows.needs.assessed_on if rows.needs else None,
        plan_approved_on=plan.approved_on if plan else None,
        plan_ends=plan.period_to if plan else None,
        new_plan_approved=bool(plan and plan.period_to >= case.agreement_ends_on),
        monitored=monitored(rows, quarter_ends(case.agreement_signed_on, case.agreement_ends_on)),
        pauses=pauses_of(rows.events),
        ended=recipient.ended_kind is not None,
        today=today,
    )


async def refresh_case(session: AsyncSession, case: Case, calendar: WorkingCalendar) -> dict[int, Rows]:
    """After a change of resocialization (or of the agreement): the case's status (services ended once every
    admitted recipient's ended; open again after a readmission) and its earliest resocialization deadline (of the
    recipients not suspended: a suspension keeps their deadlines standing). The caller reschedules the case."""
    admitted = list(
        await session.scalars(
            select(Recipient).where(Recipient.case_id == case.id, Recipient.state == RecipientState.ADMITTED.value)
        )
    )
    rows = await load_rows(session, [r.id for r in admitted])
    ended = bool(admitted) and all(r.ended_kind is not None for r in admitted)
    new = {(SIGNED, True): Status.SERVICES_ENDED, (ENDED, False): Status.AGREEMENT_SIGNED}.get((case.status, ended))
    if new is not None:
        lifecycle.check_transition(Status(case.status), new)
        case.status = new.value
    dues: list[Due] = []
    if case.status == SIGNED and case.agreement_signed_on and case.agreement_ends_on:
        today = clock.today()
        for recipient in admitted:
            if recipient.suspended_since is None:
                dues.extend(open_dues(progress_of(case, recipient, rows[recipient.id], today), calendar)[:1])
    first = min(dues, key=lambda d: d.due) if dues else None
    case.resoc_due, case.resoc_rule = (first.due, first.rule.id) if first else (None, None)
    return rows


# --- the view --------------------------------------------------------------------------------------------------


def _name(users: dict[int, User], user_id: int | None) -> str:
    if user_id is None:
        return ""
    user = users.get(user_id)
    return (user.full_name or str(user.telegram_id)) if user else f"#{user_id}"


def _plan_view(plan: Plan, users: dict[int, User]) -> PlanView:
    items = tuple(
        PlanItemView(
            service=Service(item["service"]),
            measure=item["measure"],
            specialist_id=item.get("specialist_id"),
            specialist=_name(users, item.get("specialist_id")),
            on=date.fromisoformat(item["on"]),
        )
        for item in plan.items
    )
    return PlanView(
        version=plan.version,
        period_from=plan.period_from,
        period_to=plan.period_to,
        items=items,
        state=plan.state,
        reason=plan.reason,
        created_on=plan.created_on,
        created_by=_name(users, plan.created_by),
        approved_on=plan.approved_on,
        approver=plan.approver_name,
    )


def _monitoring_view(entry: MonitoringEntry, users: dict[int, User]) -> MonitoringView:
    return MonitoringView(
        quarter=entry.quarter,
        service=Service(entry.service),
        positive=entry.positive,
        areas=tuple(a for a in entry.areas.split(",") if a),
        no_change=entry.no_change,
        decision=entry.decision,
        on=entry.on,
        specialist_id=entry.specialist_id,
        specialist=_name(users, entry.specialist_id),
    )


def _needs_view(needs: NeedsAssessment | None, users: dict[int, User]) -> NeedsView | None:
    if needs is None:
        return None
    return NeedsView(
        observed_from=needs.observed_from,
        observed_to=needs.observed_to,
        needs={s: needs.needs.get(s.value, "") for s in SERVICES},
        opinion=needs.opinion,
        assessed_on=needs.assessed_on,
        assessed_by=_name(users, needs.assessed_by),
    )


def _ending_view(recipient: Recipient, users: dict[int, User]) -> EndingView | None:
    if recipient.ended_kind is None:
        return None
    assert recipient.order_number and recipient.order_date and recipient.ended_on  # recorded together
    return EndingView(
        kind=Ending(recipient.ended_kind),
        ground=recipient.ended_ground or "",
        order_number=recipient.order_number,
        order_date=recipient.order_date,
        ended_on=recipient.ended_on,
        decided_by=_name(users, recipient.ended_by),
        referral=recipient.ended_referral,
        handed_back=frozenset(filter(None, (recipient.handed_back or "").split(","))),
    )


def identification(case: Case) -> tuple[str, ...]:
    """The sheet's rows found present at identification, in the sheet's order."""
    present = {a.row_id for a in case.answers if a.answer == Answer.PRESENT.value}
    edition = EDITIONS.get(case.edition)
    return tuple(row.id for row in edition.rows if row.id in present) if edition else ()


def build_view(
    case: Case, recipient: Recipient, rows: Rows, users: dict[int, User], viewer: User, calendar: WorkingCalendar
) -> ResocializationView:
    """The recipient's resocialization as ``viewer`` sees it (what they may record: their post's types of service,
    every type for the case's own specialist; nothing once services ended)."""
    assert case.agreement_signed_on is not None and case.agreement_ends_on is not None  # checked by the callers
    card = Card.from_json(recipient.card)
    position = Position(viewer.position) if viewer.position in {p.value for p in Position} else None
    own = case.specialist_id == viewer.id
    ended = recipient.ended_kind is not None
    return ResocializationView(
        case_id=case.id,
        case_number=case.number,
        recipient_id=recipient.id,
        number=recipient.number,
        name=" ".join(card.values[k] for k in ("surname", "first_name", "patronymic") if card.values.get(k)),
        birth_date=card.date_of("birth_date"),
        organization=case.organization.name,
        admitted_on=recipient.admitted_on,
        signed=case.agreement_signed_on,
        ends=case.agreement_ends_on,
        identification=identification(case),
        practice=case.practice,
        needs=_needs_view(rows.needs, users),
        plans=tuple(_plan_view(p, users) for p in rows.plans),
        monitoring=tuple(_monitoring_view(m, users) for m in rows.monitoring),
        events=tuple(EventView(e.kind, e.on, _name(users, e.by), e.note or "") for e in rows.events),
        ending=_ending_view(recipient, users),
        suspended_since=recipient.suspended_since,
        absent_since=recipient.absent_since,
        violations=sum(e.kind == "violation" for e in rows.events),
        dues=tuple(open_dues(progress_of(case, recipient, rows, clock.today()), calendar)),
        own_specialist_id=case.specialist_id,
        may_record=frozenset() if ended else frozenset(s for s in SERVICES if may_record(position, s, own_case=own)),
        position=position,
    )
