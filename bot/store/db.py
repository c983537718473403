"""Engine, data key and schema migrations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from ..config import Settings
from .crypto import (
    Keyring,
    key_file_keyring,
    load_or_create_key_file,
    parse_keys,
    use_keyring,
)

MIGRATIONS = Path(__file__).with_name("migrations")


def make_engine(url: str) -> AsyncEngine:
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_async_engine(url, pool_pre_ping=True)


def load_keyring(settings: Settings) -> Keyring:
    """Keys from INTAKE_DATA_KEY ("CURRENT[,OLDER...]"), fixed for the life of the process; or from
    the key file (one key per line, current first; created 0600 on first run), which the keyring
    follows while the process runs so that ``intake-bot keys rotate`` needs no restart."""
    if settings.intake_data_key:
        keys = parse_keys(settings.intake_data_key)
        return Keyring(keys[0], keys[1:])
    load_or_create_key_file(settings.key_file)
    return key_file_keyring(settings.key_file)


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


async def _alembic(engine: AsyncEngine, action: Callable[[Config, str], None], revision: str) -> None:
    def _run(connection: Any) -> None:
        cfg = alembic_config(str(engine.url))
        cfg.attributes["connection"] = connection
        action(cfg, revision)

    sqlite = engine.dialect.name == "sqlite"
    async with engine.connect() as connection:
        if sqlite:
            # A migration that rebuilds a table on SQLite (batch mode: copy, drop, rename) would cascade the drop to
            # every row that references it (the persons of the cases), so foreign keys are off while migrating, as
            # SQLite's documentation prescribes for schema changes, and checked before the commit.
            await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await connection.commit()
        try:
            await connection.run_sync(_run)
            if sqlite and (await connection.exec_driver_sql("PRAGMA foreign_key_check")).first():
                raise RuntimeError("the migration left rows that reference nothing; nothing was changed")
            await connection.commit()
        finally:
            if sqlite:
                await connection.rollback()
                await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                await connection.commit()


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (both SQLite and PostgreSQL)."""
    await _alembic(engine, command.upgrade, revision)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    await _alembic(engine, command.downgrade, revision)


def install_keyring(settings: Settings) -> Keyring:
    keyring = load_keyring(settings)
    use_keyring(keyring)
    return keyring
