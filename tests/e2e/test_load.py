"""Load: 200 specialists complete intakes at once against one real bot process, through the fake Bot API
server; afterwards every case is in the store exactly once, complete. The throughput is a benchmark figure
(``python -m bench`` prints it), not asserted here."""

from __future__ import annotations

from bench.load import measure

SPECIALISTS = 200


async def test_two_hundred_specialists_at_once_lose_and_duplicate_nothing():
    figures = await measure(SPECIALISTS)
    assert figures["errors"] == [] and figures["tracebacks_in_log"] == 0
    assert figures["updates_handled"] == SPECIALISTS * figures["steps_per_intake"]  # each step handled once
    assert figures["cases_complete"] == SPECIALISTS
    assert figures["cases_lost"] == 0 and figures["cases_duplicated"] == 0
