"""Open load: updates offered at a fixed rate (30 a second, Telegram's ceiling for one bot) for a fixed time,
whatever the bot's speed, by specialists who each wait for their screen and think a moment before the next step
(as people do), against real ``intake-bot webhook`` processes through the fake Bot API server:

* one process on SQLite (the embedded default), and
* two processes on PostgreSQL with the dialog state in Redis, behind a round-robin balancer.

    .venv/bin/python -m bench.open_load [--seconds 60] [--rate 30] [--json OUT.json]

Each specialist runs intakes one after another (``bot.demo.script.full_intake``). A tick every ``1/rate`` seconds
sends the next step of a specialist who is ready; ``not_offered`` counts the ticks no one was ready for. Figures:
the latency from offering an update to the bot's answer of its post (``p50_ms``, ``p99_ms``), ``lost`` (offered
updates never answered) and ``duplicated`` (updates handled twice, and drafts left beside a finished case).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench import emit, infra
from bench.load import SECRET, TOKEN, start_webhook, stop
from bot.app import open_store
from bot.config import load_settings
from bot.demo.fake_telegram import FakeTelegram
from bot.demo.run import press
from bot.demo.script import full_intake, send, tap
from bot.i18n import make_i18n
from bot.store.crypto import encode_key, new_key

FIRST_ID = 830_000
THINK = (1.0, 3.0)  # seconds a specialist looks at a screen before the next step


class Specialist:
    def __init__(self, user_id: int) -> None:
        self.user_id = user_id
        first = full_intake("en", "ru")
        self.next_intakes = [send("/start"), tap("📝 New intake"), *first[3:]]  # the language is known by then
        self.steps = list(first)
        self.intakes = 0

    def next_step(self) -> Any:
        if not self.steps:
            self.intakes += 1
            self.steps = list(self.next_intakes)
        return self.steps.pop(0)


async def _seed(settings: Any, user_ids: list[int]) -> None:
    store = await open_store(settings)
    try:
        for n, user_id in enumerate(user_ids):
            await store.add_user(user_id, "specialist", org=f"Open Load Shelter {n % 10}",
                                 district="Open Load District", full_name=f"Open Load Specialist {n}")
    finally:
        await store.close()


async def _drafts_beside_cases(settings: Any, user_ids: list[int], finished: dict[int, int]) -> int:
    """Intakes that left more records than were started (a duplicated case or a stray draft)."""
    store = await open_store(settings)
    extra = 0
    try:
        for user_id in user_ids:
            actor = await store.user_by_telegram(user_id)
            cases = len(await store.recent_cases(actor, limit=1000)) + len(await store.drafts(actor))
            extra += max(0, cases - (finished.get(user_id, 0) + 1))
    finally:
        await store.close()
    return extra


async def run(processes: int, database_url: str, redis_url: str | None, seconds: float, rate: float,
              specialists: int, seed: int = 5) -> dict[str, Any]:
    key = encode_key(new_key())
    settings = load_settings(database_url=database_url, intake_data_key=key, redis_url=redis_url)
    user_ids = [FIRST_ID + n for n in range(specialists)]
    await _seed(settings, user_ids)
    rng = random.Random(seed)
    i18n = make_i18n("en")
    with tempfile.TemporaryDirectory(prefix="intake-open-load-") as folder:
        async with FakeTelegram() as tg:
            env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "ADMIN_IDS", "INTAKE_KEY_FILE")}
            env.update(BOT_TOKEN=TOKEN, TELEGRAM_API_URL=tg.base_url, DATABASE_URL=database_url, INTAKE_DATA_KEY=key,
                       WEBHOOK_URL="http://127.0.0.1:9/telegram", WEBHOOK_SECRET=SECRET, LOG_LEVEL="WARNING",
                       DEFAULT_LOCALE="en", **({"REDIS_URL": redis_url} if redis_url else {}))
            logs = [Path(folder) / f"bot{n}.log" for n in range(processes)]
            started_processes = await asyncio.gather(*(start_webhook(env, log) for log in logs))
            tg.webhook_targets = [f"{base}/telegram" for _, base in started_processes]
            people = [Specialist(user_id) for user_id in user_ids]
            ready: asyncio.Queue[Specialist] = asyncio.Queue()
            for person in people:
                ready.put_nowait(person)
            latencies: list[float] = []
            offered = lost = not_offered = errors = 0
            waiting: set[asyncio.Task[None]] = set()

            async def answer(person: Specialist, queued: Any, at: float) -> None:
                nonlocal lost
                try:
                    await tg.processed(queued, timeout=60)
                except (TimeoutError, asyncio.TimeoutError):
                    lost += 1
                    return
                latencies.append(time.perf_counter() - at)
                await asyncio.sleep(rng.uniform(*THINK))
                ready.put_nowait(person)

            try:
                begin = time.perf_counter()
                tick = 0
                while (now := time.perf_counter()) - begin < seconds:
                    tick += 1
                    await asyncio.sleep(max(0.0, begin + tick / rate - now))
                    try:
                        person = ready.get_nowait()
                    except asyncio.QueueEmpty:
                        not_offered += 1
                        continue
                    at = time.perf_counter()
                    try:
                        queued, _ = press(tg, person.user_id, person.next_step(), "en", i18n)
                    except LookupError:  # the screen is not the one the script expects: start the intake again
                        errors += 1
                        person.steps = list(person.next_intakes)
                        ready.put_nowait(person)
                        continue
                    offered += 1
                    task = asyncio.create_task(answer(person, queued, at))
                    waiting.add(task)
                    task.add_done_callback(waiting.discard)
                elapsed = time.perf_counter() - begin
                if waiting:
                    await asyncio.wait(list(waiting), timeout=90)
            finally:
                await asyncio.gather(*(stop(process) for process, _ in started_processes))
            delivered = Counter(update_id for update_id, _ in tg.deliveries)
            tracebacks = sum(log.read_text(errors="replace").count("Traceback") for log in logs)
    finished = {p.user_id: p.intakes for p in people}
    extra = await _drafts_beside_cases(settings, user_ids, finished)
    latencies.sort()
    return {
        "processes": processes, "store": database_url.split(":", 1)[0], "dialog_state": "redis" if redis_url else "sql",
        "rate_offered_per_second": rate, "seconds": round(elapsed, 1), "specialists": specialists,
        "offered": offered, "not_offered": not_offered, "intakes_finished": sum(finished.values()),
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))], 1) if latencies else None,
        "lost": lost, "duplicated": sum(count - 1 for count in delivered.values() if count > 1) + extra,
        "script_errors": errors, "tracebacks_in_log": tracebacks,
    }


async def measure(seconds: float = 60, rate: float = 30, specialists: int = 150,
                  postgres_dsn: str = infra.DEFAULT_POSTGRES, redis_url: str = infra.DEFAULT_REDIS) -> dict[str, Any]:
    """Both set-ups, one after the other; PostgreSQL and Redis throwaway (a database, a Redis database index)."""
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="intake-open-load-db-") as folder:
        result["sqlite_1_process"] = await run(1, f"sqlite+aiosqlite:///{Path(folder) / 'open.db'}", None,
                                               seconds, rate, specialists)
    missing = await infra.postgres_reachable(postgres_dsn) or await infra.redis_reachable(redis_url)
    if missing:
        result["postgresql_redis_2_processes"] = {"skipped": missing}
        return result
    redis = redis_url.rsplit("/", 1)[0] + "/11"
    from redis.asyncio import Redis

    client = Redis.from_url(redis)
    await client.flushdb()
    await client.aclose()
    async with contextlib.AsyncExitStack() as stack:
        url = await stack.enter_async_context(infra.postgres_database(postgres_dsn, prefix="intake_open_load"))
        result["postgresql_redis_2_processes"] = await run(2, url, redis, seconds, rate, specialists)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rate", type=float, default=30)
    parser.add_argument("--specialists", type=int, default=150)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    emit(asyncio.run(measure(args.seconds, args.rate, args.specialists)), args.json)


if __name__ == "__main__":
    main()
