"""The statistics benchmark (``bench/stats.py``) at 1,000 cases on SQLite: its bulk-written monthly totals are those
the store itself adds up from the facts, the reports it times have the right figures, and the seeded file is cached."""

from __future__ import annotations

import contextlib

import sqlalchemy as sa

from bench import infra, stats
from bot.store.models import StatCount


async def _totals(url: str) -> list[tuple]:
    store = await infra.open_bench_store(infra.bench_settings(url))
    try:
        async with store.engine.connect() as connection:
            rows = await connection.execute(sa.select(StatCount.__table__).order_by(*StatCount.__table__.primary_key))
            return [tuple(row) for row in rows]
    finally:
        await store.close()


async def test_stats_bench_at_1k(tmp_path, monkeypatch):
    monkeypatch.setattr(stats, "CACHE", tmp_path)
    async with contextlib.AsyncExitStack() as stack:
        url, info = await stats.prepare(stack, "sqlite", 1000)
        _again, cached = await stats.prepare(stack, "sqlite", 1000)
    stats.forget_seeds()
    assert info["cache_hit"] is False and cached["cache_hit"] is True
    assert info["stat_counts_rows"] > 0

    figures = await stats.figures(url, 1000, 1, info)
    assert figures["started_ok"], figures["wrong"]
    assert figures["started"] == {"year_country": 1000, "year_district": 50, "range_country": 849}

    seeded = await _totals(url)
    store = await infra.open_bench_store(infra.bench_settings(url))
    try:
        assert await store.rebuild_statistics() == 0  # every case has its facts: only the totals are added up again
    finally:
        await store.close()
    assert await _totals(url) == seeded
