"""Status lookups (``Store.status_lines``, behind ``/status NUMBER`` and the ``/status`` list) at 1,000 and at
1,000,000 cases, on SQLite and on PostgreSQL.

The cases are seeded in bulk with SQL (a recursive CTE in SQLite, ``generate_series`` in PostgreSQL), 100 per
organization (so the scoped list is the same size at both scales), spread over ten organizations per district and
interleaved in time, with statuses, dates, the encrypted columns and the person's encrypted name as the bot writes
them (values sealed once and reused across rows: the data is synthetic). The measured organization's cases also get
their 28 sheet answers, a report and for every third case a child; other organizations' cases have none (and no
audit history is seeded), which keeps seeding a million cases to seconds.

The seeded SQLite file is cached under the temp folder, keyed by schema revision and seed version (a miss seeds it
again); PostgreSQL databases are made, seeded (the secondary indexes of ``cases`` and ``persons`` dropped during the
load and rebuilt after it, exactly as the migrations define them) and dropped in each run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import infra
from bench.harness import percentile
from bot.config import Settings
from bot.standard.conversation import CHECKLIST, INTERPRETER_CHECKLIST
from bot.standard.sheet import CURRENT_EDITION
from bot.store import Store
from bot.store.models import Case, Child, Person, Report, SheetAnswer, User

SEED_VERSION = 3
CASES_PER_ORG = 100
ORGS_PER_DISTRICT = 10
POOL = 50  # distinct sealed values per encrypted column
TELEGRAM_BASE = 800_000_000
CACHE = Path(tempfile.gettempdir()) / "intake-bench-cache"

# i % 20 -> status: a spread like a service's history (a quarter under agreement, some open deadlines)
STATUSES = (["agreement_signed"] * 5 + ["not_identified"] * 3 + ["permit_refused"] * 2 + ["forwarded"] * 2
            + ["permit_issued", "identified", "identified", "consent_refused", "not_eligible", "medical_referral",
               "cancelled", "draft"])
ASSESSED = ("identified", "not_identified", "forwarded", "permit_issued", "permit_refused", "agreement_signed")
NO_PERSON = ("consent_refused", "cancelled")


def layout(cases: int) -> dict[str, int]:
    orgs = max(1, cases // CASES_PER_ORG)
    districts = max(1, orgs // ORGS_PER_DISTRICT)
    return {"cases": cases, "organizations": orgs, "districts": districts, "measured_org": orgs // 2 + 1}


def seal(column: Any, value: Any) -> str:
    """A value sealed exactly as the column's :class:`Encrypted` type seals it on insert."""
    return column.type.process_bind_param(value, None)


