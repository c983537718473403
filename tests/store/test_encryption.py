"""Encryption at rest: a copy of the database file alone reveals no name, date of birth or free text."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
from cryptography.exceptions import InvalidTag

from bot.demo.script import INTERPRETER, PERSON, full_intake
from bot.store.crypto import DataKeyError, Keyring, load_or_create_key_file, new_key


async def test_database_file_holds_no_typed_personal_data(make_bot_client, store, db_path):
    user = make_bot_client()
    await user.run(full_intake("en"), "en")
    await store.close()
    with sqlite3.connect(db_path) as connection:  # fold the write-ahead log into the file
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert b"case.create" in raw  # the file is readable: metadata is there
    for secret in (PERSON["surname"], PERSON["first_name"], INTERPRETER, "1998-03-05", "05.03.1998",
                   "Kazakh – Russian"):
        assert secret.encode() not in raw, secret


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
