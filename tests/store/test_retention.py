"""Retention and erasure; administrators see no case content."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.standard.lifecycle import Basis, Status
from bot.store import NotFound
from bot.store.models import AuditEntry


async def test_unfinished_intakes_are_purged_after_the_retention_period(any_store, fake_clock):
    specialist = await any_store.add_user(2001, "specialist", org="Test Org A", district="Test District A")
    old = await any_store.create_case(specialist, Basis.APPLICATION)
    await any_store.set_consent(specialist, old.id, True)
    await any_store.set_person(specialist, old.id, surname="Testova")
    done = await any_store.create_case(specialist, Basis.APPLICATION)
    await any_store.close_case(specialist, done.id, Status.CANCELLED)
    fake_clock.advance(timedelta(days=30, hours=1))  # a month later
    fresh = await any_store.create_case(specialist, Basis.APPLICATION)
    assert await any_store.purge_stale_drafts(30) == [old.number]
    with pytest.raises(NotFound):
        await any_store.case(specialist, old.id)
    assert (await any_store.case(specialist, fresh.id)).status is Status.DRAFT
    assert (await any_store.case(specialist, done.id)).status is Status.CANCELLED  # only drafts go
    assert await any_store.audit_of_case(old.number) == []  # the case is gone; the stub names its number
    trail = await any_store.audit_of_case(fresh.number)
    assert trail and trail[0].action == "case.create"


async def test_erasure_leaves_an_audit_stub_only(any_store):
    specialist = await any_store.add_user(2002, "specialist", org="Test Org A", district="Test District A")
    case = await any_store.create_case(specialist, Basis.APPLICATION)
    await any_store.set_consent(specialist, case.id, True)
    await any_store.set_person(specialist, case.id, surname="Testova")
    await any_store.erase_case(case.number, "REQ-ERASE-1")
    with pytest.raises(NotFound):
        await any_store.case(specialist, case.id)
    entries = [e for e in await any_store.audit_trail(case.id)]
    assert entries == []  # the rows no longer point at a case …
    async with any_store._sessions() as session:  # … but they are all still there, with the stub
        actions = (await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))).all()
        detail = await session.scalar(select(AuditEntry.detail).where(AuditEntry.action == "case.erase"))
    assert actions[-1] == "case.erase" and "case.create" in actions
    assert detail == f"number={case.number} request=REQ-ERASE-1"
    with pytest.raises(NotFound):
        await any_store.erase_case(case.number, "again")


async def test_administrators_see_no_case_content(any_store):
    specialist = await any_store.add_user(2003, "specialist", org="Test Org A", district="Test District A")
    admin = await any_store.add_user(2004, "admin")
    case = await any_store.create_case(specialist, Basis.APPLICATION)
    with pytest.raises(NotFound):
        await any_store.case(admin, case.id)
    assert await any_store.recent_cases(admin) == []