def pools() -> dict[str, list[str]]:
    c, p = Case.__table__.c, Person.__table__.c
    r, ch, a, u = Report.__table__.c, Child.__table__.c, SheetAnswer.__table__.c, User.__table__.c
    checklist = {"place": "organization", "items": {item.id: True for item in CHECKLIST}}
    interpreter = {"present": True, "name": "Interpreterova Bench", "languages": "Kazakh – Russian",
                   "checklist": {item.id: True for item in INTERPRETER_CHECKLIST}}
    answers = ("present", "absent", "absent", "not_established")
    return {
        "checklist": [seal(c.checklist, checklist) for _ in range(POOL)],
        "interview_language": [seal(c.interview_language, ("kk", "ru", "en")[k % 3]) for k in range(POOL)],
        "interpreter": [seal(c.interpreter, interpreter if k % 2 else {"present": False}) for k in range(POOL)],
        "contraindications": [seal(c.contraindications, []) for _ in range(POOL)],
        "override_reason": [seal(c.override_reason, f"Synthetic override reason {k}") for k in range(POOL)],
        "decision_reason": [seal(c.decision_reason, f"Synthetic refusal reason {k}") for k in range(POOL)],
        "investigation": [seal(c.investigation, {"number": f"BENCH-{k}", "date": "2024-01-15"})
                          for k in range(POOL)],
        "surname": [seal(p.surname, f"Benchova-{k}") for k in range(POOL)],
        "first_name": [seal(p.first_name, f"Synthia{k}") for k in range(POOL)],
        "patronymic": [seal(p.patronymic, "" if k % 3 else "Testovna") for k in range(POOL)],
        "birth_date": [seal(p.birth_date, f"19{70 + k % 30}-0{1 + k % 9}-1{k % 10}") for k in range(POOL)],
        "sex": [seal(p.sex, ("female", "male")[k % 2]) for k in range(POOL)],
        "citizenship": [seal(p.citizenship, "citizen") for _ in range(POOL)],
        "has_documents": [seal(p.has_documents, ("yes", "no")[k % 2]) for k in range(POOL)],
        "full_name": [seal(u.full_name, f"Benchova Specialist {k} (synthetic)") for k in range(POOL)],
        "answer": [seal(a.answer, answers[k % len(answers)]) for k in range(POOL)],
        "child_surname": [seal(ch.surname, f"Benchova-{k}") for k in range(POOL)],
        "child_first_name": [seal(ch.first_name, f"Juniora{k}") for k in range(POOL)],
        "child_birth_date": [seal(ch.birth_date, f"201{k % 10}-0{1 + k % 9}-0{1 + k % 9}") for k in range(POOL)],
        "child_relation": [seal(ch.relation, "daughter") for _ in range(POOL)],
        "held_at": [seal(r.held_at, "2025-06-01T10:00:00+05:00") for _ in range(POOL)],
        "venue": [seal(r.venue, "Bench Shelter (synthetic), 1 Test Street") for _ in range(POOL)],
        "circumstances": [seal(r.circumstances, "Present: the specialist (synthetic).") for _ in range(POOL)],
        "narrative": [seal(r.narrative, ["A synthetic narrative for the benchmark."]) for _ in range(POOL)],
        "authorized_person": [seal(r.authorized_person, "Benchova Specialist") for _ in range(POOL)],
    }


# --- SQLite ----------------------------------------------------------------------------------------------------

SQLITE_CASES = """
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < :n),
c0 AS (
  SELECT i, ((i - 1) % :orgs) + 1 AS org, (:n - i) * 2000 / :n AS age, (i * 2654435761) % 1000003 AS h
  FROM seq
), c AS (
  SELECT i, org, age, h, (SELECT status FROM bench_status WHERE k = h % 20) AS status, (h % 200 = 7) AS practice
  FROM c0
)
INSERT INTO cases (id, number, organization_id, district_id, specialist_id, status, practice, edition, verdict_rule,
  basis, investigation, checklist, interview_language, interpreter, consent, consent_at, contraindications,
  children_done, suggested_verdict, verdict, override_reason, sheet_position, updated_at, closed_at, created_at,
  identified_on, forwarded_on, decided_on, decided_by, decision_reason, agreement_signed_on, agreement_ends_on)
SELECT i,
  CASE WHEN practice THEN 'T-' ELSE '' END || strftime('%Y', 'now', '-' || age || ' days') || '-' || printf('%07d', i),
  org, ((org - 1) % :districts) + 1, org, status, practice, :edition, 'kz-law',
  CASE WHEN h % 50 = 3 THEN 'investigation' ELSE 'application' END,
  CASE WHEN h % 50 = 3 THEN (SELECT v FROM pool_investigation WHERE k = i % :pool) END,
  (SELECT v FROM pool_checklist WHERE k = i % :pool),
  (SELECT v FROM pool_interview_language WHERE k = i % :pool),
  (SELECT v FROM pool_interpreter WHERE k = i % :pool),
  status NOT IN ('consent_refused'), datetime('now', '-' || age || ' days') || '.000000',
  CASE WHEN status <> 'draft' THEN (SELECT v FROM pool_contraindications WHERE k = i % :pool) END,
  status <> 'draft', status IN (SELECT status FROM bench_assessed) AND status <> 'not_identified',
  status IN (SELECT status FROM bench_assessed) AND status <> 'not_identified',
  CASE WHEN h % 40 = 5 THEN (SELECT v FROM pool_override_reason WHERE k = i % :pool) END,
  CASE WHEN status = 'draft' THEN h % 28 ELSE 28 END,
  datetime('now', '-' || age || ' days', '+3 days') || '.000000',
  CASE WHEN status <> 'draft' THEN datetime('now', '-' || age || ' days', '+1 hours') || '.000000' END,
  datetime('now', '-' || age || ' days') || '.000000',
  CASE WHEN status IN (SELECT status FROM bench_assessed) THEN date('now', '-' || age || ' days') END,
  CASE WHEN status IN ('forwarded', 'permit_issued', 'permit_refused', 'agreement_signed')
       THEN date('now', '-' || age || ' days', '+1 days') END,
  CASE WHEN status IN ('permit_issued', 'permit_refused', 'agreement_signed')
       THEN date('now', '-' || age || ' days', '+3 days') END,
  NULL,
  CASE WHEN status = 'permit_refused' THEN (SELECT v FROM pool_decision_reason WHERE k = i % :pool) END,
  CASE WHEN status = 'agreement_signed' THEN date('now', '-' || age || ' days', '+4 days') END,
  CASE WHEN status = 'agreement_signed' THEN date('now', '-' || age || ' days', '+4 days', '+6 months') END
FROM c
"""

