"""Load: 40 specialists complete intakes at once against one real bot process, through the fake Bot API
server; afterwards every case is in the store exactly once, complete. The throughput is a benchmark figure
(``python -m bench`` drives 200 specialists, and the open load at 30 updates a second), not asserted here; forty
at once keep every chat's updates interleaved with the others' while the suite stays short."""

from __future__ import annotations

from bench.load import measure

SPECIALISTS = 40


async def test_forty_specialists_at_once_lose_and_duplicate_nothing():
    figures = await measure(SPECIALISTS)
    assert figures["errors"] == [] and figures["tracebacks_in_log"] == 0
    assert figures["updates_handled"] == SPECIALISTS * figures["steps_per_intake"]  # each step handled once
    assert figures["cases_complete"] == SPECIALISTS
    assert figures["cases_lost"] == 0 and figures["cases_duplicated"] == 0
