"""Bad input at every typed step: another kind of message, a blank text, 5,000 characters, a date in the
future. Each gets a clear answer in the window, the step stays where it was, and nothing is lost."""

from __future__ import annotations

import pytest

from bot.demo.script import (
    Step,
    full_intake,
    opening,
    person_steps,
    send,
    setup_steps,
    tap,
)
from bot.standard.conversation import CHECKLIST
from tests.helpers import SPECIALIST_ID

APPLICATION = tap("The person's application (Annex 1)")
PLACE = tap("The organization where the person is")
CHECKED = [Step("tap", item.text, prefix="☐ ") for item in CHECKLIST]
SETUP = setup_steps("en")
YES = SETUP.index(tap("Yes, an interpreter is present"))
PERSON = person_steps()

# step name -> (how to get there, a prompt the step shows, a valid answer)
TYPED_STEPS = {
    "investigation number": (
        [tap("Pre-trial investigation: recognized as a victim (para 13-1)")],
        "Type the register number",
        "ERDR-TEST-1",
    ),
    "investigation date": (
        [tap("Pre-trial investigation: recognized as a victim (para 13-1)"), send("ERDR-TEST-1")],
        "Type the date the investigation was registered",
        "01.10.2026",
    ),
    "checklist reason": (
        [APPLICATION, PLACE, tap("Continue ➡")],
        "These conditions are not met",
        "Synthetic reason: no other room was free.",
    ),
    "other language": (
        [APPLICATION, PLACE, *CHECKED, tap("Continue ➡"), tap("Another language")],
        "Type the name of the language",
        "Uzbek",
    ),
    "interpreter name": (SETUP[: YES + 1], "Type the interpreter's surname and first name", "Interpreterova Test"),
    "interpreter languages": (SETUP[: YES + 2], "Between which languages", "Uzbek – Russian"),
    "surname": ([*SETUP, PERSON[0]], "Type the person's surname", "Testova-Demo"),
    "first name": ([*SETUP, *PERSON[:2]], "Type the person's first name", "Synthia"),
    "patronymic": ([*SETUP, *PERSON[:3]], "Type the person's patronymic", "Fiktivovna"),
    "date of birth": ([*SETUP, *PERSON[:4]], "Type the date of birth", "05.03.1998"),
    "override reason": (
        full_intake("en")[3:-1] + [tap("✏ Override with a reason")],
        "Type the reason for the override",
        "Synthetic override reason.",
    ),
}
DATE_STEPS = {"investigation date", "date of birth"}
NAME_STEPS = {"other language", "interpreter name", "surname", "first name", "patronymic"}


async def reach(make_bot_client, name):
    user = make_bot_client()
    await user.run(opening("en"), "en")
    path, prompt, valid = TYPED_STEPS[name]
    await user.run(path, "en")
    assert prompt in user.text
    return user, prompt, valid


async def audit_count(store):
    return len(await store.audit_trail(1))


@pytest.mark.parametrize("name", sorted(TYPED_STEPS))
async def test_wrong_inputs_are_refused_and_nothing_is_lost(make_bot_client, store, name):
    user, prompt, valid = await reach(make_bot_client, name)
    actor = await store.user_by_telegram(SPECIALIST_ID)
    before = await store.case(actor, 1)

    bad = [
        ("sticker", "Please send the answer as a text message."),
        ("   ", "The answer is empty. Please type it."),
        ("x" * 5000, "That is 5000 characters; the limit here is"),
    ]
    if name in DATE_STEPS:
        bad += [
            ("01.01.2099", "The date is in the future."),
            ("31.02.2000", "There is no such day"),
            ("March 1998", "Type the date as dd.mm.yyyy"),
        ]
    if name in NAME_STEPS:
        bad.append(("R2-D2 #5", "A name has letters, spaces, hyphens and apostrophes only."))
    for text, error in bad:
        if text == "sticker":
            await user.send_sticker()
        else:
            await user.send(text)
        assert f"⚠️ {error}" in user.text, (name, text, user.text)
        assert prompt in user.text  # still the same step

    after = await store.case(actor, 1)
    assert after.person == before.person and after.answers == before.answers
    assert after.checklist == before.checklist and after.interpreter == before.interpreter
    assert len(user.bot.deleted) >= len(bad)  # even refused texts leave the chat

    await user.send(valid)
    assert prompt not in user.text and not any(error in user.text for _, error in bad)


