"""The bot's performance in one run on one machine: ``python -m bench [--quick] [--json OUT.json]``.

Prints one JSON document (and writes it to ``--json``), then a Markdown table of the figures to stderr
(``--table-only`` prints just the table, to stdout, for the README). Figures:

``steps``: dialog steps per second and the p50/p99 latency of one step (one update fed to the Dispatcher:
a typed message or a tapped button), several users at a time (``concurrency``):

* ``a_echo``: a bare aiogram echo handler (MemoryStorage, a fake bot answering sendMessage);
* ``b_minimal_dialog``: a minimal aiogram-dialog flow in memory (three windows: a button, a text input, a result);
* ``c_intake_memory_sqlite``: our full intake (``bot.demo.script.full_intake``, ~65 steps, through the real
  ``build_dispatcher``) with aiogram's MemoryStorage for dialog state and the case store on SQLite;
* ``d_intake_durable_sqlite``: the same with the durable dialog storage ``SQLStorage`` (the production default);
* ``e_intake_postgres_redis``: the same with the case store on PostgreSQL and dialog state in Redis.

``status``: ``Store.status_lines`` (``/status NUMBER``: ``lookup``; the ``/status`` list: ``list``) at 1,000
and 1,000,000 cases on SQLite and PostgreSQL, median and p99 per call (see ``bench/status.py`` for the seeding).

``intake_path``: ``bench.intake_path``: one full intake through the real Dispatcher on SQLite with the durable dialog
state, counted with SQLAlchemy's engine events: ``updates_per_intake``, ``statements_per_update`` (mean and max),
``commits_per_update`` (mean and max), ``audit_rows_per_intake``, ``own_draft_reads_audited``.

``memory``: RSS of a fresh process with 1,000 intakes open at once (``bench/memory.py``).

``stats``: ``Store.statistics`` (the report behind ``/stats``) at 1,000 and 1,000,000 cases on SQLite and PostgreSQL:
the country's year, one district's year and the country's 2026-01-15..2026-11-20, median and max ms, and whether the
report's figures are right (``bench/stats.py`` for the seeding).

``reminders``, ``lists``: a reminder pass (``pass_ms_1k``, ``pass_ms_1m``) and pages of a big organization's list and
of its district's waiting list, at 1,000 and 1,000,000 cases on both databases (``bench/scale.py``).

``load``: ``bench.load.measure`` (many specialists against one real bot process through a fake Bot API server).

``open_load``: ``bench.open_load``: 30 updates a second offered for 60 s (20 with ``--quick``) to one process on SQLite
and to two on PostgreSQL and Redis: ``p50_ms``, ``p99_ms``, ``lost``, ``duplicated``.

``targets``: each target with the measured value and whether it is met. ``machine`` and ``versions`` say where.
``--quick`` drives fewer specialists and fewer lookups (the scales, 1,000 intakes open and 1,000,000 cases, stay):
under two minutes on two cores, ``load`` with 20 specialists included (``--load-specialists`` sets another
number, ``--skip-load`` leaves it out).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import sqlite3
import sys
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bench import emit, infra, stats, status, steps

PACKAGES = ("aiogram", "aiogram-dialog", "SQLAlchemy", "aiosqlite", "asyncpg", "redis", "alembic", "pydantic",
            "pydantic-core", "cryptography", "babel", "aiohttp")
SCALES = (1_000, 1_000_000)


def sizes(quick: bool) -> dict[str, Any]:
    if quick:
        return {"simple_users": 10, "simple_steps_per_user": 100, "specialists": 8, "concurrency": 4,
                "lookups": 200, "lists": 10, "memory_intakes": 1000, "load_specialists": 20, "open_load_seconds": 20,
                "stats_runs": 3}
    return {"simple_users": 20, "simple_steps_per_user": 200, "specialists": 40, "concurrency": 4,
            "lookups": 500, "lists": 30, "memory_intakes": 1000, "load_specialists": 200, "open_load_seconds": 60,
            "stats_runs": 5}


def package_versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    found["sqlite (library)"] = sqlite3.sqlite_version
    return found


def machine() -> dict[str, Any]:
    memory = None
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 2**20, 1)
    model = None
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {"cores": os.cpu_count(), "cpu": model or platform.processor(), "memory_gb": memory,
            "python": platform.python_version(), "implementation": platform.python_implementation(),
            "platform": platform.platform(), "load_average_at_start": list(os.getloadavg())}


async def server_versions(postgres_dsn: str, redis_url: str) -> dict[str, str]:
    found = {}
    with contextlib.suppress(Exception):
        import asyncpg

        connection = await asyncpg.connect(infra.asyncpg_dsn(postgres_dsn), timeout=5)
        try:
            found["postgresql (server)"] = await connection.fetchval("SHOW server_version")
        finally:
            await connection.close()
    with contextlib.suppress(Exception):
        from redis.asyncio import Redis

        redis = Redis.from_url(redis_url, socket_connect_timeout=5)
        try:
            found["redis (server)"] = (await redis.info("server"))["redis_version"]
        finally:
            await redis.aclose()
    return found


async def run_memory(intakes: int) -> dict[str, Any]:
    """bench.memory in a fresh process, so that nothing else this run did is counted."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.memory", "--intakes", str(intakes),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=_child_env())
    out, err = await process.communicate()
    if process.returncode != 0:
        return {"error": f"bench.memory exited {process.returncode}: {err.decode()[-2000:]}"}
    return json.loads(out)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