SQLITE_PERSONS = """
INSERT INTO persons (case_id, surname, first_name, patronymic, birth_date, sex, citizenship, has_documents)
SELECT id, (SELECT v FROM pool_surname WHERE k = id % :pool), (SELECT v FROM pool_first_name WHERE k = id % :pool),
  (SELECT v FROM pool_patronymic WHERE k = id % :pool), (SELECT v FROM pool_birth_date WHERE k = id % :pool),
  (SELECT v FROM pool_sex WHERE k = id % :pool), (SELECT v FROM pool_citizenship WHERE k = id % :pool),
  (SELECT v FROM pool_has_documents WHERE k = id % :pool)
FROM cases WHERE status NOT IN ('consent_refused', 'cancelled')
"""


def seed_sqlite(path: Path, cases: int) -> dict[str, Any]:
    """Fill a migrated, empty SQLite file with ``cases`` cases (see the module's docstring)."""
    shape = layout(cases)
    started = time.perf_counter()
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-200000")
        db.execute("PRAGMA temp_store=MEMORY")
        with db:
            _seed_sqlite_rows(db, shape)
        db.execute("ANALYZE")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return {**shape, "seed_seconds": round(time.perf_counter() - started, 2)}


def _seed_sqlite_rows(db: sqlite3.Connection, shape: dict[str, int]) -> None:
    n, orgs, districts, measured = shape["cases"], shape["organizations"], shape["districts"], shape["measured_org"]
    sealed = pools()
    for name, values in sealed.items():
        db.execute(f"CREATE TEMP TABLE pool_{name} (k INTEGER PRIMARY KEY, v TEXT)")
        db.executemany(f"INSERT INTO pool_{name} VALUES (?, ?)", list(enumerate(values)))
    db.execute("CREATE TEMP TABLE bench_status (k INTEGER PRIMARY KEY, status TEXT)")
    db.executemany("INSERT INTO bench_status VALUES (?, ?)", list(enumerate(STATUSES)))
    db.execute("CREATE TEMP TABLE bench_assessed (status TEXT PRIMARY KEY)")
    db.executemany("INSERT INTO bench_assessed VALUES (?)", [(s,) for s in ASSESSED])
    now = "datetime('now') || '.000000'"
    db.execute(f"""WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {districts})
                   INSERT INTO districts (id, name, created_at)
                   SELECT i, 'Bench District ' || i || ' (synthetic)', {now} FROM seq""")
    db.execute(f"""WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {orgs})
                   INSERT INTO organizations (id, name, district_id, address, created_at)
                   SELECT i, 'Bench Shelter No. ' || i || ' (synthetic)', ((i - 1) % {districts}) + 1, NULL, {now}
                   FROM seq""")
    db.execute(f"""WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < {orgs})
                   INSERT INTO users (id, telegram_id, role, organization_id, district_id, full_name, locale, active,
                                      created_at)
                   SELECT i, {TELEGRAM_BASE} + i, 'specialist', i, ((i - 1) % {districts}) + 1,
                          (SELECT v FROM pool_full_name WHERE k = i % {POOL}), 'ru', 1, {now} FROM seq""")
    params = {"n": n, "orgs": orgs, "districts": districts, "edition": CURRENT_EDITION.id, "pool": POOL}
    db.execute(SQLITE_CASES, params)
    db.execute(SQLITE_PERSONS, {"pool": POOL})
    _seed_measured_org_sqlite(db, measured)
    from bench import scale  # the schedule, the big organization, the due reminders (bench/scale.py)

    for statement in scale.statements("sqlite", n):
        db.execute(statement)


