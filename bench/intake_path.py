"""Where one intake's time goes: one full intake through the real Dispatcher on SQLite, the durable dialog state
included, counted with SQLAlchemy's engine events.

Figures: ``updates_per_intake``; ``statements_per_update`` (mean SQL statements per update, the dialog state's
included; ``max`` the most in one update); ``commits_per_update``; ``audit_rows_per_intake``; and
``own_draft_reads_audited``: audit rows ``case.read`` of the specialist's own draft being drawn again (0). One warm-up
intake runs before the counted one (statement caches, the calendar, the catalogs).

    .venv/bin/python -m bench.intake_path [--json OUT.json]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
from typing import Any

from sqlalchemy import event, func, select

from bench import emit
from bench.harness import FakeBot, Player
from bench.infra import Backend, workdir
from bench.steps import FIRST_USER, compiled_script, intake_bot, play, register, shared_i18n
from bot.store.models import AuditEntry


async def measure(work: Any = None) -> dict[str, Any]:
    with workdir() as folder:
        backend = Backend("sqlite", work or folder, "", "")
        async with intake_bot(backend, "sql") as (dp, store, _storage):
            await register(store, [FIRST_USER - 1, FIRST_USER])
            bot = FakeBot()
            script = compiled_script(shared_i18n(), "en")
            await play(Player(dp, bot, FIRST_USER - 1, []), script)  # warm-up
            counts = {"statements": 0, "commits": 0}

            def on_statement(*_: Any) -> None:
                counts["statements"] += 1

            def on_commit(*_: Any) -> None:
                counts["commits"] += 1

            engine = store.engine.sync_engine
            event.listen(engine, "before_cursor_execute", on_statement)
            event.listen(engine, "commit", on_commit)
            per_update: list[tuple[int, int]] = []
            player = Player(dp, bot, FIRST_USER, [])
            try:
                for step in script:
                    before = (counts["statements"], counts["commits"])
                    await play(player, [step])
                    per_update.append((counts["statements"] - before[0], counts["commits"] - before[1]))
            finally:
                event.remove(engine, "before_cursor_execute", on_statement)
                event.remove(engine, "commit", on_commit)
            specialist = await store.user_by_telegram(FIRST_USER)
            async with store.engine.connect() as connection:
                audit = await connection.scalar(select(func.count()).select_from(AuditEntry)
                                                 .where(AuditEntry.user_id == specialist.id,
                                                        AuditEntry.case_id.is_not(None)))
                reads = await connection.scalar(select(func.count()).select_from(AuditEntry)
                                                .where(AuditEntry.user_id == specialist.id,
                                                       AuditEntry.action == "case.read"))
    statements = [s for s, _ in per_update]
    commits = [c for _, c in per_update]
    return {
        "updates_per_intake": len(per_update),
        "statements_per_update": round(statistics.fmean(statements), 2),
        "statements_per_update_max": max(statements),
        "commits_per_update": round(statistics.fmean(commits), 2),
        "commits_per_update_max": max(commits),
        "audit_rows_per_intake": audit,
        "own_draft_reads_audited": reads,
        "database": "sqlite", "dialog_state": "sql",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the figures to this file")
    emit(asyncio.run(measure()), parser.parse_args().json)


if __name__ == "__main__":
    main()
