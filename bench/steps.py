"""Dialog steps per second: a bare aiogram echo, a minimal aiogram-dialog flow, and our full intake on each
storage. One *step* is one update fed to the Dispatcher (a typed message or a tapped button)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import Dispatcher, F, Router
from aiogram.filters import CommandStart
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Message
from aiogram_dialog import Dialog, DialogManager, StartMode, Window, setup_dialogs
from aiogram_dialog.widgets.input import TextInput
from aiogram_dialog.widgets.kbd import Button, Next, SwitchTo
from aiogram_dialog.widgets.text import Const, Format

from bench.harness import FakeBot, Player, summary
from bench.infra import Backend, bench_settings, open_bench_store
from bot.app import build_dispatcher
from bot.demo.script import Step, full_intake
from bot.i18n import make_i18n
from bot.store import Store
from bot.store.fsm import SQLStorage

FIRST_USER = 910_000_001  # synthetic Telegram ids of the bench's specialists
INTERFACES = ("ru", "kk", "en")


# --- (a) a bare aiogram echo --------------------------------------------------------------------------------

def echo_dispatcher() -> Dispatcher:
    router = Router(name="echo")

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(message.text)

    dp = Dispatcher(storage=MemoryStorage())
    dp.include_router(router)
    return dp


async def echo_user(player: Player, steps: int) -> None:
    for i in range(steps):
        await player.send(f"synthetic message {i}")


# --- (b) a minimal aiogram-dialog flow ----------------------------------------------------------------------

class Mini(StatesGroup):
    hello = State()
    name = State()
    done = State()


async def _on_name(message: Message, _widget: Any, manager: DialogManager, text: str) -> None:
    manager.dialog_data["name"] = text
    await manager.next()


def mini_dialog() -> Dialog:
    """Three windows: a button, a text input, and a result with a button back to the start (built per
    Dispatcher: a Dialog attaches to one only)."""
    return Dialog(
        Window(Const("Hello. This is a minimal dialog."), Next(Const("Next ➡"), id="next"), state=Mini.hello),
        Window(Const("Type a name."), TextInput(id="name", on_success=_on_name), state=Mini.name),
        Window(Format("Thank you, {dialog_data[name]}."), SwitchTo(Const("Again"), id="again", state=Mini.hello),
               Button(Const("Nothing"), id="nothing"), state=Mini.done),
    )


def mini_dispatcher() -> Dispatcher:
    router = Router(name="mini")

    @router.message(CommandStart())
    async def start(message: Message, dialog_manager: DialogManager) -> None:
        await dialog_manager.start(Mini.hello, mode=StartMode.RESET_STACK)

    dp = Dispatcher(storage=MemoryStorage())
    dp.include_router(router)
    dp.include_router(mini_dialog())
    setup_dialogs(dp)
    return dp


NEXT, AGAIN = re.compile("Next ➡"), re.compile("Again")


async def mini_user(player: Player, steps: int) -> None:
    await player.send("/start")
    done = 1
    while done < steps:
        await player.tap(NEXT)
        await player.send(f"Synthetic Name {done}")
        await player.tap(AGAIN)
        done += 3


# --- (c-e) our full intake -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Play:
    kind: str  # "send" or "tap"
    text: str | None
    pattern: re.Pattern[str] | None


def compiled_script(i18n: Any, locale: str, steps: list[Step] | None = None) -> list[Play]:
    steps = full_intake(locale) if steps is None else steps
    return [Play("send", s.value, None) if s.kind == "send" else Play("tap", None, s.label_pattern(i18n, locale))
            for s in steps]


async def play(player: Player, script: list[Play]) -> None:
    for step in script:
        if step.kind == "send":
            await player.send(step.text)
        else:
            await player.tap(step.pattern)


async def register(store: Store, users: range, orgs: int = 5) -> None:
    for n, telegram_id in enumerate(users):
        org = n % orgs
        await store.add_user(telegram_id, "specialist", org=f"Bench Shelter No. {org} (synthetic)",
                             district=f"Bench District {org % 3} (synthetic)",
                             full_name=f"Benchova Specialist {n} (synthetic)")


_I18N = None


def shared_i18n() -> Any:
    """The catalogs, compiled once per process (the bot compiles them once at start)."""
    global _I18N
    if _I18N is None:
        _I18N = make_i18n("ru")
    return _I18N


@contextlib.asynccontextmanager
async def intake_bot(backend: Backend, dialog_state: str) -> AsyncIterator[tuple[Dispatcher, Store, BaseStorage]]:
    """The real Dispatcher on a fresh store; ``dialog_state`` is "memory", "sql" or "redis"."""
    async with backend.database() as url:
        settings = bench_settings(url)
        store = await open_bench_store(settings)
        if dialog_state == "memory":
            storage: BaseStorage = MemoryStorage()
        elif dialog_state == "sql":
            storage = SQLStorage(store.engine)
        elif dialog_state == "redis":
            prefix = f"intake-bench-{uuid.uuid4().hex[:10]}"
            storage = redis_dialog_storage(backend.redis_url, prefix)
        else:
            raise ValueError(dialog_state)
        try:
            yield build_dispatcher(settings, store, shared_i18n(), storage), store, storage
        finally:
            if dialog_state == "redis":
                keys = [key async for key in storage.redis.scan_iter(f"{prefix}:*")]
                if keys:
                    await storage.redis.delete(*keys)
            await storage.close()
            await store.close()


def redis_dialog_storage(url: str, prefix: str) -> BaseStorage:
    """The production Redis storage (``bot.store.fsm.redis_storage``: destiny in the keys, data sealed) under a key
    prefix of the bench's own; aiogram's plain RedisStorage with destiny keys where that helper does not exist."""
    try:
        from bot.store.fsm import redis_storage
    except ImportError:
        from aiogram.fsm.storage.redis import RedisStorage

        return RedisStorage.from_url(url, key_builder=DefaultKeyBuilder(prefix=prefix, with_destiny=True))
    return redis_storage(url, prefix=prefix)


async def run_players(make: Callable[[int, list[float]], Any], users: list[int], concurrency: int,
                      warmup_user: int | None) -> dict[str, Any]:
    """Run ``make(user, latencies)`` for each user, ``concurrency`` at a time, after one untimed warm-up."""
    if warmup_user is not None:
        await make(warmup_user, [])
    latencies: list[float] = []
    semaphore = asyncio.Semaphore(concurrency)

    async def one(user: int) -> None:
        async with semaphore:
            await make(user, latencies)

    started = time.perf_counter()
    await asyncio.gather(*(one(u) for u in users))
    elapsed = time.perf_counter() - started
    return summary(latencies, elapsed)


async def _measure_simple(dp: Any, play_user: Any, users: int, steps_per_user: int,
                          concurrency: int) -> dict[str, Any]:
    bot = FakeBot()
    ids = list(range(FIRST_USER, FIRST_USER + users))
    result = await run_players(lambda u, lat: play_user(Player(dp, bot, u, lat), steps_per_user), ids, concurrency,
                               FIRST_USER - 1)
    return {**result, "users": users, "concurrency": concurrency}


async def measure_echo(users: int, steps_per_user: int, concurrency: int) -> dict[str, Any]:
    return await _measure_simple(echo_dispatcher(), echo_user, users, steps_per_user, concurrency)


async def measure_mini(users: int, steps_per_user: int, concurrency: int) -> dict[str, Any]:
    return await _measure_simple(mini_dispatcher(), mini_user, users, steps_per_user, concurrency)


async def measure_intake(backend: Backend, dialog_state: str, specialists: int, concurrency: int) -> dict[str, Any]:
    """``specialists`` complete intakes (interfaces ru, kk, en in turn) after one untimed warm-up intake."""
    i18n = shared_i18n()
    scripts = {locale: compiled_script(i18n, locale) for locale in INTERFACES}
    ids = list(range(FIRST_USER, FIRST_USER + specialists))
    async with intake_bot(backend, dialog_state) as (dp, store, _storage):
        await register(store, range(FIRST_USER - 1, FIRST_USER + specialists))
        bot = FakeBot()

        async def make(user: int, latencies: list[float]) -> None:
            await play(Player(dp, bot, user, latencies), scripts[INTERFACES[user % len(INTERFACES)]])

        result = await run_players(make, ids, concurrency, FIRST_USER - 1)
        saved = await count_closed(store)
    if saved != specialists + 1:
        raise RuntimeError(f"expected {specialists + 1} saved intakes, found {saved}")
    return {**result, "specialists": specialists, "concurrency": concurrency,
            "steps_per_intake": len(scripts["ru"]), "database": backend.name, "dialog_state": dialog_state}


async def count_closed(store: Store) -> int:
    from sqlalchemy import func, select

    from bot.store.models import Case

    async with store.engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(Case).where(Case.status != "draft"))
