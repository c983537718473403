"""Statistics reports (``Store.statistics``, behind ``/stats`` and ``intake-bot stats``) at 1,000 and at 1,000,000
cases, on SQLite and on PostgreSQL: ``python -m bench.stats [--scales 1000,1000000]`` prints JSON.

Seeding. The cases' statistics are made here, not through the store: the synthetic :class:`Facts` of ``N`` cases
whose intakes started in 2026 (the days spread evenly over the year; 20 districts of 10 organizations, the cases
dealt out to the organizations in turn; statuses, bases, verdicts, sex, age, citizenship, the sheet rows found present
and the deadlines' due and done days in the proportions below, the due days from the real working calendar); the
first 2,000 are checked to read back unchanged through ``facts_of_row``. They are written as the store writes them:
one ``case_facts`` row per case and the monthly totals ``stat_counts`` (the :class:`Counter` of (month, organization,
district, item) of ``items_of`` over all facts), in bulk: ``sqlite3`` ``executemany`` in one transaction, ``asyncpg``
``copy_records_to_table`` (the secondary indexes of the loaded tables dropped during the load and rebuilt after it,
as the migrations define them). ``case_facts.case_id`` refers to ``cases.id``: every case also gets a minimal
``cases`` row (number, organization, district, specialist, status, edition, dates; no person, no encrypted column)
and every organization a specialist, on a schema made by the real migrations (``open_store``, which also marks the
statistics as written, so that opening the store never recounts).

Measured with the real store (``open_store``: the migrations, the key check, the engine of ``make_engine``):
``statistics(None, scope, period)`` (audited, as the command line does) for the country over the whole year (the worst
case: every organization's monthly totals of twelve months), one district over the year, and the country over
2026-01-15..2026-11-20 (nine whole months from the totals, 37 days of edges read from the facts): median and max of
several runs after a warm-up (one call on SQLite, five on PostgreSQL: see :func:`measure_on`), in ms. The figures are
checked, not only timed: ``started`` of each report against the cases seeded in its scope and period, and the year's
deadline tables (met, missed, still running, with those past due on the day of the report split off) against a count
over ``case_facts`` in SQL.

The seeded SQLite file is cached under ``$TMPDIR/intake-bench-cache`` keyed by schema revision, seed version and
``N`` (with a JSON note of how it was seeded); a PostgreSQL database ``intake_bench_…`` is made, seeded and dropped in
each run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sqlite3
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import emit, infra
from bench.status import CACHE, _drop_secondary_indexes, ms, schema_head, use_cached_key
from bot.standard import clock
from bot.standard.deadlines import (
    AGREEMENT,
    PERMIT_DECISION,
    POLICE_NOTICE,
    PORTAL_ENTRY,
    SEND_TO_AUTHORIZED_BODY,
    WorkingCalendar,
    due,
)
from bot.standard.lifecycle import AFTER_IDENTIFICATION, ASSESSED, NO_DEADLINE, Basis, Status
from bot.standard.person import Citizenship, Sex
from bot.standard.sheet import CURRENT_EDITION
from bot.standard.statistics import DEADLINES, Facts, Period, Scope, ScopeKind, items_of, month_key
from bot.store import Store
from bot.store.facts import DEADLINE_COLUMNS, facts_of_row
from bot.store.models import CaseFacts

SEED_VERSION = 1
SCALES = (1_000, 1_000_000)
YEAR = 2026
DISTRICTS = 20
ORGS_PER_DISTRICT = 10
ORGS = DISTRICTS * ORGS_PER_DISTRICT
MEASURED_DISTRICT = 7
TELEGRAM_BASE = 810_000_000
YEAR_PERIOD = Period.year(date(YEAR, 1, 1))
RANGE_PERIOD = Period(date(YEAR, 1, 15), date(YEAR, 11, 20))
CHECKED_ROWS = 2_000  # the first rows' facts are read back through facts_of_row

# Where the intakes of a year ended, per 1,000 (most of a year's cohort has moved on; a few % of the deadlines still
# run: "identified" waits to be forwarded, "forwarded" for the decision, "permit_issued" for the agreement).
STATUS_WEIGHTS = (
    (Status.AGREEMENT_SIGNED, 400),
    (Status.NOT_IDENTIFIED, 200),
    (Status.PERMIT_REFUSED, 90),
    (Status.CANCELLED, 60),
    (Status.CONSENT_REFUSED, 60),
    (Status.NOT_ELIGIBLE, 50),
    (Status.MEDICAL_REFERRAL, 50),
    (Status.DRAFT, 30),
    (Status.FORWARDED, 25),
    (Status.IDENTIFIED, 20),
    (Status.PERMIT_ISSUED, 15),
)
BUCKETS = tuple(status for status, weight in STATUS_WEIGHTS for _ in range(weight))
assert len(BUCKETS) == 1000
ON_TIME = 0.88  # a deadline met is met in time this often, else one to five days late
FORWARDED = {Status.FORWARDED, Status.PERMIT_ISSUED, Status.PERMIT_REFUSED, Status.AGREEMENT_SIGNED}
DECIDED = {Status.PERMIT_ISSUED, Status.PERMIT_REFUSED, Status.AGREEMENT_SIGNED}
ISSUED = {Status.PERMIT_ISSUED, Status.AGREEMENT_SIGNED}
NO_PERSON = {Status.CONSENT_REFUSED, Status.CANCELLED}
ROW_IDS = tuple(row.id for row in CURRENT_EDITION.rows)

FACT_COLUMNS = (
    "case_id",
    "organization_id",
    "district_id",
    "opened_on",
    "status",
    "basis",
    "edition",
    "verdict",
    "suggested",
    "sex",
    "minor",
    "citizenship",
    "present",
    *(f"{name}_{part}" for name in DEADLINE_COLUMNS.values() for part in ("due", "done")),
)
assert set(FACT_COLUMNS) == {c.name for c in CaseFacts.__table__.columns}
FIRST_DATE = FACT_COLUMNS.index("forward_due")
CASE_COLUMNS = (
    "id",
    "number",
    "organization_id",
    "district_id",
    "specialist_id",
    "status",
    "edition",
    "verdict_rule",
    "practice",
    "sheet_position",
    "created_at",
    "updated_at",
    "next_due_on",
)
COUNT_COLUMNS = ("month", "organization_id", "item", "district_id", "n")


def district_of(org: int) -> int:
    return (org - 1) // ORGS_PER_DISTRICT + 1


def district_name(district: int) -> str:
    return f"Bench Stats District {district} (synthetic)"


def opened_days(cases: int) -> Iterator[tuple[int, date, int]]:
    """(case id, the day its intake started, its organization) of every case: the days spread evenly over the year."""
    first, days = YEAR_PERIOD.start, (YEAR_PERIOD.end - YEAR_PERIOD.start).days + 1
    day = [first + timedelta(days=k) for k in range(days)]
    for i in range(cases):
        yield i + 1, day[i * days // cases], i % ORGS + 1


class Seed:
    """The facts rows (``FACT_COLUMNS``, Python values) of ``cases`` synthetic cases and their monthly totals."""

    def __init__(self, cases: int) -> None:
        started = time.perf_counter()
        self.cases = cases
        self.facts: list[tuple[Any, ...]] = []
        self.counts: Counter[tuple[int, int, int, str]] = Counter()
        self._generate()
        self.seconds = time.perf_counter() - started

    def _generate(self) -> None:
        rng = random.Random(f"intake-bench-stats-v{SEED_VERSION}-{self.cases}")
        calendar = WorkingCalendar()  # the store's calendar of a database without the administrator's corrections
        dues: dict[tuple[str, date], date] = {}
        later = [timedelta(days=k) for k in range(8)]
        edition = CURRENT_EDITION.id
        counts, facts_rows = self.counts, self.facts

        def due_of(rule: Any, start: date) -> date:
            found = dues.get((rule.id, start))
            if found is None:
                found = dues[(rule.id, start)] = due(rule, start, calendar)
            return found

        def met(rule: Any, start: date) -> date:
            """The day a deadline started on ``start`` was met: in time, or one to five days late."""
            last = due_of(rule, start)
            if rng.random() < ON_TIME:
                return start + timedelta(days=rng.randint(0, max(0, (last - start).days)))
            return last + later[rng.randint(1, 5)]

        for case_id, opened, org in opened_days(self.cases):
            district = district_of(org)
            status = BUCKETS[rng.randrange(1000)]
            identified = status in AFTER_IDENTIFICATION
            r = rng.random()
            if identified and r < 0.04:
                basis: Basis | None = Basis.INVESTIGATION
            elif status is Status.DRAFT and r < 0.5:
                basis = None
            elif r < 0.16:
                basis = Basis.DIRECTION
            else:
                basis = Basis.APPLICATION
            verdict = suggested = None
            present: tuple[str, ...] = ()
            if status in ASSESSED:
                verdict = identified
                if basis is Basis.INVESTIGATION:
                    suggested = None
                else:
                    suggested = verdict if rng.random() >= 0.05 else not verdict
                    present = tuple(sorted(rng.sample(ROW_IDS, rng.randint(2, 8) if identified else rng.randint(0, 2))))
            sex = minor = citizenship = None
            if status not in NO_PERSON and not (status is Status.DRAFT and rng.random() < 0.5):
                r = rng.random()
                sex = Sex.FEMALE if r < 0.68 else (Sex.MALE if r < 0.98 else None)
                r = rng.random()
                minor = True if r < 0.14 else (False if r < 0.96 else None)
                r = rng.random()
                if status is Status.NOT_ELIGIBLE:
                    citizenship = Citizenship.OTHER
                elif r < 0.78:
                    citizenship = Citizenship.CITIZEN
                elif r < 0.88:
                    citizenship = Citizenship.PERMANENT_RESIDENT
                elif r < 0.97:
                    citizenship = Citizenship.STATELESS
            deadlines: dict[str, tuple[date, date | None]] = {}
            if identified:
                identified_on = opened + later[rng.randint(0, 2)]
                forwarded_on = met(SEND_TO_AUTHORIZED_BODY, identified_on) if status in FORWARDED else None
                deadlines[SEND_TO_AUTHORIZED_BODY.id] = (due_of(SEND_TO_AUTHORIZED_BODY, identified_on), forwarded_on)
                if forwarded_on is not None:
                    decided_on = met(PERMIT_DECISION, forwarded_on) if status in DECIDED else None
                    deadlines[PERMIT_DECISION.id] = (due_of(PERMIT_DECISION, forwarded_on), decided_on)
                    if decided_on is not None and status in ISSUED:
                        signed = met(AGREEMENT, decided_on) if status is Status.AGREEMENT_SIGNED else None
                        deadlines[AGREEMENT.id] = (due_of(AGREEMENT, decided_on), signed)
                        if signed is not None and rng.random() < 0.85:
                            card = signed + later[rng.randint(0, 1)]
                            entered = met(PORTAL_ENTRY, card) if rng.random() < 0.95 else None
                            deadlines[PORTAL_ENTRY.id] = (due_of(PORTAL_ENTRY, card), entered)
                        if signed is not None and rng.random() < 0.25:
                            declined = signed + later[rng.randint(0, 3)]
                            informed = met(POLICE_NOTICE, declined) if rng.random() < 0.92 else None
                            deadlines[POLICE_NOTICE.id] = (due_of(POLICE_NOTICE, declined), informed)
            facts = Facts(
                opened_on=opened,
                status=status,
                basis=basis,
                edition=edition,
                verdict=verdict,
                suggested=suggested,
                sex=sex,
                minor=minor,
                citizenship=citizenship,
                present=frozenset(present),
                deadlines=deadlines,
            )
            key = (month_key(opened), org, district)
            for item in items_of(facts):
                counts[(*key, item)] += 1
            dates: list[date | None] = []
            for rule_id in DEADLINE_COLUMNS:
                dates.extend(deadlines.get(rule_id, (None, None)))
            row = (
                case_id,
                org,
                district,
                opened,
                status.value,
                basis.value if basis else None,
                edition,
                verdict,
                suggested,
                sex.value if sex else None,
                minor,
                citizenship.value if citizenship else None,
                ",".join(present),
                *dates,
            )
            if (
                case_id <= CHECKED_ROWS
                and facts_of_row(CaseFacts(**dict(zip(FACT_COLUMNS, row, strict=True)))) != facts
            ):
                raise RuntimeError(f"case {case_id}: its facts row does not read back as its facts")
            facts_rows.append(row)

    def count_rows(self) -> list[tuple[int, int, str, int, int]]:
        return [(m, o, item, d, n) for (m, o, d, item), n in sorted(self.counts.items())]


_seeds: dict[int, Seed] = {}


def forget_seeds() -> None:
    """Let the generated rows go (once every database is seeded: they are big, and the timed runs follow)."""
    _seeds.clear()


def seed_of(cases: int) -> Seed:
    """The synthetic statistics of ``cases`` cases, made once per process (for SQLite and PostgreSQL alike)."""
    if cases not in _seeds:
        _seeds[cases] = Seed(cases)
    return _seeds[cases]


def created(opened: date) -> datetime:
    """The moment the intake started: 10:00 in Kazakhstan on its day."""
    return datetime(opened.year, opened.month, opened.day, 10, tzinfo=clock.TZ).astimezone(UTC)


def case_rows(seed: Seed, sqlite: bool) -> Iterator[tuple[Any, ...]]:
    edition = CURRENT_EDITION.id
    stamps: dict[date, Any] = {}
    for row in seed.facts:
        case_id, org, district, opened, status = row[:5]
        stamp = stamps.get(opened)
        if stamp is None:
            moment = created(opened)
            stamp = stamps[opened] = moment.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else moment
        yield (
            case_id,
            f"{YEAR}-{case_id:07d}",
            org,
            district,
            org,
            status,
            edition,
            "kz-law",
            False,
            0,
            stamp,
            stamp,
            NO_DEADLINE.isoformat() if sqlite else NO_DEADLINE,
        )


def units(sqlite: bool) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    now: Any = clock.utc_now()
    if sqlite:
        now = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    districts = [(d, district_name(d), now) for d in range(1, DISTRICTS + 1)]
    orgs = [(o, f"Bench Stats Shelter No. {o} (synthetic)", district_of(o), now) for o in range(1, ORGS + 1)]
    users = [(o, TELEGRAM_BASE + o, "specialist", o, district_of(o), "ru", True, now) for o in range(1, ORGS + 1)]
    return districts, orgs, users


UNIT_INSERTS = (
    "INSERT INTO districts (id, name, created_at) VALUES (?, ?, ?)",
    "INSERT INTO organizations (id, name, district_id, created_at) VALUES (?, ?, ?, ?)",
    "INSERT INTO users (id, telegram_id, role, organization_id, district_id, locale, active, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
)


# --- SQLite ----------------------------------------------------------------------------------------------------


def _sqlite_facts(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        yield (*row[:3], row[3].isoformat(), *row[4:FIRST_DATE], *(d and d.isoformat() for d in row[FIRST_DATE:]))


def seed_sqlite(path: Path, seed: Seed) -> float:
    """Fill a migrated, empty SQLite file with the seed (one transaction); the seconds it took."""
    started = time.perf_counter()
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-400000")
        db.execute("PRAGMA temp_store=MEMORY")
        indexes = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('cases', 'case_facts', 'stat_counts')"
        ).fetchall()
        with db:
            for name, _sql in indexes:
                db.execute(f'DROP INDEX "{name}"')
            for statement, rows in zip(UNIT_INSERTS, units(sqlite=True), strict=True):
                db.executemany(statement, rows)
            marks = ", ".join("?" * len(CASE_COLUMNS))
            db.executemany(f"INSERT INTO cases ({', '.join(CASE_COLUMNS)}) VALUES ({marks})", case_rows(seed, True))
            marks = ", ".join("?" * len(FACT_COLUMNS))
            db.executemany(
                f"INSERT INTO case_facts ({', '.join(FACT_COLUMNS)}) VALUES ({marks})", _sqlite_facts(seed.facts)
            )
            db.executemany(
                f"INSERT INTO stat_counts ({', '.join(COUNT_COLUMNS)}) VALUES (?, ?, ?, ?, ?)", seed.count_rows()
            )
            for _name, sql in indexes:
                db.execute(sql)
        db.execute("ANALYZE")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return time.perf_counter() - started


async def cached_sqlite(cases: int) -> tuple[Path, dict[str, Any]]:
    """A seeded SQLite file for ``cases`` cases from the cache (seeded on a miss)."""
    CACHE.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = f"stats-{schema_head()}-v{SEED_VERSION}-{cases}.db"
    cached, note = CACHE / name, CACHE / f"{name}.json"
    info: dict[str, Any] = {"cache": str(cached)}
    if cached.exists() and note.exists():
        info.update({"cache_hit": True, **json.loads(note.read_text(encoding="utf-8"))})
    else:
        for stale in CACHE.glob(f"stats-*-{cases}.db*"):
            stale.unlink()
        building = CACHE / f"{name}.{os.getpid()}.tmp"
        store = await infra.open_bench_store(infra.bench_settings(f"sqlite+aiosqlite:///{building}"))  # migrations
        await store.close()
        seed = await asyncio.to_thread(seed_of, cases)
        load = await asyncio.to_thread(seed_sqlite, building, seed)
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{building}{suffix}")
        os.replace(building, cached)
        made = _seed_info(seed, load)
        note.write_text(json.dumps(made), encoding="utf-8")
        info.update({"cache_hit": False, **made})
    info["file_mb"] = round(cached.stat().st_size / 2**20, 1)
    return cached, info


def _seed_info(seed: Seed, load: float) -> dict[str, Any]:
    return {
        "cases": seed.cases,
        "districts": DISTRICTS,
        "organizations": ORGS,
        "stat_counts_rows": len(seed.counts),
        "generate_s": round(seed.seconds, 2),
        "load_s": round(load, 2),
        "seed_s": round(seed.seconds + load, 2),
    }


# --- PostgreSQL ------------------------------------------------------------------------------------------------


async def seed_postgres(url: str, seed: Seed) -> float:
    import asyncpg

    started = time.perf_counter()
    db = await asyncpg.connect(infra.asyncpg_dsn(url))
    try:
        async with db.transaction():
            # The bench's own bulk load: foreign keys are not checked row by row (the ids are made consistent).
            await db.execute("SET LOCAL session_replication_role = replica")
            await db.execute("SET LOCAL maintenance_work_mem = '256MB'")
            rebuild = await _drop_secondary_indexes(db, ("cases", "case_facts", "stat_counts"))
            districts, orgs, users = units(sqlite=False)
            await db.copy_records_to_table("districts", records=districts, columns=("id", "name", "created_at"))
            await db.copy_records_to_table(
                "organizations", records=orgs, columns=("id", "name", "district_id", "created_at")
            )
            await db.copy_records_to_table(
                "users",
                records=users,
                columns=(
                    "id",
                    "telegram_id",
                    "role",
                    "organization_id",
                    "district_id",
                    "locale",
                    "active",
                    "created_at",
                ),
            )
            await db.copy_records_to_table("cases", records=case_rows(seed, False), columns=CASE_COLUMNS)
            await db.copy_records_to_table("case_facts", records=seed.facts, columns=FACT_COLUMNS)
            await db.copy_records_to_table("stat_counts", records=seed.count_rows(), columns=COUNT_COLUMNS)
            for statement in rebuild:
                await db.execute(statement)
            for table in ("districts", "organizations", "users", "cases"):
                await db.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
        await db.execute("ANALYZE")
    finally:
        await db.close()
    return time.perf_counter() - started


async def postgres_sizes(url: str) -> dict[str, float]:
    import asyncpg

    db = await asyncpg.connect(infra.asyncpg_dsn(url))
    try:
        row = await db.fetchrow(
            "SELECT pg_database_size(current_database()) AS db, pg_total_relation_size('case_facts') AS facts, "
            "pg_total_relation_size('stat_counts') AS counts, pg_total_relation_size('cases') AS cases"
        )
    finally:
        await db.close()
    return {f"{key}_mb": round(row[key] / 2**20, 1) for key in ("db", "facts", "counts", "cases")}


# --- preparing and measuring -----------------------------------------------------------------------------------


async def prepare(
    stack: contextlib.AsyncExitStack, database: str, cases: int, postgres_dsn: str = infra.DEFAULT_POSTGRES
) -> tuple[str, dict[str, Any]]:
    """A database URL holding the statistics of ``cases`` cases; a PostgreSQL one is dropped when ``stack`` closes."""
    if database == "sqlite":
        path, info = await cached_sqlite(cases)
        return f"sqlite+aiosqlite:///{path}", info
    url = await stack.enter_async_context(infra.postgres_database(postgres_dsn))
    store = await infra.open_bench_store(infra.bench_settings(url))  # migrations
    await store.close()
    seed = await asyncio.to_thread(seed_of, cases)
    load = await seed_postgres(url, seed)
    return url, {**_seed_info(seed, load), **await postgres_sizes(url)}


def expected_started(cases: int) -> dict[str, int]:
    """The intakes started in each measured report's scope and period, counted from the seeding's layout."""
    found = Counter()
    for _case_id, opened, org in opened_days(cases):
        in_range = RANGE_PERIOD.start <= opened <= RANGE_PERIOD.end
        found["year_country"] += 1
        found["year_district"] += district_of(org) == MEASURED_DISTRICT
        found["range_country"] += in_range
    return dict(found)


async def expected_deadlines(store: Store, period: Period, today: date) -> dict[str, dict[str, int]]:
    """Per deadline over the country's ``period``: applied, met, missed (late, or running past due), running; counted
    in SQL over case_facts, not from the monthly totals."""
    import sqlalchemy as sa

    found: dict[str, dict[str, int]] = {}
    async with store.engine.connect() as connection:
        for rule_id, name in DEADLINE_COLUMNS.items():
            d, n = f"{name}_due", f"{name}_done"
            row = (
                await connection.execute(
                    sa.text(
                        f"SELECT count({d}), sum(CASE WHEN {n} <= {d} THEN 1 ELSE 0 END), "
                        f"sum(CASE WHEN {n} > {d} OR ({n} IS NULL AND {d} < :today) THEN 1 ELSE 0 END), "
                        f"sum(CASE WHEN {n} IS NULL AND {d} >= :today THEN 1 ELSE 0 END) "
                        f"FROM case_facts WHERE {d} IS NOT NULL AND opened_on BETWEEN :start AND :end"
                    ),
                    {"today": today, "start": period.start, "end": period.end},
                )
            ).one()
            found[rule_id] = dict(zip(("total", "met", "missed", "running"), (int(v or 0) for v in row), strict=True))
    return found


def deadline_mismatches(report: Any, expected: dict[str, dict[str, int]]) -> list[str]:
    """The year's deadline tables against the SQL count (cells hidden as small numbers are not compared)."""
    wrong = []
    for rule, _start, _done in DEADLINES:
        table, want = report.table(f"deadline.{rule.id}"), expected[rule.id]
        if table.total is not None and table.total != want["total"]:
            wrong.append(f"{rule.id}: total {table.total}, expected {want['total']}")
        for key in ("met", "missed", "running"):
            value = table.cell(key).value
            if value is not None and value != want[key]:
                wrong.append(f"{rule.id}: {key} {value}, expected {want[key]}")
    return wrong


