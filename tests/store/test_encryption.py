"""Encryption at rest: a copy of the database file alone reveals no name, date of birth or free text."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess

import pytest
from cryptography.exceptions import InvalidTag
from sqlalchemy import make_url

from bot.app import open_store
from bot.demo.script import (
    CHILD,
    CHILD_CARD,
    INTERPRETER,
    NARRATIVE,
    NOTICE,
    PERSON,
    PERSON_CARD,
    RELATIVE,
    VENUE,
    admission_steps,
    agreement_steps,
    forward_steps,
    full_case,
    officer_steps,
)
from bot.standard.lifecycle import Basis
from bot.store.crypto import (
    DataKeyError,
    Keyring,
    encode_key,
    load_or_create_key_file,
    new_key,
)
from tests.helpers import SPECIALIST_ID

SECRETS = (
    PERSON["surname"],
    PERSON["first_name"],
    INTERPRETER,
    "1998-03-05",
    "05.03.1998",
    "Kazakh – Russian",
    CHILD["first_name"],
    "2019-06-12",
    VENUE,
    NARRATIVE[1][:40],
    "never returned",
    # admission (paras 17-21): the registration cards, the child's document, the para 21 information
    PERSON_CARD["iin"],
    PERSON_CARD["address"],
    PERSON_CARD["birthplace"],
    PERSON_CARD["health"],
    PERSON_CARD["sent_by"],
    RELATIVE[1],
    "1970-02-01",
    CHILD_CARD["iin"],
    CHILD_CARD["document"],
    CHILD_CARD["issued_by"],
    NOTICE["body"],
    NOTICE["reference"],
)
OFFICER_ID = 650201


async def stored_bytes(settings) -> bytes:
    """What a copy of the store holds: the SQLite file with its write-ahead log, or a ``pg_dump``."""
    if path := settings.sqlite_path:
        with sqlite3.connect(path) as connection:  # fold the write-ahead log into the file
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed next to PostgreSQL"
    url = make_url(settings.database_url)
    dump = subprocess.run(
        [
            pg_dump,
            "-h",
            url.host or "127.0.0.1",
            "-p",
            str(url.port or 5432),
            "-U",
            url.username or "postgres",
            url.database,
        ],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout
    assert b"COPY public.persons" in dump
    return dump


async def test_a_copy_of_the_store_holds_no_typed_personal_data(make_bot_client, store, settings):
    """A whole case through the dialogs, the permit and admission, then the database file (SQLite) or a dump
    (PostgreSQL): no name, date of birth, card field or sentence in clear, while the metadata is readable."""
    await store.add_user(OFFICER_ID, "officer", district="Test District A", full_name="Officer Testov", locale="en")
    user = make_bot_client()
    await user.run(full_case("en"), "en")
    number = user.number
    await user.run(forward_steps(number), "en")
    await make_bot_client(user_id=OFFICER_ID).run(officer_steps(number), "en")
    await user.run([*agreement_steps(number), *admission_steps()], "en")
    assert "card.fill" in {e.action for e in await store.audit_trail(1)}
    await store.close()
    raw = await stored_bytes(settings)
    assert b"case.create" in raw  # the copy is readable: metadata is there
    assert b"document.export" in raw
    for secret in SECRETS:
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
