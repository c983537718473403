"""What must stay flat as the store grows: a reminder pass, and a page of the big lists.

Added to the stores that ``bench/status.py`` seeds (1,000 and 1,000,000 cases, SQLite and PostgreSQL):

* the schedule of every case (``next_due_on``, as the store keeps it; counted in calendar days here, which is
  enough for a benchmark of the lists' order), with exactly ``DUE_REMINDERS`` cases of the measured
  organization whose next reminder is due, at both scales, so that a pass has the same work to do;
* a big organization in a district of its own, holding a copy of the first ``BIG`` cases (1,000 in the store of
  1,000, 10,000 in the store of 1,000,000), with a specialist and an officer.

Figures: ``reminders``: one ``Store.reminders_due`` (the store's part of a reminder pass: the cases whose reminder
is due, with their recipients), median and p99 ms; ``lists``: the first page and a page from the middle of the big
organization's ``/status`` list, and the first page of its district's officer's waiting list (``status_page``,
eight lines, with the list's counts), median and p99 ms.
"""

from __future__ import annotations

import statistics
import time
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from bench.harness import percentile
from bench.status import TELEGRAM_BASE, layout, ms
from bot.standard.clock import TZ
from bot.store import Store
from bot.store.models import Case, Person

DUE_REMINDERS = 20
RUNNING = ("identified", "forwarded", "permit_issued", "agreement_signed")


def big_cases(cases: int) -> int:
    return min(10_000, cases)


def _copy_columns(table: sa.Table, replace: dict[str, str]) -> tuple[str, str]:
    names = [c.name for c in table.columns]
    return ", ".join(names), ", ".join(replace.get(name, name) for name in names)


def statements(dialect: str, cases: int) -> list[str]:
    """The SQL that adds the schedule, the big organization and the due reminders to a seeded store."""
    shape = layout(cases)
    n, orgs, districts, measured, big = (shape["cases"], shape["organizations"], shape["districts"],
                                         shape["measured_org"], big_cases(cases))
    org, district, officer = orgs + 1, districts + 1, orgs + 2
    sqlite = dialect == "sqlite"
    plus = (lambda column, days: f"date({column}, '+{days} days')") if sqlite else (
        lambda column, days: f"{column} + {days}")
    now = "datetime('now') || '.000000'" if sqlite else "now()"
    an_hour_ago = "datetime('now', '-1 hours') || '.000000'" if sqlite else "now() - interval '1 hour'"
    true = "1" if sqlite else "true"
    case_columns, case_values = _copy_columns(Case.__table__, {
        "id": f"id + {n}", "number": "'B' || number", "organization_id": str(org), "district_id": str(district),
        "specialist_id": str(org), "next_reminder_at": "NULL"})
    person_columns, person_values = _copy_columns(Person.__table__, {"case_id": f"case_id + {n}"})
    running = ", ".join(f"'{s}'" for s in RUNNING)
    return [
        f"""UPDATE cases SET next_due_on = CASE status
              WHEN 'identified' THEN {plus('identified_on', 1)} WHEN 'forwarded' THEN {plus('forwarded_on', 3)}
              WHEN 'permit_issued' THEN {plus('decided_on', 1)} WHEN 'agreement_signed' THEN agreement_ends_on
              ELSE '9999-12-31' END""",
        f"UPDATE cases SET next_reminder_at = {an_hour_ago} WHERE id IN (SELECT id FROM cases WHERE organization_id "
        f"= {measured} AND status IN ({running}) AND practice = {'0' if sqlite else 'false'} ORDER BY id "
        f"LIMIT {DUE_REMINDERS})",
        f"INSERT INTO districts (id, name, created_at) VALUES ({district}, 'Bench Big District (synthetic)', {now})",
        f"INSERT INTO organizations (id, name, district_id, address, created_at) "
        f"VALUES ({org}, 'Bench Big Shelter (synthetic)', {district}, NULL, {now})",
        f"INSERT INTO users (id, telegram_id, role, organization_id, district_id, full_name, locale, active, "
        f"created_at) VALUES ({org}, {TELEGRAM_BASE + org}, 'specialist', {org}, {district}, NULL, 'ru', {true}, "
        f"{now}), ({officer}, {TELEGRAM_BASE + officer}, 'officer', NULL, {district}, NULL, 'ru', {true}, {now})",
        f"INSERT INTO cases ({case_columns}) SELECT {case_values} FROM cases WHERE id <= {big}",
        f"INSERT INTO persons ({person_columns}) SELECT {person_values} FROM persons WHERE case_id <= {big}",
    ]


def big_users(cases: int) -> tuple[int, int]:
    """Telegram ids of the big organization's specialist and of its district's officer."""
    orgs = layout(cases)["organizations"]
    return TELEGRAM_BASE + orgs + 1, TELEGRAM_BASE + orgs + 2


def _summary(times: list[float]) -> dict[str, float]:
    return {"n": len(times), "median_ms": ms(statistics.median(times)), "p99_ms": ms(percentile(times, 0.99))}


async def _timed(call: Any, runs: int) -> tuple[list[float], Any]:
    result = await call()  # warm up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = await call()
        times.append(time.perf_counter() - started)
    return times, result


async def measure(store: Store, cases: int, runs: int) -> dict[str, Any]:
    now = datetime.now(timezone.utc).astimezone(TZ)
    times, due = await _timed(lambda: store.reminders_due(now), runs)
    if len(due) < DUE_REMINDERS:
        raise RuntimeError(f"{len(due)} reminders due, {DUE_REMINDERS} seeded: seeding went wrong")
    reminders = {**_summary(times), "reminders_due": len(due)}

    specialist_id, officer_id = big_users(cases)
    specialist, officer = await store.user_by_telegram(specialist_id), await store.user_by_telegram(officer_id)
    first_times, first = await _timed(lambda: store.status_page(specialist), runs)
    # a page from the middle: the keyset of a line about halfway down the list
    middle_key = None
    async with store.engine.connect() as connection:
        row = (await connection.execute(sa.select(Case.next_due_on, Case.number).where(
            Case.organization_id == specialist.organization_id, Case.status != "draft", Case.practice.is_(False))
            .order_by(Case.next_due_on, Case.number).offset(first.total // 2).limit(1))).first()
        middle_key = (row[0], row[1]) if row else None
    middle_times, _ = await _timed(lambda: store.status_page(specialist, after=middle_key), runs)
    waiting_times, waiting = await _timed(lambda: store.status_page(officer, waiting=True), runs)
    return {
        "reminders": reminders,
        "lists": {"organization_cases": first.total, "waiting_cases": waiting.total,
                  "first_page": _summary(first_times), "middle_page": _summary(middle_times),
                  "waiting_first_page": _summary(waiting_times)},
    }