async def test_birth_date_from_the_calendar_in_the_future_is_refused(make_bot_client):
    user, prompt, _ = await reach(make_bot_client, "date of birth")
    assert len(user.buttons) <= 12  # the typed date is the main path; the calendar is one tap away
    await user.tap("📅 Pick on a calendar")
    # the calendar shows only past days as buttons for this month; today is allowed
    assert any(b.startswith("[") for b in user.buttons)
    await user.tap("[ ")
    assert "The person is under 18, or may be." in user.text  # today is taken: a newborn goes the minors path


async def test_implausible_age_is_refused(make_bot_client):
    user, prompt, _ = await reach(make_bot_client, "date of birth")
    await user.send("01.01.1890")
    assert "⚠️ That date is implausibly long ago." in user.text


async def test_a_text_where_buttons_are_expected_is_removed_and_explained(make_bot_client, store):
    user = make_bot_client()
    await user.run([*opening("en"), *SETUP, PERSON[0]], "en")  # at the surname step
    await user.send("Testova-Demo")
    assert "Sex of the person" not in user.text
    await user.send("Synthia")
    await user.tap("No patronymic")
    await user.send("05.03.1998")
    assert "Sex of the person" in user.text
    await user.send("Testova-Demo is a woman")  # typed where a button is expected
    assert "⚠️ Please use the buttons on this screen." in user.text and "Sex of the person" in user.text
    await user.send_sticker()
    assert "⚠️ Please use the buttons on this screen." in user.text
    assert len(user.bot.deleted) == 7  # five typed answers and both stray messages left the chat
    await user.tap("Female")
    assert "⚠️" not in user.text and "Citizenship status" in user.text
    case = await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)
    assert case.person.sex == "female" and case.person.surname == "Testova-Demo"


async def test_forged_and_stale_buttons_get_a_refusal_and_the_menu(make_bot_client, store):
    from aiogram.types import CallbackQuery, Update

    user = make_bot_client()
    await user.run([*opening("en"), APPLICATION], "en")
    client = user.client

    async def tap_data(data: str) -> None:
        callback = CallbackQuery(
            id=f"cb-{data}", data=data, chat_instance="x", from_user=client.user, message=user.screen
        )
        await client.dp.feed_update(client.bot, Update(update_id=client._new_update_id(), callback_query=callback))

    # made-up data on the current screen: the screen says so and stays
    for data in ("forged:case=1", "\x1dnot-an-intent\x1dpresent"):
        await tap_data(data)
        assert "⚠️ This button is no longer active." in user.text
        assert "Where does the conversation take place?" in user.text
    # a button of a dialog that no longer exists (a stale intent): an alert and the main menu
    await tap_data("aaaaaaaaaa\x1dpresent")
    assert user.bot.alerts[-1] == "This button is no longer active. Here is the main menu."
    assert user.text.startswith("Main menu")
    case = await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)
    assert case.answers == {}


@pytest.mark.parametrize("locale", ["kk", "ru"])
async def test_refusals_speak_the_users_language(make_bot_client, locale):
    user = make_bot_client()
    await user.run([*opening(locale), *setup_steps(locale), PERSON[0]], locale)
    await user.send_sticker()
    assert "⚠️ " + user.t("Please send the answer as a text message.", locale) in user.text
    await user.send("x" * 5000)
    assert (
        "⚠️ "
        + user.t(
            "That is {length} characters; the limit here is {limit}. Please shorten it.", locale, length=5000, limit=100
        )
        in user.text
    )
    await user.send("R2-D2")
    assert "⚠️ " + user.t("A name has letters, spaces, hyphens and apostrophes only.", locale) in user.text