async def run_load(specialists: int) -> dict[str, Any]:
    """``bench.load``: intakes at once against one real bot process (its own SQLite store, no Redis)."""
    from bench.load import measure

    started = time.perf_counter()
    result = await measure(specialists)
    return {"specialists": specialists, "wall_seconds": round(time.perf_counter() - started, 1), **result}


async def run(quick: bool, postgres_dsn: str, redis_url: str, skip_load: bool,
              load_specialists: int | None = None, open_load_seconds: float | None = None) -> dict[str, Any]:
    wall = time.perf_counter()
    size = sizes(quick)
    if load_specialists is not None:
        size["load_specialists"] = load_specialists
    if open_load_seconds is not None:
        size["open_load_seconds"] = open_load_seconds
    status.use_cached_key()
    report: dict[str, Any] = {
        "benchmark": "intake-bot performance", "mode": "quick" if quick else "full",
        "machine": machine(), "versions": package_versions(), "sizes": size,
    }
    report["versions"].update(await server_versions(postgres_dsn, redis_url))
    postgres_missing = await infra.postgres_reachable(postgres_dsn)
    redis_missing = await infra.redis_reachable(redis_url)
    phases: dict[str, float] = {}

    with infra.workdir() as work:
        async with contextlib.AsyncExitStack() as stack:
            # 1. What only needs time, not a quiet machine: the memory run (a figure of bytes, not seconds) in a
            #    process of its own, while the databases for the status lookups are seeded.
            started = time.perf_counter()
            databases = ["sqlite"] + ([] if postgres_missing else ["postgresql"])
            memory_task = asyncio.create_task(run_memory(size["memory_intakes"]))
            prepared: dict[tuple[str, int], tuple[str, dict[str, Any]]] = {}
            for database in databases:
                for cases in SCALES:
                    prepared[(database, cases)] = await status.prepare(stack, database, cases, postgres_dsn)
            stats_prepared: dict[tuple[str, int], tuple[str, dict[str, Any]]] = {}
            for database in databases:
                for cases in SCALES:
                    stats_prepared[(database, cases)] = await stats.prepare(stack, database, cases, postgres_dsn)
            stats.forget_seeds()
            report["memory"] = await memory_task
            phases["memory_and_seeding"] = time.perf_counter() - started

            # 2. Timed figures, one at a time.
            started = time.perf_counter()
            conc = size["concurrency"]
            simple = (size["simple_users"], size["simple_steps_per_user"], conc)
            report["steps"] = {"a_echo": await steps.measure_echo(*simple),
                               "b_minimal_dialog": await steps.measure_mini(*simple)}
            sqlite = infra.Backend("sqlite", work, postgres_dsn, redis_url)
            report["steps"]["c_intake_memory_sqlite"] = await steps.measure_intake(
                sqlite, "memory", size["specialists"], conc)
            report["steps"]["d_intake_durable_sqlite"] = await steps.measure_intake(
                sqlite, "sql", size["specialists"], conc)
            if postgres_missing or redis_missing:
                report["steps"]["e_intake_postgres_redis"] = {
                    "skipped": f"PostgreSQL: {postgres_missing or 'ok'}; Redis: {redis_missing or 'ok'}"}
            else:
                report["steps"]["e_intake_postgres_redis"] = await steps.measure_intake(
                    infra.Backend("postgresql", work, postgres_dsn, redis_url), "redis", size["specialists"], conc)
            phases["steps"] = time.perf_counter() - started
            started = time.perf_counter()
            from bench import intake_path

            report["intake_path"] = await intake_path.measure()
            phases["intake_path"] = time.perf_counter() - started

            started = time.perf_counter()
            report["status"] = {}
            for database in ("sqlite", "postgresql"):
                if database not in databases:
                    report["status"][database] = {"skipped": f"PostgreSQL: {postgres_missing}"}
                    continue
                report["status"][database] = {}
                for cases in SCALES:
                    url, info = prepared[(database, cases)]
                    report["status"][database][str(cases)] = {
                        **await status.measure_on(url, cases, size["lookups"], size["lists"]), "seed": info}
            phases["status"] = time.perf_counter() - started
            report["reminders"], report["lists"] = scale_figures(report["status"])
            started = time.perf_counter()
            report["stats"] = {}
            for database in ("sqlite", "postgresql"):
                if database not in databases:
                    report["stats"][database] = {"skipped": f"PostgreSQL: {postgres_missing}"}
                    continue
                report["stats"][database] = {}
                for cases in SCALES:
                    url, info = stats_prepared[(database, cases)]
                    report["stats"][database][str(cases)] = await stats.figures(url, cases, size["stats_runs"], info)
            phases["stats"] = time.perf_counter() - started
        # (the PostgreSQL databases are dropped here)

    started = time.perf_counter()
    report["load"] = {"skipped": "--skip-load"} if skip_load else await run_load(size["load_specialists"])
    phases["load"] = time.perf_counter() - started
    started = time.perf_counter()
    if skip_load:
        report["open_load"] = {"skipped": "--skip-load"}
    else:
        from bench import open_load

        report["open_load"] = await open_load.measure(size["open_load_seconds"], 30, postgres_dsn=postgres_dsn,
                                                      redis_url=redis_url)
    phases["open_load"] = time.perf_counter() - started
    report["targets"] = targets(report)
    phases["total"] = time.perf_counter() - wall
    report["machine"]["load_average_at_end"] = list(os.getloadavg())
    report["wall_seconds"] = {k: round(v, 1) for k, v in phases.items()}
    return report


