"""Where the benchmarks keep their data: a throwaway SQLite file or PostgreSQL database, Redis under a key prefix
of its own, and one synthetic data key for the whole process. Everything made here is removed afterwards."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.app import open_store
from bot.config import Settings, load_settings
from bot.store import Store
from bot.store.crypto import encode_key, new_key

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"

# One data key for the process (every store opened here installs it); the status benchmark replaces it with the
# key kept beside its cached SQLite file so that the cached rows stay readable.
_key = encode_key(new_key())


def use_key(key: str) -> None:
    global _key
    _key = key


def current_key() -> str:
    return _key


def bench_settings(database_url: str) -> Settings:
    """Settings for the bench alone: nothing read from the environment can send it to Telegram or to Redis."""
    overrides = {"database_url": database_url, "intake_data_key": _key, "default_locale": "ru", "bot_token": None,
                 "redis_url": None, "admin_ids": (), "telegram_api_url": None, "log_level": "WARNING",
                 "intake_key_file": None, "webhook_url": None}
    return load_settings(**{k: v for k, v in overrides.items() if k in Settings.model_fields})


async def open_bench_store(settings: Settings) -> Store:
    return await open_store(settings)


def asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def sqlalchemy_pg_url(dsn: str, database: str) -> str:
    base = dsn.replace("postgresql://", "postgresql+asyncpg://", 1)
    return base.rsplit("/", 1)[0] + "/" + database


@dataclass
class Backend:
    """``sqlite`` (a file under ``workdir``) or ``postgresql`` (a new database on ``postgres_dsn``'s server)."""

    name: str
    workdir: Path
    postgres_dsn: str = DEFAULT_POSTGRES
    redis_url: str = DEFAULT_REDIS
    made: list[str] = field(default_factory=list)

    @contextlib.asynccontextmanager
    async def database(self) -> AsyncIterator[str]:
        if self.name == "sqlite":
            path = self.workdir / f"intake-bench-{uuid.uuid4().hex[:10]}.db"
            try:
                yield f"sqlite+aiosqlite:///{path}"
            finally:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(f"{path}{suffix}")
            return
        async with postgres_database(self.postgres_dsn) as url:
            yield url


@contextlib.asynccontextmanager
async def postgres_database(dsn: str = DEFAULT_POSTGRES, prefix: str = "intake_bench") -> AsyncIterator[str]:
    """A throwaway database on the server of ``dsn``, dropped afterwards (even when connections remain)."""
    import asyncpg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(asyncpg_dsn(dsn))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        yield sqlalchemy_pg_url(asyncpg_dsn(dsn), name)
    finally:
        admin = await asyncpg.connect(asyncpg_dsn(dsn))
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


async def postgres_reachable(dsn: str = DEFAULT_POSTGRES) -> str | None:
    """None when the server answers, else why not."""
    try:
        import asyncpg

        connection = await asyncpg.connect(asyncpg_dsn(dsn), timeout=5)
        await connection.close()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not here"
        return f"{type(exc).__name__}: {exc}"


async def redis_reachable(url: str = DEFAULT_REDIS) -> str | None:
    try:
        from redis.asyncio import Redis

        redis = Redis.from_url(url, socket_connect_timeout=5)
        try:
            await redis.ping()
        finally:
            await redis.aclose()
        return None
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"


@contextlib.contextmanager
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="intake-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
