"""Anonymized statistics: the plain facts the store keeps of every case and the monthly totals it adds them up in,
the report of a period within the user's scope, and the per-case records of the HTCDS export."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, and_, bindparam, delete, func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import BindParameter

from ..standard import clock
from ..standard.breakdowns import Report, build_report
from ..standard.roles import Role
from ..standard.statistics import (
    CaseRecord,
    Period,
    Scope,
    ScopeKind,
    deadline_items,
    items_of,
    month_key,
)
from .base import StoreBase
from .facts import DEADLINE_COLUMNS, OWN_FACTS, Tally, facts_of_row, own_facts, refresh_facts
from .models import Case, CaseFacts, District, Organization, StatCount
from .models import Counter as Counter_
from .views import Actor, Forbidden, NotFound

FACTS_MARK = "statistics-facts"  # a row of the counters table: the facts of the older cases are written


class Statistics(StoreBase):
    async def rebuild_statistics(self, batch: int = 500) -> int:
        """Write the facts of every case that has none (the cases of a database older than the statistics, read
        and decrypted once), then add the monthly totals up again from the facts. Returns the cases written."""
        calendar, written = await self.calendar(), 0
        while True:
            async with self._tx() as session:
                missing = select(CaseFacts.case_id).where(CaseFacts.case_id == Case.id)
                cases = (
                    await session.scalars(
                        select(Case).where(Case.practice.is_(False), ~missing.exists()).order_by(Case.id).limit(batch)
                    )
                ).all()
                for case in cases:
                    await refresh_facts(session, case, calendar)
                written += len(cases)
            if len(cases) < batch:
                break
        await self._recount()
        return written

    async def ensure_statistics(self) -> int:
        """Once per database: the facts of the cases it held before the statistics (at start and on ``db upgrade``).
        Returns the cases written (0 once done)."""
        async with self._read() as session:
            if await session.get(Counter_, FACTS_MARK) is not None:
                return 0
        written = await self.rebuild_statistics()
        async with self._tx() as session:
            if await session.get(Counter_, FACTS_MARK) is None:
                session.add(Counter_(name=FACTS_MARK, value=1))
        return written

    async def _recount(self) -> None:
        tally: Tally = Counter()
        async with self._read() as session:
            _tally_rows(tally, (await session.execute(select(*FACT_COLUMNS))).all())
        async with self._tx() as session:
            await session.execute(delete(StatCount))
            rows = [
                {"month": m, "organization_id": o, "district_id": d, "item": item, "n": n}
                for (m, o, d, item), n in sorted(tally.items())
            ]
            for start in range(0, len(rows), 5000):
                await session.execute(insert(StatCount), rows[start : start + 5000])

    # --- the report -------------------------------------------------------------------------------------

    async def scope_of(self, actor: Actor) -> Scope:
        """A head sees their organization, an officer their district, an administrator the country."""
        async with self._read() as session:
            if actor.role == Role.HEAD and actor.organization_id is not None:
                org = await session.get(Organization, actor.organization_id)
                return Scope(ScopeKind.ORGANIZATION, actor.organization_id, org.name if org else "")
            if actor.role == Role.OFFICER and actor.district_id is not None:
                district = await session.get(District, actor.district_id)
                return Scope(ScopeKind.DISTRICT, actor.district_id, district.name if district else "")
            if actor.role == Role.ADMIN:
                return Scope(ScopeKind.COUNTRY)
        raise Forbidden("statistics are for heads, officers and administrators")

    async def scope_named(self, *, org: str | None = None, district: str | None = None) -> Scope:
        """The command line's scope: the country, or an organization or a district by its name."""
        async with self._read() as session:
            if org:
                found = await session.scalar(select(Organization).where(Organization.name == org))
                if found is None:
                    raise NotFound(org)
                return Scope(ScopeKind.ORGANIZATION, found.id, found.name)
            if district:
                place = await session.scalar(select(District).where(District.name == district))
                if place is None:
                    raise NotFound(district)
                return Scope(ScopeKind.DISTRICT, place.id, place.name)
        return Scope(ScopeKind.COUNTRY)

    async def statistics(
        self, actor: Actor | None, scope: Scope, period: Period, *, export: str | None = None, audit: bool = True
    ) -> Report:
        """The report of ``period`` within ``scope`` (the actor's own: :meth:`scope_of`; None: the command line),
        audited as looked at (``audit``: False when the bot only draws the same screen again), or as exported in the
        format ``export``."""
        if actor is not None and scope != await self.scope_of(actor):
            raise Forbidden("statistics only within the user's own scope")
        today = clock.today()
        async with self._tx() as session:
            tally = await self._tally(session, scope, period)
            overdue = await self._overdue(session, scope, period, today)
            names = await self._unit_names(session, scope)
            what = f"export={export}" if export else "read"
            detail = f"{what} scope={scope.kind.value}:{scope.id or '-'} period={period.start}..{period.end}"
            if audit or export:
                self._audit(session, actor, "stats.export" if export else "stats.read", None, detail)
        return _report(tally, overdue, names, scope, period, today)

    def _where(self, scope: Scope, columns: Any) -> list[Any]:
        if scope.kind is ScopeKind.ORGANIZATION:
            return [columns.organization_id == scope.id]
        if scope.kind is ScopeKind.DISTRICT:
            return [columns.district_id == scope.id]
        return []

    async def _tally(self, session: AsyncSession, scope: Scope, period: Period) -> Tally:
        tally: Tally = Counter()
        whole = period.whole_months()
        if whole:
            c = StatCount
            # the country's report is by district: its organizations are added up in SQL (20 times fewer rows)
            org = literal(0) if scope.kind is ScopeKind.COUNTRY else c.organization_id
            keys = (
                (c.month, c.district_id, c.item)
                if scope.kind is ScopeKind.COUNTRY
                else (c.month, org, c.district_id, c.item)
            )
            query = (
                select(c.month, org, c.district_id, c.item, func.sum(c.n))
                .where(c.month.in_(whole), *self._where(scope, c))
                .group_by(*keys)
            )
            for month, unit, district, item, n in await session.execute(query):
                tally[(month, unit, district, item)] += n
        for start, end in _edges(period, whole):
            edge = select(*FACT_COLUMNS).where(CaseFacts.opened_on.between(start, end), *self._where(scope, CaseFacts))
            _tally_rows(tally, (await session.execute(edge)).all())
        return tally

    async def _overdue(self, session: AsyncSession, scope: Scope, period: Period, today: date) -> Counter[str]:
        """Per deadline, the cases of the period where it still runs though its day has passed."""
        found: Counter[str] = Counter()
        for rule_id, name in DEADLINE_COLUMNS.items():
            due, done = getattr(CaseFacts, f"{name}_due"), getattr(CaseFacts, f"{name}_done")
            # the dates written into the statement: a prepared statement's generic plan (PostgreSQL, after five runs)
            # would scan the year instead of the few running deadlines of the partial index
            start, end, day = _literal_date(period.start), _literal_date(period.end), _literal_date(today)
            query = select(func.count()).where(
                and_(done.is_(None), due.is_not(None), due < day),
                CaseFacts.opened_on.between(start, end),
                *self._where(scope, CaseFacts),
            )
            found[rule_id] = await session.scalar(query) or 0
        return found

    async def _unit_names(self, session: AsyncSession, scope: Scope) -> dict[int, str]:
        if scope.kind is ScopeKind.DISTRICT:
            rows = await session.execute(
                select(Organization.id, Organization.name).where(Organization.district_id == scope.id)
            )
        elif scope.kind is ScopeKind.COUNTRY:
            rows = await session.execute(select(District.id, District.name))
        else:
            return {}
        return {id: name for id, name in rows}

    async def case_records(self, scope: Scope, period: Period, *, actor: Actor | None = None) -> list[CaseRecord]:
        """One anonymized record per case of the period (the HTCDS export), from the facts alone; audited."""
        async with self._tx() as session:
            districts = dict((await session.execute(select(District.id, District.name))).all())
            rows = await session.scalars(
                select(CaseFacts)
                .where(CaseFacts.opened_on.between(period.start, period.end), *self._where(scope, CaseFacts))
                .order_by(CaseFacts.opened_on, CaseFacts.case_id)
            )
            records = [CaseRecord(facts_of_row(row), districts.get(row.district_id, "")) for row in rows]
            detail = f"export=htcds scope={scope.kind.value}:{scope.id or '-'} period={period.start}..{period.end}"
            self._audit(session, actor, "stats.export", None, detail)
            return records


