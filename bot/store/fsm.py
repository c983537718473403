"""Dialog state: an aiogram FSM storage on the case store's database (survives restarts), or aiogram's
RedisStorage for several processes; in both the data is sealed with the data key like every column."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from cryptography.exceptions import InvalidTag
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from .crypto import DataKeyError, keyring
from .models import DialogState
from .unit import current as current_unit
from .unit import reading, writing

log = logging.getLogger(__name__)

REDIS_CONTEXT = "redis.dialog_data"


def _seal(data: Any) -> str:
    return keyring().encrypt(json.dumps(data, ensure_ascii=False), REDIS_CONTEXT)


def _unseal(text: str) -> Any:
    try:
        return json.loads(keyring().decrypt(text, REDIS_CONTEXT))
    except (DataKeyError, InvalidTag):
        # sealed with a key retired since (a dialog left idle across a key rotation): the dialog starts again
        # from the menu; what was entered is in the database
        log.warning("dialog state sealed with a key that is no longer loaded: the dialog starts afresh")
        return {}


def redis_storage(url: str, *, prefix: str = "fsm") -> Any:
    """aiogram's RedisStorage with destiny in the keys (aiogram-dialog needs it) and the data sealed."""
    from aiogram.fsm.storage.redis import RedisStorage

    return RedisStorage.from_url(
        url, key_builder=DefaultKeyBuilder(prefix=prefix, with_destiny=True), json_dumps=_seal, json_loads=_unseal
    )


