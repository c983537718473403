"""Store fixtures on both databases: SQLite always; PostgreSQL when it runs (always in CI)."""

from __future__ import annotations

import os
import uuid

import pytest

from bot.app import open_store
from bot.config import load_settings
from bot.store.crypto import encode_key, new_key

PG_ADMIN_DSN = os.environ.get("TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")


async def _pg_admin():
    import asyncpg

    try:
        return await asyncpg.connect(PG_ADMIN_DSN, timeout=3)
    except (OSError, asyncpg.PostgresError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL must run in CI ({PG_ADMIN_DSN}): {exc}")
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN_DSN} ({exc}); these tests run in CI")


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'store.db'}"
        return
    admin = await _pg_admin()
    name = f"intake_test_{uuid.uuid4().hex[:10]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_DSN.replace("postgresql://", "postgresql+asyncpg://").rsplit("/", 1)[0] + f"/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
def data_key() -> str:
    return encode_key(new_key())


@pytest.fixture
async def any_store(database_url, data_key):
    store = await open_store(load_settings(database_url=database_url, intake_data_key=data_key))
    yield store
    await store.close()
