"""The referral contacts of an organization (where else the person can get help): set by its head per language,
read by its staff, seen by no other organization, audited by language only, and encrypted at rest."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.standard.contacts import MAX_CONTACTS, ContactsError
from bot.store import Forbidden
from tests.helpers import DISTRICT, ORG

HEAD_ID, OTHER_HEAD_ID, SPECIALIST_ID, OFFICER_ID = 640001, 640002, 640003, 640004
KK = "Дағдарыс орталығы (тәулік бойы) — +7 700 000 00 01\nПолиция — 102"
RU = "  Кризисный центр (24 ч) — +7 700 000 00 01  \nМОМ — +7 700 000 00 02\n\n\n\nПолиция — 102\n\n"


@pytest.fixture
async def people(any_store):
    add = any_store.add_user
    head = await add(HEAD_ID, "head", org=ORG, district=DISTRICT)
    specialist = await add(SPECIALIST_ID, "specialist", org=ORG, district=DISTRICT)
    other = await add(OTHER_HEAD_ID, "head", org="Test Shelter No. 2", district="Test District B")
    officer = await add(OFFICER_ID, "officer", district=DISTRICT)
    return head, specialist, other, officer


async def audit_rows(store) -> list[tuple[str, str | None]]:
    async with store.engine.connect() as connection:
        rows = await connection.execute(sa.text("select action, detail from audit where action = 'org.contacts'"))
        return [tuple(row) for row in rows]


async def stored(store) -> str | None:
    """The organization's contacts column as the database holds it."""
    async with store.engine.connect() as connection:
        return await connection.scalar(sa.text("select contacts from organizations where name = :n"), {"n": ORG})


async def test_the_head_sets_them_and_the_staff_reads_them(any_store, people):
    head, specialist, other, officer = people
    assert await any_store.contacts(head) == {}
    await any_store.set_contacts(head, "kk", KK)
    kept = await any_store.set_contacts(head, "ru", RU)
    ru = "Кризисный центр (24 ч) — +7 700 000 00 01\nМОМ — +7 700 000 00 02\n\nПолиция — 102"
    assert kept == {"kk": KK, "ru": ru}
    assert await any_store.contacts(head) == await any_store.contacts(specialist) == {"kk": KK, "ru": ru}
    assert await any_store.contacts(other) == {}  # another organization's head sees none of them
    with pytest.raises(Forbidden):
        await any_store.contacts(officer)


async def test_only_the_head_of_the_organization_sets_them(any_store, people):
    head, specialist, other, officer = people
    for actor in (specialist, officer):
        with pytest.raises(Forbidden):
            await any_store.set_contacts(actor, "ru", RU)
    await any_store.set_contacts(other, "ru", "Other shelter — +7 700 000 00 09")
    assert await any_store.contacts(specialist) == {}  # the other head set their own organization's only
    with pytest.raises(ValueError, match="kk, ru, en"):
        await any_store.set_contacts(head, "uz", RU)
    with pytest.raises(ContactsError):
        await any_store.set_contacts(head, "ru", "x" * (MAX_CONTACTS + 1))
    assert await any_store.contacts(head) == {}


async def test_clearing_a_language(any_store, people):
    head, specialist, _, _ = people
    await any_store.set_contacts(head, "kk", KK)
    await any_store.set_contacts(head, "en", "Police — 102")
    assert await any_store.set_contacts(head, "kk", None) == {"en": "Police — 102"}
    assert await any_store.set_contacts(head, "en", "") == {}
    assert await any_store.contacts(specialist) == {}
    async with any_store.engine.connect() as connection:
        assert (
            await connection.scalar(sa.text("select contacts from organizations where name = :n"), {"n": ORG}) is None
        )


async def test_audited_by_language_and_encrypted_at_rest(any_store, people):
    head = people[0]
    await any_store.set_contacts(head, "ru", RU)
    await any_store.set_contacts(head, "kk", KK)
    await any_store.set_contacts(head, "kk", None)
    assert await audit_rows(any_store) == [("org.contacts", "ru"), ("org.contacts", "kk"), ("org.contacts", "kk")]
    token = await stored(any_store)
    async with any_store.engine.connect() as connection:
        trail = " ".join(str(r) for r in await connection.execute(sa.text("select * from audit")))
    assert token and token.startswith("v1.")  # a sealed token, not JSON
    for clear in ("Кризисный", "Полиция", "+7 700 000", "Дағдарыс"):
        assert clear not in token and clear not in trail