class SQLStorage(BaseStorage):
    """One row per storage key; ``data`` is encrypted like every other column that may hold text.

    With SQLite the bot is the database's only writer (one process: see README), so the storage also keeps the
    rows it has read or written in memory, written through and bounded (``cache_size`` rows, least recently used
    first out): a read costs no query, and a write that changes nothing costs none either (aiogram-dialog saves
    the stack and the context after every update, mostly unchanged). With PostgreSQL several processes may share
    the rows, so every call goes to the database.
    """

    CACHE_SIZE = 4096

    def __init__(self, engine: AsyncEngine, key_builder: KeyBuilder | None = None, *, cache_size: int | None = None):
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        if cache_size is None:
            cache_size = self.CACHE_SIZE if engine.dialect.name == "sqlite" else 0
        self._cache_size = cache_size
        self._rows: OrderedDict[str, tuple[str | None, str | None]] = OrderedDict()  # key -> (state, data JSON)
        # with the cache, a key's row is reached under that key's lock, so the cache and the row never disagree
        # (two updates of one user at once: a double tap). One lock per key, never one for all: an update waiting
        # here must not wait for another user's update, which may itself wait for SQLite's write lock held by this
        # one (a deadlock that only the 30-second busy timeout ended).
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    # ---- the cache -----------------------------------------------------------------------------

    def _remember(self, key: str, state: str | None, data: str | None) -> None:
        if self._cache_size:
            self._rows[key] = (state, data)
            self._rows.move_to_end(key)
            while len(self._rows) > self._cache_size:
                self._rows.popitem(last=False)

    def _lock(self, key: str) -> asyncio.Lock | contextlib.nullcontext[None]:
        if not self._cache_size:
            return contextlib.nullcontext()
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        return lock

    def _forget(self, key: str) -> None:
        self._rows.pop(key, None)

    def _cached(self, key: str) -> tuple[str | None, str | None] | None:
        row = self._rows.get(key)
        if row is not None:
            self._rows.move_to_end(key)
        return row

    async def _row(self, key: str) -> tuple[str | None, str | None]:
        """(state, data as canonical JSON) of ``key``, from the cache or the database."""
        if (row := self._cached(key)) is not None:
            return row
        async with self._lock(key):
            if (row := self._cached(key)) is not None:
                return row
            async with self._read() as session:
                found = (
                    await session.execute(select(DialogState.state, DialogState.data).where(DialogState.key == key))
                ).first()
            row = (found.state, _canonical(found.data)) if found else (None, None)
            self._remember(key, *row)
            return row

    def _write(self, key: str) -> contextlib.AbstractAsyncContextManager[AsyncSession]:
        """The update's unit of work (the row is written with its commit; a rollback forgets the cached row), or
        a transaction of its own outside an update (``unit.writing``)."""
        unit = current_unit()
        if unit is not None:
            unit.on_rollback(lambda: self._forget(key))
        return writing(self._sessions)

    def _read(self) -> contextlib.AbstractAsyncContextManager[AsyncSession]:
        return reading(self._sessions)

    async def _upsert(self, key: str, **values: Any) -> None:
        unit = current_unit()
        if unit is not None:  # kept, and written with the update's other rows in one statement before the commit
            pending = unit.pending.get(self)
            if pending is None:
                pending = unit.pending[self] = {}
                unit.before_commit(lambda: self._write_pending(unit.session, pending))
            pending.setdefault(key, {}).update(values)
            unit.on_rollback(lambda: self._forget(key))
            return
        stmt = self._insert(DialogState).values(key=key, **values)
        async with self._sessions.begin() as session:
            await session.execute(stmt.on_conflict_do_update(index_elements=[DialogState.key], set_=values))

    async def _write_pending(self, session: AsyncSession, pending: dict[str, dict[str, Any]]) -> None:
        """One upsert per set of columns written (usually one: the stack and the context's data)."""
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for key, values in pending.items():
            if values:  # a row deleted after it was written in the same update has nothing left to write
                groups.setdefault(tuple(sorted(values)), []).append({"key": key, **values})
        for columns, rows in groups.items():
            stmt = self._insert(DialogState).values(rows)
            await session.execute(
                stmt.on_conflict_do_update(
                    index_elements=[DialogState.key], set_={c: stmt.excluded[c] for c in columns}
                )
            )
        pending.clear()

    def _unwritten(self, key: str) -> dict[str, Any] | None:
        unit = current_unit()
        return unit.pending.get(self, {}).get(key) if unit is not None else None

    # ---- BaseStorage ---------------------------------------------------------------------------

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        name = self.key_builder.build(key)
        async with self._lock(name):
            cached = self._cached(name)
            if cached is not None and cached[0] == value:
                return
            await self._upsert(name, state=value)
            if cached is not None:
                self._remember(name, value, cached[1])

    async def get_state(self, key: StorageKey) -> str | None:
        unwritten = self._unwritten(self.key_builder.build(key))
        if unwritten is not None and "state" in unwritten:
            return unwritten["state"]
        if not self._cache_size:
            async with self._read() as session:
                return await session.scalar(
                    select(DialogState.state).where(DialogState.key == self.key_builder.build(key))
                )
        return (await self._row(self.key_builder.build(key)))[0]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        name = self.key_builder.build(key)
        text = _canonical(data) if data else None
        async with self._lock(name):
            cached = self._cached(name)
            if cached is not None and cached[1] == text:
                return
            unwritten = self._unwritten(name)
            if text is None and unwritten is not None and unwritten.get("state") is not None:
                unwritten["data"] = None  # the row keeps its (unwritten) state
            elif text is None:
                if unwritten is not None:
                    unwritten.pop("data", None)
                    if not unwritten:
                        unit = current_unit()
                        if unit is not None:
                            unit.pending.get(self, {}).pop(name, None)
                async with self._write(name) as session:
                    await session.execute(
                        delete(DialogState).where(DialogState.key == name, DialogState.state.is_(None))
                    )
                    if cached is None or cached[0] is not None:  # a row with a state keeps it, without data
                        row = await session.get(DialogState, name)
                        if row is not None:
                            row.data = None
            else:
                await self._upsert(name, data=dict(data))
            if cached is not None:
                self._remember(name, cached[0], text)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        unwritten = self._unwritten(self.key_builder.build(key))
        if unwritten is not None and "data" in unwritten:
            return json.loads(json.dumps(unwritten["data"] or {}))
        if not self._cache_size:
            async with self._read() as session:
                data = await session.scalar(
                    select(DialogState.data).where(DialogState.key == self.key_builder.build(key))
                )
            return dict(data or {})
        text = (await self._row(self.key_builder.build(key)))[1]
        return json.loads(text) if text else {}  # a fresh copy each time, as from the database

    async def close(self) -> None:
        """The engine belongs to the store, which disposes of it."""


def _canonical(data: Any) -> str | None:
    """The JSON the database keeps (the same as the encrypted column writes), for comparing and copying."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True) if data else None
