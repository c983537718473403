"""The head sets up where else the person can get help (👥 Team → 📇 Referral contacts), per language; a list too
long or a photo is refused with a clear line and nothing kept is lost; a specialist has no such screen."""

from __future__ import annotations

import pytest

from bot.demo.script import send, tap_literal
from bot.i18n import AUTONYMS
from bot.standard.contacts import MAX_CONTACTS
from tests.helpers import DISTRICT, ORG, SPECIALIST_ID

HEAD_ID = 620301
RU = "Кризисный центр (24 ч) — +7 700 000 00 01\nМОМ — +7 700 000 00 02\nПолиция — 102"
INTRO = "Where else the person can get help"


async def head_at_contacts(make_bot_client, store, locale: str):
    await store.add_user(HEAD_ID, "head", org=ORG, district=DISTRICT, full_name="Head Testova")
    head = make_bot_client(user_id=HEAD_ID)
    await head.run([send("/start"), tap_literal(AUTONYMS[locale])], locale)
    await head.tap(head.t("👥 Team", locale))
    await head.tap(head.t("📇 Referral contacts", locale))
    return head


async def test_the_head_sets_the_contacts_in_russian(make_bot_client, store):
    head = await head_at_contacts(make_bot_client, store, "en")
    assert INTRO in head.text and "Қазақша: —" in head.text and "Русский: —" in head.text
    assert "English: —" in head.text
    assert head.buttons[:3] == ["✏ Қазақша", "✏ Русский", "✏ English"] and "⬅ Back" in head.buttons
    await head.tap("✏ Русский")
    assert "Type the contacts in Русский, one per line. Send «-» to clear." in head.text
    await head.send("  " + RU.replace("\n", "  \n\n\n\n") + "\n\n")
    assert INTRO in head.text  # back on the contacts screen
    shown = "Кризисный центр (24 ч) — +7 700 000 00 01 МОМ — +7 700 000 00 02 Полиция — 102"
    assert f"Русский: {shown}" in head.text and "Қазақша: —" in head.text
    assert head.messages.protected[-1] is True
    kept = await store.contacts(await store.user_by_telegram(SPECIALIST_ID))
    assert kept == {"ru": RU.replace("\n", "\n\n")}

    await head.tap("✏ Русский")
    await head.send("x" * (MAX_CONTACTS + 1))
    limit = f"That is {MAX_CONTACTS + 1} characters; the limit here is {MAX_CONTACTS}. Please shorten it."
    assert f"⚠️ {limit}" in head.text and "Type the contacts in Русский" in head.text  # still the same step
    await head.send("\n".join(f"Contact {n} — +7 700 000 00 {n:02}" for n in range(21)))
    assert "⚠️ That is 21 lines; the limit here is 20." in head.text
    await head.send_media("photo")
    assert "⚠️ The bot takes no files, photos" in head.text and "Type the contacts in Русский" in head.text
    assert await store.contacts(await store.user_by_telegram(HEAD_ID)) == kept  # nothing lost

    await head.send("-")
    assert INTRO in head.text and "Русский: —" in head.text
    assert await store.contacts(await store.user_by_telegram(HEAD_ID)) == {}
    await head.tap("⬅ Back")
    assert "Your team." in head.text


async def test_in_russian(make_bot_client, store):
    head = await head_at_contacts(make_bot_client, store, "ru")
    await head.tap("✏ Қазақша")
    await head.send("x" * (MAX_CONTACTS + 1))
    refusal = head.t(
        "That is {length} characters; the limit here is {limit}. Please shorten it.",
        "ru",
        length=MAX_CONTACTS + 1,
        limit=MAX_CONTACTS,
    )
    assert refusal.startswith("Это ") and f"⚠️ {refusal}" in head.text
    await head.send("Полиция — 102")
    assert "Қазақша: Полиция — 102" in head.text


async def test_a_specialist_has_no_such_button(make_bot_client):
    specialist = make_bot_client()
    await specialist.run([send("/start"), tap_literal("English")], "en")
    assert specialist.text.startswith("Main menu")
    assert not any("Team" in b or "📇" in b for b in specialist.buttons)


@pytest.mark.parametrize("language", ["kk", "en"])
async def test_other_languages_are_edited_alike(make_bot_client, store, language):
    head = await head_at_contacts(make_bot_client, store, "en")
    await head.tap("✏ " + AUTONYMS[language])
    await head.send("Police — 102")
    assert f"{AUTONYMS[language]}: Police — 102" in head.text
    assert await store.contacts(await store.user_by_telegram(HEAD_ID)) == {language: "Police — 102"}