def _summary(times: list[float]) -> dict[str, float]:
    return {"runs": len(times), "median": ms(statistics.median(times)), "max": ms(max(times))}


async def _timed(call: Any, runs: int, warmup: int) -> tuple[dict[str, float], Any]:
    for _ in range(warmup):
        result = await call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = await call()
        times.append(time.perf_counter() - started)
    return _summary(times), result


async def measure_on(url: str, cases: int, runs: int) -> dict[str, Any]:
    """The three reports, timed and checked. PostgreSQL plans a prepared statement for its values the first five
    times it runs and may then keep a generic plan for good: the warm-up there is five calls, so that the timed runs
    are those of a bot that has been up for a while (SQLite plans a statement once, without the values)."""
    warmup = 5 if url.startswith("postgresql") else 1
    store = await infra.open_bench_store(infra.bench_settings(url))
    try:
        today = clock.today()
        country = Scope(ScopeKind.COUNTRY)
        district = Scope(ScopeKind.DISTRICT, MEASURED_DISTRICT, district_name(MEASURED_DISTRICT))
        year_country, year = await _timed(lambda: store.statistics(None, country, YEAR_PERIOD), runs, warmup)
        year_district, in_district = await _timed(lambda: store.statistics(None, district, YEAR_PERIOD), runs, warmup)
        range_country, in_range = await _timed(lambda: store.statistics(None, country, RANGE_PERIOD), runs, warmup)
        want = expected_started(cases)
        started = {
            "year_country": year.started,
            "year_district": in_district.started,
            "range_country": in_range.started,
        }
        deadlines = await expected_deadlines(store, YEAR_PERIOD, today)
        wrong = [f"{key}: started {started[key]}, expected {want[key]}" for key in started if started[key] != want[key]]
        wrong += deadline_mismatches(year, deadlines)
        return {
            "cases": cases,
            "year_country_ms": year_country,
            "year_district_ms": year_district,
            "range_country_ms": range_country,
            "started_ok": year.started == cases and not wrong,
            "started": started,
            "deadlines_past_due": {rule_id: n["missed"] for rule_id, n in deadlines.items()},
            "wrong": wrong,
            "report_day": today.isoformat(),
            "warmup_calls": warmup,
        }
    finally:
        await store.close()