def _seed_measured_org_sqlite(db: sqlite3.Connection, org: int) -> None:
    rows = [(r.id,) for r in CURRENT_EDITION.rows]
    db.execute("CREATE TEMP TABLE bench_rows (row_id TEXT)")
    db.executemany("INSERT INTO bench_rows VALUES (?)", rows)
    assessed = "(" + ", ".join(f"'{s}'" for s in ASSESSED) + ")"
    db.execute(f"""INSERT INTO sheet_answers (case_id, row_id, answer, updated_at)
                   SELECT c.id, r.row_id, (SELECT v FROM pool_answer WHERE k = (c.id + length(r.row_id)) % {POOL}),
                          c.updated_at
                   FROM cases c CROSS JOIN bench_rows r
                   WHERE c.organization_id = ? AND c.status IN {assessed}""", (org,))
    db.execute(f"""INSERT INTO children (case_id, surname, first_name, patronymic, birth_date, relation)
                   SELECT id, (SELECT v FROM pool_child_surname WHERE k = id % {POOL}),
                          (SELECT v FROM pool_child_first_name WHERE k = id % {POOL}), NULL,
                          (SELECT v FROM pool_child_birth_date WHERE k = id % {POOL}),
                          (SELECT v FROM pool_child_relation WHERE k = id % {POOL})
                   FROM cases WHERE organization_id = ? AND id % 3 = 0
                     AND status NOT IN ('consent_refused', 'cancelled')""", (org,))
    db.execute(f"""INSERT INTO reports (case_id, held_at, venue, circumstances, narrative, authorized_person,
                                        completed_at, updated_at)
                   SELECT id, (SELECT v FROM pool_held_at WHERE k = id % {POOL}),
                          (SELECT v FROM pool_venue WHERE k = id % {POOL}),
                          (SELECT v FROM pool_circumstances WHERE k = id % {POOL}),
                          (SELECT v FROM pool_narrative WHERE k = id % {POOL}),
                          (SELECT v FROM pool_authorized_person WHERE k = id % {POOL}), closed_at, updated_at
                   FROM cases WHERE organization_id = ? AND status IN {assessed}""", (org,))


# --- PostgreSQL ------------------------------------------------------------------------------------------------

PG_POOLS = ("checklist", "interview_language", "interpreter", "contraindications", "override_reason",
            "decision_reason", "investigation", "surname", "first_name", "patronymic", "birth_date", "sex",
            "citizenship", "has_documents")

