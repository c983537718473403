"""Resident memory of one bot process with 1,000 intakes open at once.

    .venv/bin/python -m bench.memory [--intakes 1000] [--concurrency 8] [--json OUT.json]

1,000 distinct specialists (registered with a language, so ``/start`` opens the menu) each start an intake and go
three steps in (``/start``, 📝 New intake, the basis: the case exists and waits for the room),
driven in-process through the real Dispatcher with the durable SQLite dialog storage (the production default).
RSS (``VmRSS`` from /proc/self/status) is read before the first intake (store open, dispatcher built, users
registered) and after the last, after a garbage collection; ``ru_maxrss`` is the process's peak. Run it in a fresh
process (``python -m bench`` does) so that nothing else the benchmarks did is counted.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import resource
import time
from typing import Any

# Only the standard library at module level: the imports' own memory is measured in run().
FIRST = 920_000_001  # synthetic Telegram ids
OPEN_STEPS = ("/start", "📝 New intake", "The person's application (Annex 1)")


def vm_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def max_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


async def run(intakes: int, concurrency: int) -> dict[str, Any]:
    imports = {"python_mb": vm_rss_mb()}
    import aiogram  # noqa: F401 - its types (pydantic models) are most of a bot's memory

    imports["aiogram_mb"] = vm_rss_mb()
    import aiogram_dialog  # noqa: F401
    import sqlalchemy.ext.asyncio  # noqa: F401

    imports["aiogram_dialog_sqlalchemy_mb"] = vm_rss_mb()
    import bot.app

    imports["bot_mb"] = vm_rss_mb()
    from bench.harness import FakeBot, Player, summary
    from bench.infra import Backend, workdir
    from bench.steps import INTERFACES, Play, intake_bot, play, shared_i18n
    from bot.demo.script import Step, tap

    i18n = shared_i18n()
    steps = [Step("send", OPEN_STEPS[0], translate=False), *(tap(label) for label in OPEN_STEPS[1:])]
    scripts: dict[str, list[Play]] = {
        locale: [Play("send", s.value, None) if s.kind == "send" else Play("tap", None, s.label_pattern(i18n, locale))
                 for s in steps] for locale in INTERFACES}
    with workdir() as wd:
        async with intake_bot(Backend("sqlite", wd), "sql") as (dp, store, _storage):
            started = time.perf_counter()
            for n in range(intakes):
                org = n % 25
                await store.add_user(FIRST + n, "specialist", org=f"Bench Shelter No. {org} (synthetic)",
                                     district=f"Bench District {org % 5} (synthetic)",
                                     full_name=f"Benchova Specialist {n} (synthetic)",
                                     locale=INTERFACES[n % len(INTERFACES)])
            registered = time.perf_counter() - started
            bot = FakeBot()
            gc.collect()
            before = vm_rss_mb()
            latencies: list[float] = []
            semaphore = asyncio.Semaphore(concurrency)

            async def one(n: int) -> None:
                async with semaphore:
                    user = FIRST + n
                    await play(Player(dp, bot, user, latencies), scripts[INTERFACES[n % len(INTERFACES)]])
                    bot.screens.pop(user, None)  # the harness keeps nothing per specialist

            started = time.perf_counter()
            await asyncio.gather(*(one(n) for n in range(intakes)))
            elapsed = time.perf_counter() - started
            drafts = await count_drafts(store)
            gc.collect()
            after = vm_rss_mb()
    if drafts != intakes:
        raise RuntimeError(f"expected {intakes} open intakes, found {drafts}")
    return {
        "benchmark": "resident memory with intakes open at once",
        "intakes_open": drafts, "steps_each": len(OPEN_STEPS), "concurrency": concurrency,
        "database": "sqlite", "dialog_state": "sql (durable)",
        "rss_after_imports_mb": imports,
        "rss_before_mb": before, "rss_after_mb": after, "rss_delta_mb": round(after - before, 1),
        "kb_per_open_intake": round(1024 * (after - before) / intakes, 1),
        "ru_maxrss_mb": max_rss_mb(),
        "register_seconds": round(registered, 2),
        "steps": summary(latencies, elapsed),
    }


async def count_drafts(store: Any) -> int:
    from sqlalchemy import func, select

    from bot.store.models import Case

    async with store.engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(Case).where(Case.status == "draft"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--intakes", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--json", metavar="OUT.json")
    args = parser.parse_args(argv)
    from bench import emit

    emit(asyncio.run(run(args.intakes, args.concurrency)), args.json)


if __name__ == "__main__":
    main()