async def figures(url: str, cases: int, runs: int, seed: dict[str, Any]) -> dict[str, Any]:
    """``stats.<database>.<cases>`` of ``python -m bench``: the reports' times and checks, and how the data was made."""
    return {**await measure_on(url, cases, runs), "seed_s": seed["seed_s"], "seed": seed}


async def measure(
    databases: Iterable[str] = ("sqlite", "postgresql"),
    scales: Iterable[int] = SCALES,
    runs: int = 5,
    postgres_dsn: str = infra.DEFAULT_POSTGRES,
) -> dict[str, Any]:
    """``stats``: {database: {cases: figures}} (a database that cannot be reached says ``skipped``)."""
    use_cached_key()
    found: dict[str, Any] = {}
    async with contextlib.AsyncExitStack() as stack:
        for database in databases:
            missing = await infra.postgres_reachable(postgres_dsn) if database == "postgresql" else None
            if missing:
                found[database] = {"skipped": f"PostgreSQL: {missing}"}
                continue
            found[database] = {}
            for cases in scales:
                url, info = await prepare(stack, database, cases, postgres_dsn)
                found[database][str(cases)] = await figures(url, cases, runs, info)
    forget_seeds()
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.stats", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default=",".join(map(str, SCALES)), help="cases, comma-separated (%(default)s)")
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated (%(default)s)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each report after a warm-up (%(default)s)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_DSN", infra.DEFAULT_POSTGRES),
        help="a PostgreSQL server where throwaway databases may be made (default %(default)s)",
    )
    parser.add_argument("--json", metavar="OUT.json", help="also write the results to this file")
    args = parser.parse_args(argv)
    scales = [int(s.replace("_", "")) for s in args.scales.split(",") if s]
    load = list(os.getloadavg())
    result = asyncio.run(measure(args.databases.split(","), scales, args.runs, args.postgres))
    emit({"stats": result, "load_average": {"at_start": load, "at_end": list(os.getloadavg())}}, args.json)
    if any(
        not entry.get("started_ok", True)
        for runs in result.values()
        for entry in runs.values()
        if isinstance(entry, dict)
    ):
        sys.exit(1)


if __name__ == "__main__":
    main()
