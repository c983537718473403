"""Where one step of our full intake spends its time (one specialist at a time, so wall times add up).

    .venv/bin/python -m bench.breakdown [--specialists 5] [--state sql|memory] [--json OUT.json]

Each step's wall time is split, by timing wrappers installed for the run only, into:

* ``sqlite_round_trips``: every call aiosqlite hands to its thread (cursor, execute, fetch, close, commit,
  rollback), from the hand-over to the result back on the event loop: SQLite's own work plus two thread switches;
* ``sql_statements``: SQLAlchemy's share of executing a statement (less the round trips);
* ``commit_rollback``: SQLAlchemy's share of commits and rollbacks (less the round trips);
* ``crypto``: AES-GCM encryption and decryption of the encrypted columns (and of the dialog state in SQL);
* ``store_python``: the rest of the time inside ``Store`` methods (SQLAlchemy ORM, building views, audit rows);
* ``dialog_state``: the FSM storage's own calls (less the SQL and crypto already counted);
* ``access_user_lookup``: the access middleware's user lookup (less the SQL already counted);
* ``babel``: Babel date formatting;
* ``aiogram_and_dialogs``: everything else: aiogram's routing and middlewares, aiogram-dialog's context,
  rendering of the windows (getters' own code, texts, keyboards), pydantic objects and the fake bot.

``by_owner_percent`` gives the same wall time by who spends it, each including the SQL, crypto and waiting it
causes: the store's calls, the dialog-state storage, the access middleware's lookup, and the rest (aiogram,
aiogram-dialog, the dialogs' own code).

Also counts, per step: store calls by name, audited case reads, SQL statements and transactions.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import functools
import inspect
import time
from typing import Any

from sqlalchemy import event

from bench import emit
from bench.harness import FakeBot, Player
from bench.infra import Backend, workdir
from bench.steps import (
    FIRST_USER,
    INTERFACES,
    compiled_script,
    intake_bot,
    register,
    shared_i18n,
)


class Clock:
    """Exclusive wall time per category: a nested timer pauses the one outside it."""

    def __init__(self) -> None:
        self.totals: collections.Counter[str] = collections.Counter()
        self.counts: collections.Counter[str] = collections.Counter()
        self.inclusive: collections.Counter[str] = collections.Counter()  # wall time including what they await
        self._stack: list[list[Any]] = []  # [category, started, paused_total]

    def enter(self, category: str) -> None:
        now = time.perf_counter()
        if self._stack:
            outer = self._stack[-1]
            self.totals[outer[0]] += now - outer[1]
        self._stack.append([category, now])
        self.counts[category] += 1

    def leave(self) -> None:
        now = time.perf_counter()
        category, started = self._stack.pop()
        self.totals[category] += now - started
        if self._stack:
            self._stack[-1][1] = now

    @contextlib.contextmanager
    def timing(self, category: str):
        self.enter(category)
        try:
            yield
        finally:
            self.leave()


def wrap_async(clock: Clock, category: str, fn: Any, inclusive: str | None = None) -> Any:
    @functools.wraps(fn)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            with clock.timing(category):
                return await fn(*args, **kwargs)
        finally:
            if inclusive:
                clock.inclusive[inclusive] += time.perf_counter() - started
    return wrapper


def wrap_sync(clock: Clock, category: str, fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with clock.timing(category):
            return fn(*args, **kwargs)
    return wrapper


@contextlib.contextmanager
def patched(obj: Any, name: str, value: Any):
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


async def run(specialists: int, state: str) -> dict[str, Any]:
    import bot.i18n as bot_i18n
    from bot.store.api import Store
    from bot.store.crypto import Keyring

    i18n = shared_i18n()
    clock = Clock()
    store_calls: collections.Counter[str] = collections.Counter()
    sql: collections.Counter[str] = collections.Counter()
    with workdir() as wd, contextlib.ExitStack() as patches:
        async with intake_bot(Backend("sqlite", wd), state) as (dp, store, storage):
            await register(store, range(FIRST_USER - 1, FIRST_USER + specialists))
            bot = FakeBot()
            scripts = {locale: compiled_script(i18n, locale) for locale in INTERFACES}
            warm = Player(dp, bot, FIRST_USER - 1)
            for step in scripts["ru"]:
                await (warm.send(step.text) if step.kind == "send" else warm.tap(step.pattern))

            # the store's public coroutines; the middleware's lookup apart
            for name, fn in inspect.getmembers(Store, inspect.iscoroutinefunction):
                if name.startswith("_") or name == "close":
                    continue
                category = "access_user_lookup" if name == "user_by_telegram" else "store_python"

                def counted(fn: Any = fn, name: str = name, category: str = category) -> Any:
                    inner = wrap_async(clock, category, fn,
                                       "access_user_lookup" if name == "user_by_telegram" else "store_calls")

                    @functools.wraps(fn)
                    async def wrapper(*args: Any, **kwargs: Any) -> Any:
                        store_calls[name] += 1
                        return await inner(*args, **kwargs)
                    return wrapper
                patches.enter_context(patched(Store, name, counted()))
            for name in ("get_state", "set_state", "get_data", "set_data"):
                patches.enter_context(patched(storage, name, wrap_async(clock, "dialog_state",
                                                                        getattr(storage, name), "dialog_state")))
            patches.enter_context(patched(Keyring, "encrypt", wrap_sync(clock, "crypto", Keyring.encrypt)))
            patches.enter_context(patched(Keyring, "decrypt", wrap_sync(clock, "crypto", Keyring.decrypt)))
            patches.enter_context(patched(bot_i18n, "_babel_date", wrap_sync(clock, "babel", bot_i18n._babel_date)))
            patches.enter_context(patched(bot_i18n, "_babel_datetime",
                                          wrap_sync(clock, "babel", bot_i18n._babel_datetime)))
            import aiosqlite.core

            patches.enter_context(patched(aiosqlite.core.Connection, "_execute", wrap_async(
                clock, "sqlite_round_trips", aiosqlite.core.Connection._execute)))
            sync_engine = store.engine.sync_engine

            def before(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
                sql[statement.split(None, 1)[0].upper()] += 1
                clock.enter("sql_statements")

            def after(*_: Any) -> None:
                clock.leave()

            event.listen(sync_engine, "before_cursor_execute", before)
            event.listen(sync_engine, "after_cursor_execute", after)
            from sqlalchemy.dialects.sqlite.aiosqlite import (
                AsyncAdapt_aiosqlite_connection as adapter,
            )

            def ending(fn: Any, name: str) -> Any:
                def wrapper(self: Any) -> None:
                    sql[name] += 1
                    with clock.timing("commit_rollback"):
                        return fn(self)
                return wrapper

            for name in ("commit", "rollback"):
                patches.enter_context(patched(adapter, name, ending(getattr(adapter, name), name.upper())))

            steps = 0
            started = time.perf_counter()
            for n in range(specialists):
                user = FIRST_USER + n
                player = Player(dp, bot, user)
                clock.enter("aiogram_and_dialogs")
                try:
                    for step in scripts[INTERFACES[user % len(INTERFACES)]]:
                        await (player.send(step.text) if step.kind == "send" else player.tap(step.pattern))
                        steps += 1
                finally:
                    clock.leave()
            elapsed = time.perf_counter() - started
            event.remove(sync_engine, "before_cursor_execute", before)
            event.remove(sync_engine, "after_cursor_execute", after)
    total = sum(clock.totals.values())
    order = ("sqlite_round_trips", "sql_statements", "commit_rollback", "crypto", "store_python", "dialog_state", "access_user_lookup",
             "babel", "aiogram_and_dialogs")
    return {
        "benchmark": "where a step of the full intake spends its time",
        "database": "sqlite", "dialog_state": state, "specialists": specialists, "steps": steps,
        "ms_per_step": round(1000 * elapsed / steps, 2),
        "by_owner_percent": {
            **{k: round(100 * clock.inclusive[k] / total, 1)
               for k in ("store_calls", "dialog_state", "access_user_lookup")},
            "aiogram_dialogs_rendering_rest": round(100 * (total - sum(clock.inclusive.values())) / total, 1)},
        "share_percent": {k: round(100 * clock.totals[k] / total, 1) for k in order},
        "ms_per_step_by_part": {k: round(1000 * clock.totals[k] / steps, 3) for k in order},
        "per_step": {
            "sql_statements": round(sum(v for k, v in sql.items() if k not in ("COMMIT", "ROLLBACK")) / steps, 2),
            "commits": round(sql["COMMIT"] / steps, 2), "rollbacks": round(sql["ROLLBACK"] / steps, 2),
            "crypto_calls": round(clock.counts["crypto"] / steps, 2),
            "sqlite_round_trips": round(clock.counts["sqlite_round_trips"] / steps, 2),
            "store_calls": {k: round(v / steps, 2) for k, v in store_calls.most_common()},
        },
        "sql_by_verb_per_step": {k: round(v / steps, 2) for k, v in sql.most_common()},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.breakdown", description=__doc__.split("\n\n")[0])
    parser.add_argument("--specialists", type=int, default=5)
    parser.add_argument("--state", choices=("sql", "memory"), default="sql")
    parser.add_argument("--json", metavar="OUT.json")
    args = parser.parse_args(argv)
    emit(asyncio.run(run(args.specialists, args.state)), args.json)


if __name__ == "__main__":
    main()
