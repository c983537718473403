"""Dialog state: an aiogram FSM storage on the case store's database (survives restarts), or aiogram's
RedisStorage for several processes; in both the data is sealed with the data key like every column."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from .crypto import DataKeyError, keyring
from .models import DialogState

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

    return RedisStorage.from_url(url, key_builder=DefaultKeyBuilder(prefix=prefix, with_destiny=True),
                                 json_dumps=_seal, json_loads=_unseal)


class SQLStorage(BaseStorage):
    """One row per storage key; ``data`` is encrypted like every other column that may hold text."""

    def __init__(self, engine: AsyncEngine, key_builder: KeyBuilder | None = None):
        self._sessions = async_sessionmaker(engine, expire_on_commit=False)
        self._insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    async def _upsert(self, key: StorageKey, **values: Any) -> None:
        stmt = self._insert(DialogState).values(key=self.key_builder.build(key), **values)
        stmt = stmt.on_conflict_do_update(index_elements=[DialogState.key], set_=values)
        async with self._sessions.begin() as session:
            await session.execute(stmt)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._upsert(key, state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._sessions() as session:
            return await session.scalar(
                select(DialogState.state).where(DialogState.key == self.key_builder.build(key)))

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not data:
            async with self._sessions.begin() as session:
                await session.execute(
                    delete(DialogState).where(DialogState.key == self.key_builder.build(key),
                                              DialogState.state.is_(None)))
                row = await session.get(DialogState, self.key_builder.build(key))
                if row is not None:
                    row.data = None
            return
        await self._upsert(key, data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._sessions() as session:
            data = await session.scalar(
                select(DialogState.data).where(DialogState.key == self.key_builder.build(key)))
        return dict(data or {})

    async def close(self) -> None:
        """The engine belongs to the store, which disposes of it."""