PG_CASES = """
INSERT INTO cases (id, number, organization_id, district_id, specialist_id, status, practice, edition, verdict_rule,
  basis, investigation, checklist, interview_language, interpreter, consent, consent_at, contraindications,
  children_done, suggested_verdict, verdict, override_reason, sheet_position, updated_at, closed_at, created_at,
  identified_on, forwarded_on, decided_on, decided_by, decision_reason, agreement_signed_on, agreement_ends_on)
SELECT i,
  CASE WHEN practice THEN 'T-' ELSE '' END || to_char(t, 'YYYY') || '-' || lpad(i::text, 7, '0'),
  org, ((org - 1) % $3::int) + 1, org, status, practice, $4::text, 'kz-law',
  CASE WHEN h % 50 = 3 THEN 'investigation' ELSE 'application' END,
  CASE WHEN h % 50 = 3 THEN p.investigation[k] END, p.checklist[k], p.interview_language[k], p.interpreter[k],
  status <> 'consent_refused', t,
  CASE WHEN status <> 'draft' THEN p.contraindications[k] END,
  status <> 'draft', status = ANY($5::text[]) AND status <> 'not_identified',
  status = ANY($5::text[]) AND status <> 'not_identified',
  CASE WHEN h % 40 = 5 THEN p.override_reason[k] END,
  CASE WHEN status = 'draft' THEN h % 28 ELSE 28 END,
  t + interval '3 days', CASE WHEN status <> 'draft' THEN t + interval '1 hour' END, t,
  CASE WHEN status = ANY($5::text[]) THEN t::date END,
  CASE WHEN status IN ('forwarded', 'permit_issued', 'permit_refused', 'agreement_signed') THEN t::date + 1 END,
  CASE WHEN status IN ('permit_issued', 'permit_refused', 'agreement_signed') THEN t::date + 3 END,
  NULL,
  CASE WHEN status = 'permit_refused' THEN p.decision_reason[k] END,
  CASE WHEN status = 'agreement_signed' THEN t::date + 4 END,
  CASE WHEN status = 'agreement_signed' THEN (t::date + 4 + interval '6 months')::date END
FROM (
  SELECT i, ((i - 1) % $2::int) + 1 AS org, (i % $7::int) + 1 AS k,
         now() - make_interval(days => ((($1::int - i)::bigint * 2000) / $1::int)::int) AS t,
         ($6::text[])[(h % 20) + 1] AS status, (h % 200 = 7) AS practice, h
  FROM (SELECT i, (i::bigint * 2654435761) % 1000003 AS h FROM generate_series(1, $1::int) AS i) s
) c CROSS JOIN bench_pools p
"""

PG_PERSONS = """
INSERT INTO persons (case_id, surname, first_name, patronymic, birth_date, sex, citizenship, has_documents)
SELECT id, p.surname[k], p.first_name[k], p.patronymic[k], p.birth_date[k], p.sex[k], p.citizenship[k],
       p.has_documents[k]
FROM (SELECT id, (id % $1::int) + 1 AS k FROM cases WHERE status NOT IN ('consent_refused', 'cancelled')) c
CROSS JOIN bench_pools p
"""


