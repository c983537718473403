"""The plain facts the store keeps of every case for the statistics (``bot.standard.statistics.Facts``) and the
monthly totals they are added up in; written in the transaction of every change of a case."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from ..standard import clock
from ..standard.deadlines import (
    AGREEMENT,
    PERMIT_DECISION,
    POLICE_NOTICE,
    PORTAL_ENTRY,
    SEND_TO_AUTHORIZED_BODY,
    WorkingCalendar,
)
from ..standard.lifecycle import Basis, Status
from ..standard.person import Citizenship, Sex
from ..standard.sheet import EDITIONS
from ..standard.statistics import (
    DEADLINE_IDS,
    Facts,
    Outcome,
    deadline_facts,
    items_of,
    minor_on,
    month_key,
    outcome_of,
    present_rows,
)
from .models import Case, CaseFacts, StatCount

# The columns of case_facts that keep each deadline (``<name>_due``, ``<name>_done``).
DEADLINE_COLUMNS = {
    SEND_TO_AUTHORIZED_BODY.id: "forward",
    PERMIT_DECISION.id: "decision",
    AGREEMENT.id: "agreement",
    PORTAL_ENTRY.id: "portal",
    POLICE_NOTICE.id: "police",
}
assert set(DEADLINE_COLUMNS) == set(DEADLINE_IDS)
ISSUED = (Status.PERMIT_ISSUED.value, Status.AGREEMENT_SIGNED.value, Status.SERVICES_ENDED.value)
# (month, organization id, district id, item) -> count
Tally = Counter[tuple[int, int, int, str]]


# The case's own facts as case_facts keeps them (its deadlines apart), in this order.
OWN_FACTS = ("status", "basis", "edition", "verdict", "suggested", "sex", "minor", "citizenship", "present")


def own_facts(opened_on: date, values: Sequence[Any], deadlines: dict[str, tuple[date, date | None]]) -> Facts:
    """:class:`Facts` from the stored columns of :data:`OWN_FACTS` (an ORM row's or a plain query's)."""
    status, basis, edition, verdict, suggested, sex, minor, citizenship, present = values
    return Facts(
        opened_on=opened_on,
        status=Status(status),
        basis=Basis(basis) if basis else None,
        edition=edition,
        verdict=verdict,
        suggested=suggested,
        sex=Sex(sex) if sex else None,
        minor=minor,
        citizenship=Citizenship(citizenship) if citizenship else None,
        present=frozenset(filter(None, (present or "").split(","))),
        deadlines=deadlines,
    )


def facts_of_row(row: CaseFacts) -> Facts:
    deadlines = {}
    for rule_id, name in DEADLINE_COLUMNS.items():
        due = getattr(row, f"{name}_due")
        if due is not None:
            deadlines[rule_id] = (due, getattr(row, f"{name}_done"))
    return own_facts(row.opened_on, [getattr(row, name) for name in OWN_FACTS], deadlines)


def _local_day(moment: datetime | None) -> date:
    if moment is None:
        return clock.today()
    if moment.tzinfo is None:  # SQLite keeps the UTC wall time
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(clock.TZ).date()


def _known(kind: type[enum.Enum], value: str | None) -> str | None:
    """Only the values of the form's choices are counted (a value typed some other way is not)."""
    return value if value in {member.value for member in kind} else None


def _loaded(case: Case, name: str) -> bool:
    return name not in inspect(case).unloaded


def _fill(row: CaseFacts, case: Case, calendar: WorkingCalendar) -> None:
    """Copy into ``row`` what is counted of ``case``: its own columns always; the person, the answers and the
    recipients when they are loaded (a reminder pass loads only the case's row: what it keeps stays as it was)."""
    row.status, row.basis, row.edition = case.status, case.basis, case.edition
    row.verdict, row.suggested = case.verdict, case.suggested_verdict
    if _loaded(case, "person"):
        person = case.person
        birth = date.fromisoformat(person.birth_date) if person and person.birth_date else None
        row.sex = _known(Sex, person.sex if person else None)
        row.citizenship = _known(Citizenship, person.citizenship if person else None)
        row.minor = minor_on(birth, row.opened_on) if person else None
    if _loaded(case, "answers"):
        edition = EDITIONS.get(case.edition)
        answers = {a.row_id: a.answer for a in case.answers}
        row.present = ",".join(sorted(present_rows(edition, answers))) if edition else ""
    identified = outcome_of(Status(case.status)) is Outcome.IDENTIFIED
    events: dict[str, date | None] = {
        "identified_on": case.identified_on if identified else None,
        "forwarded_on": case.forwarded_on,
        "decided_on": case.decided_on,
        "issued_on": case.decided_on if case.status in ISSUED else None,
        "agreement_signed_on": case.agreement_signed_on,
        "police_declined_on": case.police_declined_on,
        "police_informed_on": case.police_informed_on,
    }
    if _loaded(case, "recipients"):
        filled = [r.card_filled_on for r in case.recipients if r.card_filled_on]
        entered = [r.portal_entered_on for r in case.recipients if r.card_filled_on]
        events["card_filled_on"] = min(filled) if filled else None
        events["portal_entered_on"] = max(entered) if entered and None not in entered else None  # type: ignore[type-var]
    found = deadline_facts(events, calendar)
    for rule_id, name in DEADLINE_COLUMNS.items():
        if rule_id == PORTAL_ENTRY.id and not _loaded(case, "recipients"):
            continue
        due, done = found.get(rule_id, (None, None))
        setattr(row, f"{name}_due", due)
        setattr(row, f"{name}_done", done)


async def refresh_facts(session: AsyncSession, case: Case, calendar: WorkingCalendar) -> None:
    """Keep the case's facts and the monthly totals in step with the case (in the change's transaction)."""
    if case.practice:
        return
    row = await session.get(CaseFacts, case.id)
    before = items_of(facts_of_row(row)) if row else []
    if row is None:
        row = CaseFacts(
            case_id=case.id,
            organization_id=case.organization_id,
            district_id=case.district_id,
            opened_on=_local_day(case.created_at),
        )
        session.add(row)
    _fill(row, case, calendar)
    await _add_up(session, row, before, items_of(facts_of_row(row)))


async def forget_facts(session: AsyncSession, case_id: int) -> None:
    """A case erased, or an unfinished intake purged, is no longer counted."""
    row = await session.get(CaseFacts, case_id)
    if row is not None:
        await _add_up(session, row, items_of(facts_of_row(row)), [])
        await session.delete(row)


async def _add_up(session: AsyncSession, row: CaseFacts, before: Iterable[str], after: Iterable[str]) -> None:
    change = Counter(after)
    change.subtract(before)
    month = month_key(row.opened_on)
    values = [
        {"month": month, "organization_id": row.organization_id, "item": item, "district_id": row.district_id, "n": n}
        for item, n in sorted(change.items())
        if n
    ]
    if not values:
        return
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(StatCount).values(values)  # rows in one order: concurrent changes lock them alike
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["month", "organization_id", "item"], set_={"n": StatCount.n + statement.excluded.n}
        )
    )
