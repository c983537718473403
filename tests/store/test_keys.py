"""Key rotation on SQLite and PostgreSQL: after ``intake-bot keys rotate`` everything reads back, every
stored value is under the new key, and the old key alone reads nothing; reads go on during the rotation."""

from __future__ import annotations

import base64
import os
import stat
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from aiogram.fsm.storage.base import StorageKey
from cryptography.exceptions import InvalidTag

from bot.app import open_store
from bot.config import load_settings
from bot.standard.lifecycle import Basis, Status
from bot.standard.sheet import Answer
from bot.store import keys as keys_module
from bot.store.crypto import (
    DataKeyError,
    Encrypted,
    Keyring,
    decode_key,
    encode_key,
    key_file_keyring,
    key_id,
    new_key,
    read_key_file,
    token_key_id,
    use_keyring,
    write_key_file,
)
from bot.store.db import install_keyring, load_keyring
from bot.store.fsm import SQLStorage
from bot.store.keys import RotationError, main_new, main_rotate, rotate
from bot.store.models import Base

# Clearly synthetic values only.
SPECIALIST_TG = 990001
FSM_KEYS = [
    StorageKey(bot_id=1, chat_id=c, user_id=c, destiny=d)
    for c in (990001, 990002)
    for d in ("default", "aiogram_dialog_stack")
]


@pytest.fixture
def key_path(tmp_path):
    return tmp_path / "secrets" / "intake.key"


@pytest.fixture
def file_settings(database_url, key_path):
    # intake_data_key=None explicitly: an INTAKE_DATA_KEY in the environment must not take over
    return load_settings(database_url=database_url, intake_data_key=None, intake_key_file=key_path)


@pytest.fixture
async def file_store(file_settings):
    store = await open_store(file_settings)  # creates the key file, installs a keyring that follows it
    yield store
    await store.close()


async def fill(store) -> None:
    specialist = await store.add_user(
        SPECIALIST_TG,
        "specialist",
        org="Synthetic Shelter No. 9",
        district="Synthetic District",
        full_name="Specialistka Testovna",
        locale="ru",
    )
    await store.add_user(990002, "officer", district="Synthetic District", full_name="Officer Fakeov")
    for n in range(3):
        case = await store.create_case(specialist, Basis.APPLICATION)
        await store.set_consent(specialist, case.id, True)
        await store.set_person(
            specialist,
            case.id,
            surname=f"Testova-{n}",
            first_name="Synthia",
            patronymic="Fakeevna",
            birth_date=date(1999, 1, 2 + n),
            sex="female",
            citizenship="Testland",
            has_documents="no",
        )
        await store.set_child(
            specialist,
            case.id,
            0,
            surname="Testov",
            first_name=f"Junior-{n}",
            patronymic="Syntheticovich",
            birth_date=date(2019, 5, 6),
            relation="son",
        )
        await store.set_interview_language(specialist, case.id, "Testish")
        await store.set_interpreter_name(specialist, case.id, "Interpreter Synthetic")
        await store.set_place(specialist, case.id, "organization")
        await store.tick_checklist_item(specialist, case.id, "safe")
        await store.confirm_checklist(specialist, case.id, "synthetic reason")
        await store.record_no_contraindications(specialist, case.id)
        await store.answer_row(specialist, case.id, "purpose.labour", Answer.PRESENT, 1)
        await store.answer_row(specialist, case.id, "actions.sale", Answer.ABSENT, 2)
        await store.close_case(
            specialist,
            case.id,
            Status.IDENTIFIED,
            suggested=False,
            verdict=True,
            override_reason="Synthetic override reason",
        )
        await store.update_report(
            specialist,
            case.id,
            held_at=datetime(2026, 1, 2, 10, 30, tzinfo=UTC),
            venue="Synthetic venue",
            circumstances="Synthetic circumstances",
            narrative=["Synthetic part one", "Synthetic part two"],
            authorized_person="Authorized Synthetic",
        )
    storage = SQLStorage(store.engine)
    for i, key in enumerate(FSM_KEYS):
        await storage.set_state(key, "Intake:surname")
        await storage.set_data(key, {"case_id": i, "note": f"Synthetic note {i}"})


