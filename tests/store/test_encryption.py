"""Encryption at rest: a copy of the database file alone reveals no name, date of birth or free text."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess

import pytest
from cryptography.exceptions import InvalidTag

from bot.app import build_dispatcher, open_store
from bot.config import load_settings
from bot.demo.script import CHILD, INTERPRETER, NARRATIVE, PERSON, VENUE, full_case
from bot.i18n import make_i18n
from bot.standard.lifecycle import Basis
from bot.store.crypto import (
    DataKeyError,
    Keyring,
    encode_key,
    load_or_create_key_file,
    new_key,
)
from bot.store.fsm import SQLStorage
from tests.conftest import (
    SPECIALIST_ID,
    RecordingBot,
    RecordingMessageManager,
    Specialist,
)
from tests.store.conftest import _pg_admin

SECRETS = (PERSON["surname"], PERSON["first_name"], INTERPRETER, "1998-03-05", "05.03.1998", "Kazakh – Russian",
           CHILD["first_name"], "2019-06-12", VENUE, NARRATIVE[1][:40], "never returned")


async def test_database_file_holds_no_typed_personal_data(make_bot_client, store, db_path):
    user = make_bot_client()
    await user.run(full_case("en"), "en")
    await store.close()
    with sqlite3.connect(db_path) as connection:  # fold the write-ahead log into the file
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert b"case.create" in raw  # the file is readable: metadata is there
    assert b"document.export" in raw
    for secret in SECRETS:
        assert secret.encode() not in raw, secret


async def test_a_postgresql_dump_holds_no_typed_personal_data(tmp_path, data_key, make_bot_client, store):
    """The same intake against PostgreSQL, then pg_dump: no name, date of birth or sentence in clear."""
    admin = await _pg_admin()
    name = f"intake_dump_{os.getpid()}"
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"
        settings = load_settings(database_url=url, intake_data_key=data_key)
        pg_store = await open_store(settings)
        await pg_store.add_user(SPECIALIST_ID, "specialist", org="Test Shelter No. 1", district="Test District A",
                                full_name="Specialist Testov")
        messages = RecordingMessageManager()
        dp = build_dispatcher(settings, pg_store, make_i18n("en"), SQLStorage(pg_store.engine),
                              message_manager=messages)
        await Specialist(dp, SPECIALIST_ID, messages, RecordingBot()).run(full_case("en"), "en")
        await pg_store.close()
        pg_dump = shutil.which("pg_dump")
        assert pg_dump, "pg_dump is needed next to PostgreSQL"
        dump = subprocess.run([pg_dump, "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True,
                              check=True, timeout=60).stdout
        assert b"document.export" in dump and b"COPY public.persons" in dump
        for secret in SECRETS:
            assert secret.encode() not in dump, secret
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def test_a_ciphertext_is_bound_to_its_column_and_key():
    keyring = Keyring(new_key())
    token = keyring.encrypt("Testova", "persons.surname")
    assert keyring.decrypt(token, "persons.surname") == "Testova"
    with pytest.raises(InvalidTag):
        keyring.decrypt(token, "persons.first_name")
    with pytest.raises(DataKeyError, match="not loaded"):
        Keyring(new_key()).decrypt(token, "persons.surname")
    assert keyring.encrypt("Testova", "x") != keyring.encrypt("Testova", "x")  # fresh nonce each time


def test_key_file_is_created_private_and_refused_when_readable_by_others(tmp_path):
    path = tmp_path / "keys" / "intake.key"
    key = load_or_create_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key_file(path) == key
    os.chmod(path, 0o644)
    with pytest.raises(DataKeyError, match="chmod 600"):
        load_or_create_key_file(path)


async def test_the_bot_refuses_to_start_with_a_key_that_does_not_fit(settings, store):
    """A lost key file re-created on the next start would make every read fail: refuse at once instead."""
    actor = await store.user_by_telegram(SPECIALIST_ID)
    case = await store.create_case(actor, Basis.APPLICATION)
    await store.set_consent(actor, case.id, True)
    await store.set_person(actor, case.id, surname="Testova")
    await store.close()
    with pytest.raises(DataKeyError, match="does not fit this database"):
        await open_store(settings.model_copy(update={"intake_data_key": encode_key(new_key())}))
    reopened = await open_store(settings)  # the right key still opens it
    assert (await reopened.case(actor, case.id)).person.surname == "Testova"
    await reopened.close()
