"""The case store on SQLite and PostgreSQL: scope, audit, numbering, durable dialog state, migrations."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import inspect

from bot.standard import clock
from bot.standard.lifecycle import Basis, Status
from bot.standard.sheet import Answer
from bot.store import Forbidden, NotFound
from bot.store.db import downgrade, migrate
from bot.store.fsm import SQLStorage


async def people(store):
    specialist = await store.add_user(1001, "specialist", org="Test Org A", district="Test District A")
    colleague = await store.add_user(1002, "specialist", org="Test Org A", district="Test District A")
    stranger = await store.add_user(1003, "specialist", org="Test Org B", district="Test District B")
    officer = await store.add_user(1004, "officer", district="Test District A")
    other_officer = await store.add_user(1005, "officer", district="Test District B")
    return specialist, colleague, stranger, officer, other_officer


async def test_scope_by_organization_and_district(any_store):
    specialist, colleague, stranger, officer, other_officer = await people(any_store)
    case = await any_store.create_case(specialist, Basis.APPLICATION)
    assert (await any_store.case(colleague, case.id)).number == case.number  # same organization
    assert (await any_store.case(officer, case.id)).number == case.number  # same district
    for outsider in (stranger, other_officer):
        with pytest.raises(NotFound):
            await any_store.case(outsider, case.id)
    with pytest.raises(NotFound):
        await any_store.case(specialist, case.id + 1000)  # absent looks the same as out of scope
    with pytest.raises(Forbidden):  # only the specialist running the intake changes it
        await any_store.set_interview_language(colleague, case.id, "ru")
    with pytest.raises(Forbidden):
        await any_store.create_case(officer, Basis.APPLICATION)


async def test_no_personal_data_before_consent_and_closed_cases_are_read_only(any_store):
    specialist, *_ = await people(any_store)
    case = await any_store.create_case(specialist, Basis.DIRECTION)
    with pytest.raises(Forbidden):
        await any_store.set_person(specialist, case.id, surname="Testova")
    await any_store.set_consent(specialist, case.id, True)
    await any_store.set_person(specialist, case.id, surname="Testova", birth_date=date(2001, 2, 3))
    await any_store.close_case(specialist, case.id, Status.NOT_IDENTIFIED, suggested=False, verdict=False)
    with pytest.raises(Forbidden):
        await any_store.answer_row(specialist, case.id, "actions.sale", Answer.PRESENT, 1)


async def test_every_change_and_every_opening_of_a_case_is_audited(any_store):
    specialist, colleague, *_ = await people(any_store)
    case = await any_store.create_case(specialist, Basis.APPLICATION)
    await any_store.set_consent(specialist, case.id, True)
    await any_store.set_person(specialist, case.id, surname="Testova")
    await any_store.answer_row(specialist, case.id, "purpose.labour", Answer.PRESENT, 1)
    await any_store.case(colleague, case.id)  # the bot reading the case to act on it: no row
    await any_store.open_case(colleague, case.id)  # a person opening it to look: a row
    trail = [(e.user_id, e.action, e.detail) for e in await any_store.audit_trail(case.id)]
    assert trail == [
        (specialist.id, "case.create", "basis=application"),
        (specialist.id, "case.consent", "given"),
        (specialist.id, "person.update", "surname"),
        (specialist.id, "sheet.answer", "purpose.labour"),
        (colleague.id, "case.read", None),
    ]
    assert not any("Testova" in str(row) for row in trail)  # the trail names fields, never values


async def test_case_numbers_are_unique_under_concurrency(any_store):
    specialist, *_ = await people(any_store)
    cases = await asyncio.gather(*(any_store.create_case(specialist, Basis.APPLICATION) for _ in range(20)))
    numbers = [c.number for c in cases]
    year = clock.today().year  # the year of the clock the test set (tests/conftest.py)
    assert sorted(numbers) == [f"{year}-{n:04d}" for n in range(1, 21)]


async def test_dialog_state_is_durable_and_encrypted(any_store):
    storage = SQLStorage(any_store.engine)
    key = StorageKey(bot_id=1, chat_id=5, user_id=5, destiny="aiogram_dialog_stack")
    assert await storage.get_state(key) is None and await storage.get_data(key) == {}
    await storage.set_state(key, "Intake:surname")
    await storage.set_data(key, {"case_id": 7, "note": "Synthetic"})
    again = SQLStorage(any_store.engine)
    assert await again.get_state(key) == "Intake:surname"
    assert await again.get_data(key) == {"case_id": 7, "note": "Synthetic"}
    await again.set_data(key, {})
    assert await again.get_data(key) == {} and await again.get_state(key) == "Intake:surname"
    other = StorageKey(bot_id=1, chat_id=5, user_id=5, destiny="default")
    assert await again.get_data(other) == {}


async def test_dialog_state_kept_in_memory_never_disagrees_with_the_database(any_store):
    """With SQLite the storage also keeps rows in memory: whatever it answers is what a restarted process
    reads from the database, also after two writes of one key at once (a double tap) and unchanged writes."""
    storage = SQLStorage(any_store.engine, cache_size=2)  # tiny: rows are evicted and read back as well
    keys = [StorageKey(bot_id=1, chat_id=9, user_id=9, destiny=f"d{i}") for i in range(4)]
    for round_ in range(3):
        await asyncio.gather(
            *(storage.set_data(key, {"row": round_, "tap": tap}) for key in keys for tap in ("first", "second"))
        )
        await asyncio.gather(*(storage.set_state(key, f"Evaluation:row{round_}") for key in keys))
        await storage.set_data(keys[0], await storage.get_data(keys[0]))  # unchanged
        restarted = SQLStorage(any_store.engine)
        for key in keys:
            assert await storage.get_data(key) == await restarted.get_data(key)
            assert (await storage.get_data(key))["row"] == round_
            assert await storage.get_state(key) == await restarted.get_state(key) == f"Evaluation:row{round_}"
    copy = await storage.get_data(keys[1])
    copy["row"] = "changed by the caller"
    assert (await storage.get_data(keys[1]))["row"] == 2  # callers get copies


async def test_migrations_go_down_and_up_again(any_store):
    def tables(connection):
        return set(inspect(connection).get_table_names())

    async with any_store.engine.connect() as connection:
        assert {"cases", "persons", "sheet_answers", "audit", "users", "dialog_state"} <= await connection.run_sync(
            tables
        )
    await downgrade(any_store.engine, "base")
    async with any_store.engine.connect() as connection:
        assert await connection.run_sync(tables) <= {"alembic_version"}
    await migrate(any_store.engine)
    async with any_store.engine.connect() as connection:
        assert "cases" in await connection.run_sync(tables)


async def test_dialog_state_written_and_removed_in_one_update_commits(any_store):
    """A dialog opened and closed within one update: its row, kept for the commit, is gone, and the update's other
    rows are written in one statement with its commit."""
    storage = SQLStorage(any_store.engine)
    keep = StorageKey(bot_id=1, chat_id=6, user_id=6, destiny="aiogram_dialog_stack")
    gone = StorageKey(bot_id=1, chat_id=6, user_id=6, destiny="aiogram_dialog_context")

    async def update(unit):
        await storage.set_data(keep, {"intents": ["a"]})
        await storage.set_data(gone, {"state": "Report:held_at"})
        await storage.set_data(gone, {})
        assert await storage.get_data(keep) == {"intents": ["a"]}  # the update reads what it has not written yet

    await any_store.in_unit(update)
    again = SQLStorage(any_store.engine)
    assert await again.get_data(keep) == {"intents": ["a"]} and await again.get_data(gone) == {}