async def read_all(store) -> dict:
    """Everything the store API gives back (new sessions, so nothing comes from a cache)."""
    specialist = await store.user_by_telegram(SPECIALIST_TG)
    cases = [await store.case(specialist, d.id) for d in await store.recent_cases(specialist, limit=50)]
    storage = SQLStorage(store.engine)
    return {
        "users": [await store.user_by_telegram(t) for t in (SPECIALIST_TG, 990002)],
        "cases": sorted(cases, key=lambda c: c.id),
        "fsm": [await storage.get_data(k) for k in FSM_KEYS],
    }


def _encrypted_columns():
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, Encrypted):
                yield table.name, column.name, column.type.context


async def raw_values(engine) -> list[tuple[str, str, str]]:
    """(table.column, context, stored text) of every non-null encrypted value, read with plain SQL."""
    found = []
    async with engine.connect() as connection:
        for table, column, context in _encrypted_columns():
            rows = await connection.execute(sa.text(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'))
            found += [(f"{table}.{column}", context, value) for (value,) in rows]
    return found


def assert_unreadable_with(old: bytes, values) -> None:
    """A keyring holding the old key alone reads none of the values, even told to try its own key id."""
    old_only = Keyring(old)
    for label, context, token in values:
        with pytest.raises(DataKeyError, match="not loaded"):
            old_only.decrypt(token, context)
        prefix, _, body = token.split(".", 2)
        with pytest.raises(InvalidTag):
            old_only.decrypt(f"{prefix}.{key_id(old)}.{body}", context)


async def test_rotation_reencrypts_everything_and_retires_the_old_key(file_store, file_settings, key_path):
    await fill(file_store)
    before = await read_all(file_store)
    (old,) = read_key_file(key_path)
    raw_before = await raw_values(file_store.engine)
    assert {token_key_id(v) for _, _, v in raw_before} == {key_id(old)}
    expected_counts: dict[str, int] = {}
    for label, _, _ in raw_before:
        expected_counts[label] = expected_counts.get(label, 0) + 1
    # every kind of encrypted field is exercised (a new encrypted column would show up here)
    assert {
        "persons.surname",
        "children.first_name",
        "cases.interpreter",
        "cases.checklist",
        "sheet_answers.answer",
        "reports.narrative",
        "users.full_name",
        "dialog_state.data",
        "cases.override_reason",
    } <= set(expected_counts)

    report = await rotate(file_settings, settle=0, batch_size=2)  # small batches: paging over every key type

    assert report.old_key_ids == (key_id(old),) and report.new_key_id != key_id(old)
    assert {k: n for k, n in report.counts.items() if n} == expected_counts
    assert report.total == len(raw_before)
    assert set(report.counts) == {f"{t}.{c}" for t, c, _ in _encrypted_columns()}  # found from the models

    # the key file: the new key alone, one line, still private
    assert len(key_path.read_text().splitlines()) == 1
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    (new,) = read_key_file(key_path)
    assert key_id(new) == report.new_key_id
    summary = report.summary()
    assert encode_key(new) not in summary and encode_key(old) not in summary

    # every stored value is under the new key, and the old key alone reads none of them
    raw_after = await raw_values(file_store.engine)
    assert len(raw_after) == len(raw_before)
    assert {token_key_id(v) for _, _, v in raw_after} == {report.new_key_id}
    assert_unreadable_with(old, raw_after)

    # a new process (keyring rebuilt from the rotated key file) reads everything back unchanged,
    # updated_at included: the rotation touches ciphertexts only
    await file_store.close()
    again = await open_store(file_settings)
    try:
        assert await read_all(again) == before
    finally:
        await again.close()


async def test_reads_go_on_during_the_rotation_and_late_writes_are_swept(file_store, file_settings, key_path):
    await fill(file_store)
    (old,) = read_key_file(key_path)
    before = await read_all(file_store)
    # a process started before the rotation: the old key only, and the hook that re-reads the key file
    running = Keyring(old, reload=lambda: read_key_file(key_path))
    use_keyring(running)
    specialist = await file_store.user_by_telegram(SPECIALIST_TG)
    case_id = before["cases"][0].id
    seen: dict[str, object] = {}

    async def during(sweep: int) -> None:
        if sweep != 1:
            return
        # after the first pass every value is under the new key: the running process still reads
        seen["read"] = await read_all(file_store)
        seen["reloaded_to"] = running.current_id
        # a lagging process that still encrypts with the old key (it reads both) writes meanwhile
        new, also_old = read_key_file(key_path)
        assert also_old == old
        use_keyring(Keyring(old, [new]))
        await file_store.update_report(specialist, case_id, venue="Synthetic late venue")
        await SQLStorage(file_store.engine).set_data(FSM_KEYS[0], {"note": "Synthetic late write"})
        late = await raw_values(file_store.engine)
        seen["late_old"] = sum(token_key_id(v) == key_id(old) for _, _, v in late)
        use_keyring(running)

    report = await rotate(file_settings, settle=0, after_sweep=during)

    assert seen["read"] == before
    assert seen["reloaded_to"] == report.new_key_id
    assert seen["late_old"] == 2  # the late writes really were under the old key...
    assert report.sweeps >= 3  # ...and a further sweep found them
    raw_after = await raw_values(file_store.engine)
    assert {token_key_id(v) for _, _, v in raw_after} == {report.new_key_id}
    assert_unreadable_with(old, raw_after)

    # a keyring built before the rotation, with the old key only, reads rows written after it
    use_keyring(Keyring(old, reload=lambda: read_key_file(key_path)))
    after = await read_all(file_store)
    assert after["fsm"][0] == {"note": "Synthetic late write"}
    late_case = next(c for c in after["cases"] if c.id == case_id)
    assert late_case.report.venue == "Synthetic late venue"


async def test_a_running_keyring_encrypts_with_the_new_key_once_the_file_changes(tmp_path):
    path = tmp_path / "intake.key"
    old, new = new_key(), new_key()
    write_key_file(path, [old])
    running = key_file_keyring(path, check_interval=0)
    assert running.decrypt(running.encrypt("Synthetic", "x"), "x") == "Synthetic"
    write_key_file(path, [new, old])
    token = running.encrypt("Synthetic", "x")
    assert token_key_id(token) == key_id(new) and running.key_ids == (key_id(new), key_id(old))
    slow = key_file_keyring(path, check_interval=3600)  # checks the file at most hourly
    write_key_file(path, [old])
    assert token_key_id(slow.encrypt("Synthetic", "x")) == key_id(new)
    assert slow.decrypt(Keyring(old).encrypt("Synthetic", "x"), "x") == "Synthetic"


async def test_interrupted_rotation_leaves_everything_readable_and_can_run_again(file_store, file_settings, key_path):
    await fill(file_store)
    before = await read_all(file_store)
    (old,) = read_key_file(key_path)

    async def crash(sweep: int) -> None:
        raise RuntimeError("synthetic crash")

    with pytest.raises(RuntimeError):
        await rotate(file_settings, settle=0, after_sweep=crash)
    half = read_key_file(key_path)
    assert len(half) == 2 and half[1] == old and stat.S_IMODE(key_path.stat().st_mode) == 0o600
    install_keyring(file_settings)
    assert await read_all(file_store) == before

    report = await rotate(file_settings, settle=0)
    assert set(report.old_key_ids) == {key_id(k) for k in half}
    (new,) = read_key_file(key_path)
    assert {token_key_id(v) for _, _, v in await raw_values(file_store.engine)} == {key_id(new)}
    install_keyring(file_settings)
    assert await read_all(file_store) == before


async def test_rotation_refuses_data_that_no_loaded_key_reads(file_store, file_settings, key_path):
    await fill(file_store)
    use_keyring(Keyring(new_key()))  # e.g. a process that ran with another key
    await SQLStorage(file_store.engine).set_data(FSM_KEYS[0], {"note": "Synthetic foreign"})
    content = key_path.read_bytes()
    with pytest.raises(DataKeyError, match="cannot read"):
        await rotate(file_settings, settle=0)
    assert key_path.read_bytes() == content  # nothing was touched


async def test_a_key_file_readable_by_others_is_refused(file_store, file_settings, key_path):
    (current,) = read_key_file(key_path)
    running = Keyring(current, reload=lambda: read_key_file(key_path), stamp=lambda: object(), check_interval=0)
    os.chmod(key_path, 0o644)
    with pytest.raises(DataKeyError, match="chmod 600"):
        load_keyring(file_settings)
    with pytest.raises(DataKeyError, match="chmod 600"):
        await rotate(file_settings, settle=0)
    assert len(key_path.read_text().splitlines()) == 1
    # a running process refuses to write rather than keep sealing with a key it cannot check
    with pytest.raises(DataKeyError, match="chmod 600"):
        running.encrypt("Synthetic", "x")


async def test_only_one_rotation_at_a_time(file_store, file_settings, key_path):
    with keys_module._rotation_lock(key_path), pytest.raises(RotationError, match="another key rotation"):
        await rotate(file_settings, settle=0)


async def test_env_key_rotation_needs_new_and_old_keys(database_url):
    old, new = new_key(), new_key()
    store = await open_store(load_settings(database_url=database_url, intake_data_key=encode_key(old)))
    try:
        await fill(store)
        before = await read_all(store)
        with pytest.raises(RotationError, match="NEW,OLD"):
            await rotate(load_settings(database_url=database_url, intake_data_key=encode_key(old)))
        both = load_settings(database_url=database_url, intake_data_key=f"{encode_key(new)}, {encode_key(old)}")
        install_keyring(both)  # processes restarted with NEW,OLD
        report = await rotate(both)
        assert report.key_file is None and report.new_key_id == key_id(new)
        assert report.total == len(await raw_values(store.engine))
        assert_unreadable_with(old, await raw_values(store.engine))
        install_keyring(load_settings(database_url=database_url, intake_data_key=encode_key(new)))  # then NEW
        assert await read_all(store) == before
    finally:
        await store.close()


def test_key_lists_in_files_and_in_the_environment(tmp_path):
    a, b = new_key(), new_key()
    path = tmp_path / "intake.key"
    write_key_file(path, [a, b])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_key_file(path) == [a, b]
    settings = load_settings(intake_data_key=f"{encode_key(b)},{encode_key(a)}")
    ring = load_keyring(settings)
    assert ring.current == b and ring.others == [a]
    with pytest.raises(DataKeyError, match="INTAKE_DATA_KEY"):
        load_keyring(load_settings(intake_data_key=f"{encode_key(b)},not-a-key"))


async def test_command_line_entry_points_print_no_key_material(
    file_store, file_settings, key_path, capsys, monkeypatch
):
    await fill(file_store)
    (old,) = read_key_file(key_path)
    monkeypatch.setattr(keys_module, "SETTLE_SECONDS", 0)
    assert await main_rotate(file_settings) == 0
    (new,) = read_key_file(key_path)
    out, err = capsys.readouterr()
    assert key_id(new) in out and "sheet_answers.answer" in out
    for key in (old, new):
        for text in (encode_key(key), base64.b64encode(key).decode()):
            assert text not in out + err

    assert main_new() == 0
    out, err = capsys.readouterr()
    assert len(decode_key(out.strip())) == 32 and key_id(decode_key(out.strip())) in err
