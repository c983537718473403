"""Dialog state in Redis (REDIS_URL): an intake resumes on a new dispatcher from the state in Redis."""

from __future__ import annotations

import os
import uuid

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.fsm.storage.redis import RedisStorage
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator

from bot.app import make_storage
from bot.demo.script import opening, person_steps, setup_steps, sheet_steps
from bot.store.crypto import PREFIX, Keyring, keyring, new_key, use_keyring
from bot.store.fsm import redis_storage as make_redis_storage
from tests.helpers import SPECIALIST_ID, redis_or_skip

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
async def redis_storage():
    await redis_or_skip(REDIS_URL)
    prefix = f"intake-test-{uuid.uuid4().hex[:8]}"
    storage = make_redis_storage(REDIS_URL, prefix=prefix)
    yield storage
    keys = [key async for key in storage.redis.scan_iter(f"{prefix}:*")]
    if keys:
        await storage.redis.delete(*keys)
    await storage.close()


async def test_intake_continues_from_state_in_redis(make_bot_client, store, redis_storage):
    first = make_bot_client(storage=redis_storage)
    await first.run([*opening("en"), *setup_steps("en"), *person_steps(), *sheet_steps()[:4]], "en")
    assert "4 of 28 answered" in first.text
    keys = [key async for key in redis_storage.redis.scan_iter("intake-test-*")]
    assert keys  # the dialog stack lives in Redis, not in the SQL database
    values = [await redis_storage.redis.get(key) for key in keys if key.endswith(b":data")]
    assert values and all(value.startswith(PREFIX.encode() + b".") for value in values)  # sealed
    assert not any(b"stack" in value or b"Intake" in value for value in values)

    second = make_bot_client(storage=redis_storage)  # another dispatcher, as another process would be
    await second.client.click(first.screen, InlineButtonTextLocator("✅ Present"))
    assert "5 of 28 answered" in second.text
    case = await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)
    assert len(case.answers) == 5


async def test_redis_url_selects_redis_with_destiny_keys(settings, store):
    storage = make_storage(settings.model_copy(update={"redis_url": REDIS_URL}), store)
    try:
        assert isinstance(storage, RedisStorage)
        assert storage.key_builder.with_destiny
    finally:
        await storage.close()


async def test_state_sealed_with_a_retired_key_starts_afresh(store, redis_storage):
    key = StorageKey(bot_id=1, chat_id=SPECIALIST_ID, user_id=SPECIALIST_ID, destiny="default")
    await redis_storage.set_data(key, {"step": "surname"})
    assert await redis_storage.get_data(key) == {"step": "surname"}
    before = keyring()
    use_keyring(Keyring(new_key()))  # the key that sealed it is gone
    try:
        assert await redis_storage.get_data(key) == {}  # the dialog restarts from the menu, no crash
    finally:
        use_keyring(before)