def scale_figures(measured: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``reminders`` (one pass's store work at 1k and 1M cases) and ``lists`` (pages of a big organization's list
    and its district's waiting list) out of the status runs (``bench/scale.py``), per database."""
    reminders: dict[str, Any] = {}
    lists: dict[str, Any] = {}
    for database, runs in measured.items():
        if "skipped" in runs:
            reminders[database] = lists[database] = runs
            continue
        small, large = runs.get(str(SCALES[0]), {}), runs.get(str(SCALES[-1]), {})
        reminders[database] = {
            "pass_ms_1k": _get(small, "reminders", "median_ms"), "pass_ms_1m": _get(large, "reminders", "median_ms"),
            "p99_ms_1k": _get(small, "reminders", "p99_ms"), "p99_ms_1m": _get(large, "reminders", "p99_ms"),
            "reminders_due": _get(large, "reminders", "reminders_due")}
        lists[database] = {str(cases): runs.get(str(cases), {}).get("lists") for cases in SCALES}
    return reminders, lists


def _get(report: dict[str, Any], *path: str) -> Any:
    node: Any = report
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _target(name: str, target: str, value: float | None, met: bool | None) -> dict[str, Any]:
    return {"name": name, "target": target, "value": None if value is None else round(value, 3),
            "met": bool(met) if value is not None else None}


def targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    memory_rate = _get(report, "steps", "c_intake_memory_sqlite", "steps_per_second")
    durable_rate = _get(report, "steps", "d_intake_durable_sqlite", "steps_per_second")
    mini_rate = _get(report, "steps", "b_minimal_dialog", "steps_per_second")
    ratio = durable_rate / memory_rate if durable_rate and memory_rate else None
    found.append(_target("durable SQLite dialog state / in-memory, steps per second", ">= 0.7", ratio,
                         ratio is not None and ratio >= 0.7))
    postgres_rate = _get(report, "steps", "e_intake_postgres_redis", "steps_per_second")
    for name, rate, floor in (("full intake in memory, SQLite store", memory_rate, 0.2),
                              ("full intake, PostgreSQL store and Redis dialog state", postgres_rate, 0.15)):
        ratio = rate / mini_rate if rate and mini_rate else None
        found.append(_target(f"{name} / minimal aiogram-dialog flow, steps per second", f">= {floor}", ratio,
                             ratio is not None and ratio >= floor))
    path = report.get("intake_path") or {}
    statements, commits = path.get("statements_per_update"), path.get("commits_per_update")
    found.append(_target("intake path: SQL statements per update (mean)", "<= 4", statements,
                         statements is not None and statements <= 4))
    found.append(_target("intake path: commits per update (every update)", "== 1", commits,
                         commits == 1 and path.get("commits_per_update_max") == 1))
    reads = path.get("own_draft_reads_audited")
    found.append(_target("intake path: audit rows of the specialist's own draft redrawn", "== 0", reads, reads == 0))
    for database in ("sqlite", "postgresql"):
        small = _get(report, "status", database, str(SCALES[0]), "lookup", "median_ms")
        large = _get(report, "status", database, str(SCALES[-1]), "lookup", "median_ms")
        ratio = large / small if small and large else None
        found.append(_target(f"status lookup at 1M cases / at 1k, median, {database}", "<= 2", ratio,
                             ratio is not None and ratio <= 2))
    for database in ("sqlite", "postgresql"):
        small, large = (_get(report, "reminders", database, key) for key in ("pass_ms_1k", "pass_ms_1m"))
        ratio = large / small if small and large else None
        found.append(_target(f"reminder pass at 1M cases / at 1k, median, {database}", "<= 2", ratio,
                             ratio is not None and ratio <= 2))
        for page in ("first_page", "middle_page", "waiting_first_page"):
            small = _get(report, "lists", database, str(SCALES[0]), page, "median_ms")
            large = _get(report, "lists", database, str(SCALES[-1]), page, "median_ms")
            ratio = large / small if small and large else None
            found.append(_target(f"list {page.replace('_', ' ')} of a big organization at 1M / at 1k, {database}",
                                 "<= 2", ratio, ratio is not None and ratio <= 2))
    for database in ("sqlite", "postgresql"):
        year = _get(report, "stats", database, str(SCALES[-1]), "year_country_ms", "median")
        right = _get(report, "stats", database, str(SCALES[-1]), "started_ok")
        found.append(_target(f"stats year report (the country) at 1M cases, median ms, figures right, {database}",
                             "<= 2000", year, year is not None and year <= 2000 and right is True))
    for name in ("sqlite_1_process", "postgresql_redis_2_processes"):
        entry = _get(report, "open_load", name) or {}
        p99 = entry.get("p99_ms")
        met = p99 is not None and p99 < 250 and entry.get("lost") == 0 and entry.get("duplicated") == 0
        found.append(_target(f"open load 30/s, {name.replace('_', ' ')}: p99 ms (nothing lost or duplicated)",
                             "< 250", p99, met))
    rss = _get(report, "memory", "rss_after_mb")
    found.append(_target("RSS with 1,000 intakes open (MB)", "< 200", rss, rss is not None and rss < 200))
    return found


def table(report: dict[str, Any]) -> str:
    """The figures as a Markdown table, for the README."""
    rows = [("figure", "value"), ("---", "---")]
    names = {"a_echo": "(a) bare aiogram echo", "b_minimal_dialog": "(b) minimal aiogram-dialog flow",
             "c_intake_memory_sqlite": "(c) full intake, MemoryStorage, SQLite store",
             "d_intake_durable_sqlite": "(d) full intake, durable SQLite dialog state",
             "e_intake_postgres_redis": "(e) full intake, PostgreSQL store, Redis dialog state"}
    for key, name in names.items():
        entry = _get(report, "steps", key) or {}
        if "steps_per_second" in entry:
            rows.append((f"{name}: steps/s (p50 / p99 ms)",
                         f"{entry['steps_per_second']} ({entry['p50_ms']} / {entry['p99_ms']})"))
        else:
            rows.append((f"{name}: steps/s", str(entry.get("skipped") or entry.get("error") or "—")))
    for database in ("sqlite", "postgresql"):
        for cases in SCALES:
            entry = _get(report, "status", database, str(cases)) or {}
            if "lookup" in entry:
                rows.append((f"/status NUMBER, {database}, {cases:,} cases: median / p99 ms",
                             f"{entry['lookup']['median_ms']} / {entry['lookup']['p99_ms']}"))
                rows.append(((f"/status list ({entry['organization_cases_visible']} cases), {database}, "
                              f"{cases:,} cases: median / p99 ms"),
                             f"{entry['list']['median_ms']} / {entry['list']['p99_ms']}"))
    for database in ("sqlite", "postgresql"):
        entry = _get(report, "reminders", database) or {}
        if entry.get("pass_ms_1k") is not None:
            rows.append((f"reminder pass ({entry['reminders_due']} due), {database}: ms at 1k / at 1M cases",
                         f"{entry['pass_ms_1k']} / {entry['pass_ms_1m']}"))
        for cases in SCALES:
            entry = _get(report, "lists", database, str(cases)) or {}
            if entry:
                rows.append((f"big organization's list ({entry['organization_cases']:,} cases), {database}, store of "
                             f"{cases:,}: first / middle page, waiting list, median ms",
                             f"{entry['first_page']['median_ms']} / {entry['middle_page']['median_ms']}, "
                             f"{entry['waiting_first_page']['median_ms']}"))
    for database in ("sqlite", "postgresql"):
        for cases in SCALES:
            entry = _get(report, "stats", database, str(cases)) or {}
            if "year_country_ms" in entry:
                rows.append((f"stats report, {database}, {cases:,} cases: year of the country / of a district, "
                             "2026-01-15..11-20 of the country: median (max) ms; figures",
                             " / ".join(f"{entry[key]['median']} ({entry[key]['max']})" for key in
                                        ("year_country_ms", "year_district_ms", "range_country_ms"))
                             + ("; right" if entry["started_ok"] else f"; WRONG: {entry['wrong']}")))
    path = report.get("intake_path") or {}
    if "statements_per_update" in path:
        rows.append(("intake path (one intake, SQLite, durable dialog state): updates; statements per update mean / "
                     "max; commits per update mean / max; audit rows; own-draft reads audited",
                     (f"{path['updates_per_intake']}; {path['statements_per_update']} / "
                      f"{path['statements_per_update_max']}; {path['commits_per_update']} / "
                      f"{path['commits_per_update_max']}; {path['audit_rows_per_intake']}; "
                      f"{path['own_draft_reads_audited']}")))
    memory = report.get("memory") or {}
    if "rss_after_mb" in memory:
        rows.append(("RSS before / after 1,000 open intakes (MB)",
                     (f"{memory['rss_before_mb']} / {memory['rss_after_mb']} (aiogram imported: "
                      f"{memory['rss_after_imports_mb']['aiogram_mb']})")))
    load = report.get("load") or {}
    flat = {f"{k}.{kk}" if isinstance(v, dict) else k: vv
            for k, v in load.items() for kk, vv in (v.items() if isinstance(v, dict) else [("", v)])}
    rows.append(("load (bench.load)", ", ".join(f"{k}={v}" for k, v in flat.items()
                                                if isinstance(v, (int, float, str))) or "—"))
    for name, entry in (report.get("open_load") or {}).items():
        if isinstance(entry, dict) and "p50_ms" in entry:
            rows.append((f"open load, 30 updates/s for {entry['seconds']} s, {name.replace('_', ' ')}: p50 / p99 ms, "
                         "lost, duplicated",
                         f"{entry['p50_ms']} / {entry['p99_ms']}, {entry['lost']}, {entry['duplicated']}"))
    for target in report.get("targets", []):
        met = {True: "met", False: "missed", None: "not measured"}[target["met"]]
        rows.append((f"target: {target['name']} {target['target']}", f"{target['value']} ({met})"))
    rows.append(("machine", (f"{report['machine']['cores']} cores, Python {report['machine']['python']}, "
                             f"{report['mode']} run")))
    return "\n".join(f"| {a} | {b} |" for a, b in rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer specialists and lookups, bench.load with 20 specialists (under 2 min on 2 cores)")
    parser.add_argument("--json", metavar="OUT.json", help="also write the results to this file")
    parser.add_argument("--table-only", metavar="IN.json", help="print the Markdown table of a saved run and exit")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_DSN", infra.DEFAULT_POSTGRES),
                        help="a PostgreSQL server where throwaway databases may be made (default %(default)s)")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", infra.DEFAULT_REDIS),
                        help="Redis for dialog state; keys get a prefix of their own and are removed")
    parser.add_argument("--skip-load", action="store_true", help="leave out bench.load")
    parser.add_argument("--load-specialists", type=int, metavar="N",
                        help="specialists for bench.load (default 20 with --quick, else 200)")
    parser.add_argument("--open-load-seconds", type=float, metavar="S",
                        help="how long bench.open_load offers 30 updates a second (default 20 with --quick, else 60)")
    args = parser.parse_args(argv)
    if args.table_only:
        print(table(json.loads(Path(args.table_only).read_text(encoding="utf-8"))))
        return
    report = asyncio.run(run(args.quick, args.postgres, args.redis, args.skip_load, args.load_specialists,
                             args.open_load_seconds))
    emit(report, args.json)
    sys.stderr.write("\n" + table(report) + "\n")


if __name__ == "__main__":
    main()