async def seed_postgres(url: str, cases: int) -> dict[str, Any]:
    import asyncpg

    shape = layout(cases)
    n, orgs, districts, measured = shape["cases"], shape["organizations"], shape["districts"], shape["measured_org"]
    started = time.perf_counter()
    db = await asyncpg.connect(infra.asyncpg_dsn(url))
    try:
        async with db.transaction():
            # The bench's own bulk load: foreign keys are not checked row by row (the ids are made consistent).
            await db.execute("SET LOCAL session_replication_role = replica")
            for name, values in pools().items():
                await db.execute(f"CREATE TEMP TABLE pool_{name} (k integer PRIMARY KEY, v text) ON COMMIT DROP")
                await db.executemany(f"INSERT INTO pool_{name} VALUES ($1, $2)", list(enumerate(values)))
            arrays = ", ".join(f"(SELECT array_agg(v ORDER BY k) FROM pool_{name}) AS {name}" for name in PG_POOLS)
            await db.execute(f"CREATE TEMP TABLE bench_pools ON COMMIT DROP AS SELECT {arrays}")
            await db.execute("""INSERT INTO districts (id, name, created_at)
                                SELECT i, 'Bench District ' || i || ' (synthetic)', now()
                                FROM generate_series(1, $1) AS i""", districts)
            await db.execute("""INSERT INTO organizations (id, name, district_id, address, created_at)
                                SELECT i, 'Bench Shelter No. ' || i || ' (synthetic)', ((i - 1) % $2) + 1, NULL, now()
                                FROM generate_series(1, $1) AS i""", orgs, districts)
            await db.execute(f"""INSERT INTO users (id, telegram_id, role, organization_id, district_id, full_name,
                                                    locale, active, created_at)
                                 SELECT i, {TELEGRAM_BASE} + i, 'specialist', i, ((i - 1) % $2) + 1,
                                        (SELECT v FROM pool_full_name WHERE k = i % {POOL}), 'ru', true, now()
                                 FROM generate_series(1, $1) AS i""", orgs, districts)
            await db.execute("SET LOCAL maintenance_work_mem = '256MB'")
            rebuild = await _drop_secondary_indexes(db, ("cases", "persons"))
            await db.execute(PG_CASES, n, orgs, districts, CURRENT_EDITION.id, list(ASSESSED), STATUSES, POOL)
            await db.execute(PG_PERSONS, POOL)
            from bench import scale  # the schedule, the big organization, the due reminders (bench/scale.py)

            for statement in scale.statements("postgresql", n):
                await db.execute(statement)
            for statement in rebuild:
                await db.execute(statement)
            assessed = list(ASSESSED)
            await db.execute(f"""INSERT INTO sheet_answers (case_id, row_id, answer, updated_at)
                                 SELECT c.id, r, (SELECT v FROM pool_answer WHERE k = (c.id + length(r)) % {POOL}),
                                        c.updated_at
                                 FROM cases c CROSS JOIN unnest($2::text[]) AS r
                                 WHERE c.organization_id = $1 AND c.status = ANY($3)""",
                             measured, [r.id for r in CURRENT_EDITION.rows], assessed)
            await db.execute(f"""INSERT INTO children (case_id, surname, first_name, patronymic, birth_date, relation)
                                 SELECT id, (SELECT v FROM pool_child_surname WHERE k = id % {POOL}),
                                        (SELECT v FROM pool_child_first_name WHERE k = id % {POOL}), NULL,
                                        (SELECT v FROM pool_child_birth_date WHERE k = id % {POOL}),
                                        (SELECT v FROM pool_child_relation WHERE k = id % {POOL})
                                 FROM cases WHERE organization_id = $1 AND id % 3 = 0
                                   AND status NOT IN ('consent_refused', 'cancelled')""", measured)
            await db.execute(f"""INSERT INTO reports (case_id, held_at, venue, circumstances, narrative,
                                                      authorized_person, completed_at, updated_at)
                                 SELECT id, (SELECT v FROM pool_held_at WHERE k = id % {POOL}),
                                        (SELECT v FROM pool_venue WHERE k = id % {POOL}),
                                        (SELECT v FROM pool_circumstances WHERE k = id % {POOL}),
                                        (SELECT v FROM pool_narrative WHERE k = id % {POOL}),
                                        (SELECT v FROM pool_authorized_person WHERE k = id % {POOL}),
                                        closed_at, updated_at
                                 FROM cases WHERE organization_id = $1 AND status = ANY($2)""", measured, assessed)
            for table in ("districts", "organizations", "users", "cases", "children", "sheet_answers", "audit"):
                await db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)")
        await db.execute("ANALYZE")
    finally:
        await db.close()
    return {**shape, "seed_seconds": round(time.perf_counter() - started, 2)}


