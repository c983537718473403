"""Load: many specialists complete intakes at once against one real ``intake-bot webhook`` process, through
the fake Bot API server on localhost (which posts updates as Telegram does: per chat in order, up to 40 chats
at once). Each specialist waits for the bot to handle a step before taking the next, as a person would.

    .venv/bin/python -m bench.load [--specialists 200] [--database-url URL] [--redis-url URL] [--json OUT.json]

Afterwards every specialist's case is read back from the store: the figures say how many were found complete,
lost or duplicated. Default store: a fresh SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from bench import emit
from bot.app import open_store
from bot.config import load_settings
from bot.demo.fake_telegram import FakeTelegram
from bot.demo.run import press
from bot.demo.script import Step, full_intake
from bot.i18n import make_i18n
from bot.standard.lifecycle import Status
from bot.store.crypto import encode_key, new_key

FIRST_ID = 810_000
EXE = str(Path(sys.executable).parent / "intake-bot")
TOKEN = "123456789:LOAD-TEST-TOKEN"
SECRET = "load-test-webhook-secret-0123"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Wait until the webhook process at ``base`` answers /health with 200 (60 s at most)."""
    deadline = time.monotonic() + 60
    async with aiohttp.ClientSession() as http:
        while True:
            try:
                async with http.get(f"{base}/health") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the bot did not come up:\n{log.read_text(errors='replace')[-3000:]}")
            await asyncio.sleep(0.1)


async def start_webhook(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start ``intake-bot webhook`` on a free port with ``env`` (its output to ``log``); return the process and
    its base URL once /health answers."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen([EXE, "webhook"], env={**env, "WEBHOOK_LISTEN": f"127.0.0.1:{port}"},
                                   stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    await wait_healthy(base, process, log)
    return process, base


async def stop(process: subprocess.Popen[bytes], timeout: float = 40) -> int:
    """SIGTERM, then wait (off the event loop, so the fake server still answers the bot meanwhile)."""
    process.terminate()
    try:
        return await asyncio.to_thread(process.wait, timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return await asyncio.to_thread(process.wait)


async def _specialist(tg: FakeTelegram, user_id: int, steps: list[Step], i18n: Any,
                      latencies: list[float]) -> None:
    for step in steps:
        started = time.perf_counter()
        queued, _ = press(tg, user_id, step, "en", i18n)
        await tg.processed(queued, timeout=120)
        latencies.append(time.perf_counter() - started)


async def measure(specialists: int, database_url: str | None = None, redis_url: str | None = None) -> dict:
    """Run ``specialists`` intakes at once against one bot process; return the figures."""
    with tempfile.TemporaryDirectory(prefix="intake-load-") as folder:
        tmp = Path(folder)
        database_url = database_url or f"sqlite+aiosqlite:///{tmp / 'load.db'}"
        key = encode_key(new_key())
        settings = load_settings(database_url=database_url, intake_data_key=key, redis_url=redis_url)
        store = await open_store(settings)
        try:
            user_ids = [FIRST_ID + i for i in range(specialists)]
            for i, user_id in enumerate(user_ids):  # ten organizations of one district, synthetic names
                await store.add_user(user_id, "specialist", org=f"Load Test Shelter {i % 10}",
                                     district="Load Test District", full_name=f"Load Specialist {i}")
        finally:
            await store.close()

        async with FakeTelegram() as tg:
            env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "ADMIN_IDS", "INTAKE_KEY_FILE")}
            env.update(BOT_TOKEN=TOKEN, TELEGRAM_API_URL=tg.base_url, DATABASE_URL=database_url,
                       INTAKE_DATA_KEY=key, WEBHOOK_URL="http://127.0.0.1:9/telegram", WEBHOOK_SECRET=SECRET,
                       LOG_LEVEL="WARNING", DEFAULT_LOCALE="en")
            if redis_url:
                env["REDIS_URL"] = redis_url
            log = tmp / "bot.log"
            process, base = await start_webhook(env, log)
            tg.webhook_targets = [f"{base}/telegram"]
            try:
                i18n = make_i18n("en")
                steps = full_intake("en", "ru")
                latencies: list[float] = []
                started = time.perf_counter()
                results = await asyncio.gather(*(_specialist(tg, user_id, steps, i18n, latencies)
                                                 for user_id in user_ids), return_exceptions=True)
                elapsed = time.perf_counter() - started
            finally:
                await stop(process)
            errors = [repr(r)[:300] for r in results if isinstance(r, BaseException)]
            updates = len(tg.deliveries)
            log_text = log.read_text(errors="replace")

        complete, lost, duplicated = await _read_back(settings, user_ids)

    latencies.sort()
    return {
        "specialists": specialists,
        "store": database_url.split(":", 1)[0],
        "dialog_state": "redis" if redis_url else "sql",
        "steps_per_intake": len(steps),
        "updates_handled": updates,
        "seconds": round(elapsed, 2),
        "updates_per_second": round(updates / elapsed, 1),
        "intakes_per_minute": round(60 * (specialists - len(errors)) / elapsed, 1),
        "step_latency_ms": {"p50": round(1000 * statistics.median(latencies), 1),
                            "p99": round(1000 * latencies[int(0.99 * (len(latencies) - 1))], 1)},
        "cases_complete": complete,
        "cases_lost": lost,
        "cases_duplicated": duplicated,
        "errors": errors[:5],
        "tracebacks_in_log": log_text.count("Traceback"),
    }


async def _read_back(settings: Any, user_ids: list[int]) -> tuple[int, int, int]:
    """Each specialist should have exactly one case, identified, with all 28 answers, and no draft left."""
    store = await open_store(settings)
    complete = lost = duplicated = 0
    try:
        for user_id in user_ids:
            actor = await store.user_by_telegram(user_id)
            finished, drafts = await store.recent_cases(actor), await store.drafts(actor)
            if not finished:
                lost += 1
                continue
            duplicated += len(finished) + len(drafts) > 1
            case = await store.case(actor, finished[0].id)
            complete += case.status is Status.IDENTIFIED and len(case.answers) == 28
    finally:
        await store.close()
    return complete, lost, duplicated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specialists", type=int, default=200)
    parser.add_argument("--database-url")
    parser.add_argument("--redis-url")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    emit(asyncio.run(measure(args.specialists, args.database_url, args.redis_url)), args.json)


if __name__ == "__main__":
    main()