def _literal_date(value: date) -> BindParameter[date]:
    return bindparam(None, value, type_=Date(), literal_execute=True)


# The facts cases are counted from (a partial month's, or all for a recount), read as plain columns (no ORM objects):
# the case's own facts added up once per distinct combination, then the deadlines, row by row.
FACT_COLUMNS = (
    CaseFacts.opened_on,
    CaseFacts.organization_id,
    CaseFacts.district_id,
    *(getattr(CaseFacts, name) for name in OWN_FACTS),
    *(getattr(CaseFacts, f"{name}_{part}") for name in DEADLINE_COLUMNS.values() for part in ("due", "done")),
)


def _tally_rows(tally: Tally, rows: Sequence[Any]) -> None:
    combos: Counter[tuple[Any, ...]] = Counter()
    own = len(OWN_FACTS)
    for row in rows:
        month, org, district = month_key(row[0]), row[1], row[2]
        combos[(month, org, district, *row[3 : 3 + own])] += 1
        dates = row[3 + own :]
        deadlines = {
            rule_id: (dates[2 * i], dates[2 * i + 1])
            for i, rule_id in enumerate(DEADLINE_COLUMNS)
            if dates[2 * i] is not None
        }
        for item in deadline_items(deadlines):
            tally[(month, org, district, item)] += 1
    for (month, org, district, *values), n in combos.items():
        for item in items_of(own_facts(date(month // 100, month % 100, 1), values, {})):
            tally[(month, org, district, item)] += n


def _edges(period: Period, whole: list[int]) -> list[tuple[date, date]]:
    """The days of the period outside its whole months: counted from the cases' facts."""
    if not whole:
        return [(period.start, period.end)]
    first = date(whole[0] // 100, whole[0] % 100, 1)
    last_month = whole[-1]
    after = (
        date(last_month // 100 + 1, 1, 1)
        if last_month % 100 == 12
        else date(last_month // 100, last_month % 100 + 1, 1)
    )
    edges = []
    if period.start < first:
        edges.append((period.start, first - timedelta(days=1)))
    if after <= period.end:
        edges.append((after, period.end))
    return edges


def _report(
    tally: Tally, overdue: Counter[str], names: dict[int, str], scope: Scope, period: Period, today: date
) -> Report:
    counts: Counter[str] = Counter()
    months: Counter[tuple[int, str]] = Counter()
    started: Counter[int] = Counter()
    identified: Counter[int] = Counter()
    unit_of_district = scope.kind is ScopeKind.COUNTRY
    for (month, org, district, item), n in tally.items():
        counts[item] += n
        unit = district if unit_of_district else org
        if item == "started":
            started[unit] += n
        elif item.startswith("outcome:"):
            months[(month, item.split(":", 1)[1])] += n
            if item == "outcome:identified":
                identified[unit] += n
    for rule_id, n in overdue.items():
        counts[f"deadline.{rule_id}:running"] -= n
        counts[f"deadline.{rule_id}:missed"] += n
    units = [(name, started[id], identified[id]) for id, name in names.items()]
    return build_report(counts, period=period, scope=scope, made_on=today, units=units, months=months)
