"""Media is data too: a photo, a document, a voice or video message, a contact or a location sent to the bot (a
passport photo by mistake, a voice note of the person) is deleted from the chat like a typed answer, never
stored, and the screen says why and what to do; an edited message is never taken as an answer, and its copy
is deleted too."""

from __future__ import annotations

import pytest
from aiogram.fsm.storage.memory import MemoryStorage

from bot.demo.script import opening, person_steps, setup_steps
from tests.helpers import SPECIALIST_ID

NO_FILES = (
    "The bot takes no files, photos, voice or video messages, contacts or locations: this one was removed "
    "from the chat and not kept."
)
KINDS = ("photo", "document", "voice", "video", "contact", "location")


async def at_surname(make_bot_client):
    user = make_bot_client()
    await user.run([*opening("en"), *setup_steps("en"), person_steps()[0]], "en")
    assert "Type the person's surname." in user.text
    return user


@pytest.mark.parametrize("kind", KINDS)
async def test_a_file_at_a_typed_step_is_deleted_and_explained(make_bot_client, store, kind):
    user = await at_surname(make_bot_client)
    sent = await user.send_media(kind)
    assert sent in user.bot.deleted
    assert f"⚠️ {NO_FILES}" in user.text and "Type the person's surname." in user.text
    case = await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)
    assert case.person.surname is None  # nothing taken, nothing lost
    await user.send("Testova-Demo")
    assert "Type the person's first name." in user.text


async def test_a_file_on_a_screen_of_buttons_and_without_a_screen_is_deleted_and_explained(make_bot_client):
    user = make_bot_client()
    await user.run([*opening("en"), *setup_steps("en")], "en")
    assert "Consent to the collection" in user.text
    sent = await user.send_media("photo")
    assert sent in user.bot.deleted and f"⚠️ {NO_FILES}" in user.text and "Consent to the collection" in user.text

    fresh = make_bot_client(storage=MemoryStorage())  # no screen open (a new dialog state)
    sent = await fresh.send_media("voice")
    assert sent in fresh.bot.deleted
    assert fresh.text.startswith(f"⚠️ {NO_FILES}") and "Main menu" in fresh.text


async def test_an_edited_message_is_never_an_answer_and_its_copy_is_deleted(make_bot_client, store):
    user = await at_surname(make_bot_client)
    typed = await user.send_text("Testova-Demo")
    assert "Type the person's first name." in user.text
    await user.edit(typed, "Synthia")  # the specialist corrects the surname message instead of typing anew
    assert user.bot.deleted.count(typed) == 2  # the typed answer, then its edited copy
    assert "Type the person's first name." in user.text
    case = await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)
    assert case.person.surname == "Testova-Demo" and case.person.first_name is None
