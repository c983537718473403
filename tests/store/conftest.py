"""Store fixtures: ``any_store`` on each database (``database_url`` in tests/conftest.py)."""

from __future__ import annotations

import pytest

from bot.app import open_store
from bot.config import load_settings


@pytest.fixture
async def any_store(database_url, data_key):
    store = await open_store(load_settings(database_url=database_url, intake_data_key=data_key))
    yield store
    await store.close()
