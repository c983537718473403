"""Shared fixtures: a store on each database (a temporary SQLite file; a throwaway PostgreSQL database where
PostgreSQL runs, always in CI) and a dialog harness around aiogram-dialog's BotClient, with a fake bot that
records what the bot asked Telegram to do.

Every test that takes ``settings``, ``store`` or ``database_url`` runs once on SQLite and once on PostgreSQL
(test ids ``[sqlite]`` and ``[postgresql]``). Where PostgreSQL does not answer, the PostgreSQL runs are skipped
with the reason; with ``CI`` set they fail instead."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from bot.app import build_dispatcher, open_store
from bot.config import load_settings
from bot.i18n import make_i18n
from bot.standard import clock
from bot.store.crypto import encode_key, new_key
from bot.store.fsm import SQLStorage
from tests.helpers import (
    DATABASES,
    DISTRICT,
    ORG,
    OTHER_ORG_SPECIALIST_ID,
    SPECIALIST_ID,
    TEST_NOW,
    RecordingBot,
    RecordingMessageManager,
    Specialist,
    pg_admin,
    pg_url,
)


@pytest.fixture(autouse=True)
def fake_clock():
    """The procedure's clock, set to ``TEST_NOW`` and running on from there; move it with ``.set()``."""
    fake = clock.FakeClock(TEST_NOW)
    clock.set_source(fake)
    yield fake
    clock.set_source(None)


@pytest.fixture(params=DATABASES)
async def database_url(request, tmp_path):
    """The store's URL: a fresh SQLite file, or a fresh PostgreSQL database dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'intake.db'}"
        return
    admin = await pg_admin()
    name = f"intake_test_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield pg_url(name)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
def data_key() -> str:
    return encode_key(new_key())


@pytest.fixture
def settings(database_url: str, data_key: str, monkeypatch: pytest.MonkeyPatch):
    for name in ("BOT_TOKEN", "DATABASE_URL", "REDIS_URL", "ADMIN_IDS", "TELEGRAM_API_URL"):
        monkeypatch.delenv(name, raising=False)
    return load_settings(database_url=database_url, intake_data_key=data_key, default_locale="ru")


@pytest.fixture
async def store(settings):
    store = await open_store(settings)
    await store.add_user(SPECIALIST_ID, "specialist", org=ORG, district=DISTRICT, full_name="Specialist Testov")
    await store.add_user(OTHER_ORG_SPECIALIST_ID, "specialist", org="Test Shelter No. 2", district="Test District B")
    yield store
    await store.close()


@pytest.fixture
def make_bot_client(settings, store):
    """Builds a fresh Dispatcher (dialogs attach to one only) and a Specialist playing a user."""

    def factory(user_id: int = SPECIALIST_ID, storage: Any = None) -> Specialist:
        messages = RecordingMessageManager()
        dp = build_dispatcher(
            settings,
            store,
            make_i18n(settings.default_locale),
            storage or SQLStorage(store.engine),
            message_manager=messages,
        )
        return Specialist(dp, user_id, messages, RecordingBot())

    return factory