async def _drop_secondary_indexes(db: Any, tables: tuple[str, ...]) -> list[str]:
    """Drop the unique constraints and indexes (not the primary keys) of ``tables``; return the statements that
    rebuild them as they were."""
    constraints = await db.fetch(
        """SELECT conname, conrelid::regclass::text AS tbl, pg_get_constraintdef(oid) AS def FROM pg_constraint
           WHERE contype = 'u' AND conrelid::regclass::text = ANY($1::text[])""", list(tables))
    indexes = await db.fetch(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""", list(tables))
    for row in constraints:
        await db.execute(f'ALTER TABLE "{row["tbl"]}" DROP CONSTRAINT "{row["conname"]}"')
    for row in indexes:
        await db.execute(f'DROP INDEX "{row["indexname"]}"')
    return ([row["indexdef"] for row in indexes]
            + [f'ALTER TABLE "{row["tbl"]}" ADD CONSTRAINT "{row["conname"]}" {row["def"]}' for row in constraints])


# --- measuring -------------------------------------------------------------------------------------------------

async def measure_lookups(store: Store, cases: int, lookups: int, lists: int, seed: int = 7) -> dict[str, Any]:
    """Per-lookup times of ``status_lines(actor, number)`` for random existing numbers of the measured
    organization, and of its whole list ``status_lines(actor)``."""
    shape = layout(cases)
    actor = await store.user_by_telegram(TELEGRAM_BASE + shape["measured_org"])
    lines = await store.status_lines(actor)
    numbers = [line.number for line in lines]
    if not numbers:
        raise RuntimeError("the measured organization has no visible cases: seeding went wrong")
    rng = random.Random(seed)
    for number in rng.sample(numbers, min(10, len(numbers))):  # warm up (statement caches, calendar)
        await store.status_lines(actor, number=number)
    one: list[float] = []
    found = 0
    for _ in range(lookups):
        number = rng.choice(numbers)
        started = time.perf_counter()
        result = await store.status_lines(actor, number=number)
        one.append(time.perf_counter() - started)
        found += len(result)
    if found != lookups:
        raise RuntimeError(f"{lookups - found} lookups of existing numbers found nothing")
    whole: list[float] = []
    for _ in range(lists):
        started = time.perf_counter()
        await store.status_lines(actor)
        whole.append(time.perf_counter() - started)
    return {
        "cases": cases, "organization_cases_visible": len(numbers),
        "lookup": {"n": lookups, "median_ms": ms(statistics.median(one)), "p99_ms": ms(percentile(one, 0.99)),
                   "mean_ms": ms(statistics.fmean(one))},
        "list": {"n": lists, "median_ms": ms(statistics.median(whole)), "p99_ms": ms(percentile(whole, 0.99))},
    }


def ms(seconds: float) -> float:
    return round(1000 * seconds, 3)


def schema_head() -> str:
    from alembic.script import ScriptDirectory

    from bot.store.db import alembic_config

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() or "none"


async def _open(settings: Settings) -> Store:
    return await infra.open_bench_store(settings)


async def cached_sqlite(cases: int) -> tuple[Path, dict[str, Any]]:
    """A seeded SQLite file for ``cases`` cases from the cache (seeded on a miss). The runs' lookups add their
    audit rows to it, as they would to a real database; nothing else changes."""
    CACHE.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = f"status-{schema_head()}-v{SEED_VERSION}-{cases}.db"
    cached = CACHE / name
    info: dict[str, Any] = {"cache": str(cached)}
    if cached.exists():
        info.update({"cache_hit": True, **layout(cases)})
    else:
        for stale in CACHE.glob(f"status-*-{cases}.db*"):
            stale.unlink()
        building = CACHE / f"{name}.{os.getpid()}.tmp"
        store = await _open(infra.bench_settings(f"sqlite+aiosqlite:///{building}"))  # migrations only
        await store.close()
        info.update({"cache_hit": False, **await asyncio.to_thread(seed_sqlite, building, cases)})
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{building}{suffix}")
        os.replace(building, cached)
    info["file_mb"] = round(cached.stat().st_size / 2**20, 1)
    return cached, info


async def prepare(stack: contextlib.AsyncExitStack, database: str, cases: int,
                  postgres_dsn: str = infra.DEFAULT_POSTGRES) -> tuple[str, dict[str, Any]]:
    """A database URL holding ``cases`` seeded cases; a PostgreSQL one is dropped when ``stack`` closes."""
    if database == "sqlite":
        path, info = await cached_sqlite(cases)
        return f"sqlite+aiosqlite:///{path}", info
    url = await stack.enter_async_context(infra.postgres_database(postgres_dsn))
    store = await _open(infra.bench_settings(url))  # migrations
    await store.close()
    return url, await seed_postgres(url, cases)


async def measure_on(url: str, cases: int, lookups: int, lists: int) -> dict[str, Any]:
    from bench import scale

    store = await _open(infra.bench_settings(url))
    try:
        return {**await measure_lookups(store, cases, lookups, lists), **await scale.measure(store, cases, lists * 3)}
    finally:
        await store.close()


def use_cached_key() -> None:
    """The bench's data key lives beside the cached SQLite files (mode 0600), so the cache stays readable."""
    CACHE.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = CACHE / "bench.key"
    from bot.store.crypto import encode_key, load_or_create_key_file

    infra.use_key(encode_key(load_or_create_key_file(path)))


if __name__ == "__main__":  # a manual check: python -m bench.status [CASES...]
    import sys

    async def _main() -> None:
        use_cached_key()
        async with contextlib.AsyncExitStack() as stack:
            for database in ("sqlite", "postgresql"):
                for cases in [int(a) for a in sys.argv[1:]] or [1_000]:
                    url, info = await prepare(stack, database, cases)
                    print(database, {**await measure_on(url, cases, 200, 10), "seed": info})

    asyncio.run(_main())
