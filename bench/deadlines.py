"""Benchmark: how fast ``WorkingCalendar.add_working_days`` is, on a cold year and on warm ones.

    .venv/bin/python -m bench.deadlines [--seconds 1] [--json OUT.json]

* ``cold_year``: each call lands in a year that neither the calendar nor the ``holidays`` package cache
  has seen (the package's data is computed, then the year's table is built): the first deadline of a
  process, or the first after the administrator changes the overrides and the package cache is gone.
* ``cold_calendar``: a new calendar (new overrides) whose years the package cache already holds.
* ``warm``: calls on a calendar whose years are built, with starts spread over 2025-2026 and n in
  1, 3 (para 14, para 15); ``warm_across_years`` adds 300 working days to cross a year end.

Prints the results as JSON (and writes them to ``--json`` when given). Nothing is asserted: the figures
depend on the machine.
"""

from __future__ import annotations

import argparse
import platform
import time
from datetime import date, timedelta
from importlib.metadata import version

from bench import emit
from bot.standard.deadlines import WorkingCalendar, package_year

STARTS = tuple(date(2025, 1, 1) + timedelta(days=i) for i in range(730))


def _rate(count: int, elapsed: float) -> dict:
    return {"calls": count, "seconds": round(elapsed, 4), "calls_per_second": round(count / elapsed, 1),
            "us_per_call": round(1e6 * elapsed / count, 3)}


def cold_year(seconds: float) -> dict:
    count, started, elapsed = 0, time.perf_counter(), 0.0
    while elapsed < seconds or count < 3:
        package_year.cache_clear()
        WorkingCalendar().add_working_days(date(2025, 3, 20), 1)
        count += 1
        elapsed = time.perf_counter() - started
    return _rate(count, elapsed)


def cold_calendar(seconds: float) -> dict:
    package_year(2025)
    count, started, elapsed = 0, time.perf_counter(), 0.0
    while elapsed < seconds or count < 3:
        WorkingCalendar(extra_days_off={date(2025, 3, 27)}).add_working_days(date(2025, 3, 20), 1)
        count += 1
        elapsed = time.perf_counter() - started
    return _rate(count, elapsed)


def warm(seconds: float, steps: tuple[int, ...]) -> dict:
    calendar = WorkingCalendar()
    for start in STARTS:  # warm up: every year the calls reach
        for n in steps:
            calendar.add_working_days(start, n)
    add = calendar.add_working_days
    count, started, elapsed = 0, time.perf_counter(), 0.0
    while elapsed < seconds:
        for start in STARTS:
            for n in steps:
                add(start, n)
        count += len(STARTS) * len(steps)
        elapsed = time.perf_counter() - started
    return _rate(count, elapsed)


def run(seconds: float) -> dict:
    return {
        "benchmark": "bot.standard.deadlines.WorkingCalendar.add_working_days",
        "seconds_per_measure": seconds,
        "python": platform.python_version(), "holidays": version("holidays"), "machine": platform.machine(),
        "cold_year": cold_year(seconds),
        "cold_calendar": cold_calendar(seconds),
        "warm": warm(seconds, (1, 3)),
        "warm_across_years": warm(seconds, (300,)),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.deadlines", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=1.0,
                        help="how long each measure runs (default 1)")
    parser.add_argument("--json", metavar="OUT.json", help="also write the results to this file")
    args = parser.parse_args(argv)
    emit(run(args.seconds), args.json)


if __name__ == "__main__":
    main()
