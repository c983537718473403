"""The conversation in a practitioner's order, walked as a specialist does in kk, ru and en: the needs and safety
check before the opening, the opening (with the limits of confidentiality) before consent, consent before anything
personal, the conversation's closing before the sheet; an urgent need leads to what to do now, a possible minor to
the minors path (para 19); every way out without services tells the person where else to get help, in the
interview language; a break keeps everything and returns where it was."""

from __future__ import annotations

import pytest

from bot.demo.script import (
    PERSON,
    Step,
    conversation_steps,
    opening,
    person_steps,
    send,
    setup_steps,
    sheet_steps,
    tap,
)
from bot.standard import guide
from bot.standard.conversation import NEED_ACTIONS, NEEDS
from bot.standard.lifecycle import NEXT_STEPS, Status
from bot.standard.sheet import ANSWER_TITLES, Answer
from dialogs.talk import MINOR_CARD
from tests.helpers import DISTRICT, I18N, ORG, SPECIALIST_ID, normalize

HEAD_ID = 640001
CONTACTS = {
    "kk": "Дағдарыс орталығы (тәулік бойы) — +7 700 000 00 01 (синтетикалық)",
    "ru": "Кризисный центр (круглосуточно) — +7 700 000 00 02 (синтетический)",
    "en": "Crisis centre (24 h) — +7 700 000 00 03 (synthetic)",
}
NEED = {item.id: item.text for item in NEEDS}


def said(msgid: str, locale: str) -> str:
    return normalize(I18N.gettext(msgid, locale=locale))


async def with_contacts(store) -> None:
    head = await store.add_user(HEAD_ID, "head", org=ORG, district=DISTRICT, full_name="Head Testova")
    for language, text in CONTACTS.items():
        await store.set_contacts(head, language, text)


async def walk(user, steps: list[Step], locale: str) -> list[str]:
    """Play the steps one by one and keep every screen the specialist saw."""
    screens = []
    for step in steps:
        await user.run([step], locale)
        screens.append(user.text)
    return screens


def first(screens: list[str], text: str) -> int:
    found = [i for i, screen in enumerate(screens) if text in screen]
    assert found, f"no screen shows {text!r}"
    return found[0]


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_the_conversation_runs_in_a_practitioners_order(make_bot_client, store, locale):
    user = make_bot_client()
    intake = [*opening(locale), *setup_steps(locale), *person_steps(), *sheet_steps()]
    screens = await walk(user, intake, locale)

    needs = first(screens, said(guide.NEEDS[0], locale))
    opening_screen = first(screens, said(guide.RIGHTS[0], locale))
    consent = first(screens, said(guide.CONSENT_STATEMENT, locale))
    surname = first(screens, said("The person (para 5)\n\nType the person's surname.", locale))
    closing = first(screens, said(guide.CLOSING[0], locale))
    review = len(screens) - 1  # the last row answered: the results and the suggested verdict
    assert said("Recognized as a victim", locale) in screens[review] and closing < review
    assert needs < opening_screen < consent < surname < closing < review
    # the first thing with the person is their needs: nothing of the opening or consent is on that screen
    assert said(guide.RIGHTS[0], locale) not in screens[needs]
    # nobody's details were asked before consent: the screens up to consent ask nothing of the person's identity
    assert not any(PERSON["surname"] in screen for screen in screens[:consent])
    # the conversation (their own account, then the topics) comes between the details and the closing
    narrative = first(screens, said(guide.NARRATIVE[0], locale))
    assert surname < narrative < closing
    topic_titles = [first(screens, said(topic.title, locale)) for topic in guide.TOPICS]
    assert topic_titles == sorted(topic_titles) and narrative < topic_titles[0] and topic_titles[-1] < closing


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_the_opening_states_the_limits_of_confidentiality_before_consent(make_bot_client, store, locale):
    user = make_bot_client()
    await user.run([*opening(locale), *setup_steps(locale)[:-2]], locale)
    first = user.text  # the opening's first part: who and why, the rights
    for line in (*guide.RIGHTS, guide.NO_DETAILS, guide.INTERPRETER_INTRO):
        assert said(line, locale) in first
    assert said(guide.WHO_AND_WHY[0], locale).split("{")[0] in first
    assert "Specialist Testov" in first and ORG in first  # who is speaking, for which organization
    assert said("read this aloud word for word", locale) in first
    await user.run(setup_steps(locale)[-2:-1], locale)
    second = user.text  # then confidentiality and its limits, and what happens next, still before consent
    for line in (*guide.CONFIDENTIALITY, *guide.WHAT_NEXT):
        assert said(line, locale) in second
    assert said(guide.CONSENT_STATEMENT, locale) not in second
    actor = await store.user_by_telegram(SPECIALIST_ID)
    case = await store.case(actor, 1)
    assert case.consent is None and not case.talk.opening and case.person.surname is None


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_an_urgent_need_leads_to_what_to_do_now(make_bot_client, store, locale):
    user = make_bot_client()
    before_needs = setup_steps(locale, interpreter=False)[:-4]
    await user.run([*opening(locale), *before_needs, Step("tap", NEED["doctor"], prefix="☐ ")], locale)
    await user.run([tap("Continue ➡")], locale)
    assert said(NEED_ACTIONS["doctor"], locale) in user.text
    assert said(NEED_ACTIONS["waiting"], locale) not in user.text  # only what the person's answers show
    await user.run([tap("✅ Done: the conversation can go on")], locale)
    assert said("None of these", locale) in " ".join(user.buttons)  # on to the contraindications
    actor = await store.user_by_telegram(SPECIALIST_ID)
    assert (await store.case(actor, 1)).talk.urgent == ["doctor"]


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_a_possible_minor_leads_to_the_minors_path(make_bot_client, store, locale):
    user = make_bot_client()
    before_needs = setup_steps(locale, interpreter=False)[:-4]
    await user.run([*opening(locale), *before_needs, Step("tap", NEED["minor"], prefix="☐ ")], locale)
    await user.run([tap("Continue ➡")], locale)
    assert said(MINOR_CARD, locale) in user.text  # what a minor needs (para 19), before anything else
    await user.run([tap("🏛 No legal representative can be present: the guardianship authority is informed")], locale)
    await user.run([tap("None of these")], locale)
    # the opening speaks to a child, and says the guardianship authority is told when a child may be in danger
    assert said(guide.CHILD[0], locale) in user.text
    await user.run([tap("Part 2: confidentiality and what happens next ➡")], locale)
    assert said(guide.CONFIDENTIALITY_MINOR, locale) in user.text
    actor = await store.user_by_telegram(SPECIALIST_ID)
    assert (await store.case(actor, 1)).talk.representative == "guardianship"


async def test_a_date_of_birth_under_18_leads_to_the_minors_path(make_bot_client, store):
    user = make_bot_client()
    steps = [*opening("en"), *setup_steps("en"), *person_steps()]
    born = steps.index(send(PERSON["birth_date"]))
    await user.run([*steps[:born], send("05.03.2012")], "en")  # 14 on the test's clock
    assert "The person is under 18, or may be." in user.text
    await user.run([tap("👤 A legal representative is present and consents")], "en")
    assert user.t("Sex of the person:", "en") in user.text  # back where the intake was
    actor = await store.user_by_telegram(SPECIALIST_ID)
    case = await store.case(actor, 1)
    assert case.minor and case.talk.representative == "representative"


EXITS = {
    "consent refused": lambda steps: [
        *steps[: steps.index(tap("✅ Consents, and has said in their own words to what"))],
        tap("❌ The person refuses"),
        tap("Record the refusal"),
    ],
    "medical referral": lambda steps: [
        *steps[: steps.index(tap("None of these"))],
        tap("One or more apply"),
        Step("tap", "Alcoholic or narcotic intoxication", prefix="☐ "),
        tap("Record the referral"),
    ],
    "not eligible": lambda steps: [
        *steps[: steps.index(tap("Citizen of Kazakhstan"))],
        tap("Other (not covered by para 5)"),
        tap("Record: not eligible"),
    ],
    "not identified": lambda steps: [
        *steps,
        *sheet_steps({}),
        tap("✔ Confirm: {suggested}"),
    ],
}
EXIT_STATUS = {
    "consent refused": Status.CONSENT_REFUSED,
    "medical referral": Status.MEDICAL_REFERRAL,
    "not eligible": Status.NOT_ELIGIBLE,
    "not identified": Status.NOT_IDENTIFIED,
}


@pytest.mark.parametrize("exit_", sorted(EXITS))
@pytest.mark.parametrize("interface,interview", [("ru", "kk"), ("kk", "ru"), ("en", "en")])
async def test_every_exit_tells_the_person_where_else_to_get_help(make_bot_client, store, exit_, interface, interview):
    await with_contacts(store)
    user = make_bot_client()
    steps = [*opening(interface), *setup_steps(interview), *person_steps()]
    await user.run(EXITS[exit_](steps), interface)
    screen = user.text
    assert said(NEXT_STEPS[EXIT_STATUS[exit_]], interface) in screen  # what to tell the person
    assert said(guide.CONTACTS_INTRO, interview) in screen  # in the person's language
    assert CONTACTS[interview] in screen  # the organization's own contacts, in the person's language
    assert all(CONTACTS[other] not in screen for other in CONTACTS if other != interview)


async def test_an_exit_without_contacts_says_how_to_set_them_up(make_bot_client, store):
    user = make_bot_client()
    steps = [*opening("en"), *setup_steps("en"), *person_steps()]
    await user.run(EXITS["not eligible"](steps), "en")
    assert "📇 Referral contacts" in user.text


async def test_the_closing_gives_the_contacts_before_the_sheet(make_bot_client, store):
    await with_contacts(store)
    user = make_bot_client()
    steps = [*opening("ru"), *setup_steps("kk"), *person_steps()]
    await user.run(steps[:-1], "ru")  # the closing, not yet closed
    assert said(guide.CLOSING[0], "kk") in user.text and CONTACTS["kk"] in user.text
    await user.run(steps[-1:], "ru")
    assert said(guide.CLOSING[0], "kk") not in user.text and user.buttons[0] == said(
        ANSWER_TITLES[Answer.PRESENT], "ru"
    )


@pytest.mark.parametrize("where", ["opening", "topic", "row"])
async def test_a_break_keeps_everything_and_returns_where_it_was(make_bot_client, store, where):
    user = make_bot_client()
    setup = [*opening("en"), *setup_steps("kk")]
    talk = [*setup, *person_steps()]
    to = {
        "opening": setup[:-2],
        "topic": talk[: talk.index(conversation_steps()[0]) + 3],
        "row": [*talk, *sheet_steps()[:5]],
    }[where]
    await user.run(to, "en")
    before, actor = user.text, await store.user_by_telegram(SPECIALIST_ID)
    kept = await store.case(actor, 1)
    await user.run([tap("🫶 Break")], "en")
    assert said(guide.BREAK[0], "kk") in user.text and said(guide.BREAK[0], "en") in user.text
    await user.run([tap("↩ Go on where we stopped")], "en")
    assert user.text == before
    after = await store.case(actor, 1)
    assert (after.talk, after.answers, after.person) == (kept.talk, kept.answers, kept.person)
    assert len(after.answers) == (5 if where == "row" else 0)


async def test_the_guide_on_a_row_reminds_of_the_right_to_a_break_and_asks_in_the_interpreters_words(
    make_bot_client, store
):
    user = make_bot_client()
    await user.run([*opening("en"), *setup_steps("kk"), *person_steps(), tap("💬 Questions for this block")], "en")
    assert said(guide.REMINDER, "kk") in user.text
    assert said("wording for the interpreter", "en") in user.text
    assert said("read this aloud word for word", "en") in user.text  # the reminder is said as it stands
    assert said(guide.first_questions("purpose")[0], "kk") in user.text
    actor = await store.user_by_telegram(SPECIALIST_ID)
    assert not (await store.case(actor, 1)).answers  # reading the guide answers nothing


@pytest.mark.parametrize("interface,interview", [("ru", "kk"), ("kk", "ru"), ("en", "kk")])
async def test_the_longest_cards_fit_one_telegram_message(make_bot_client, store, interface, interview):
    """A possible minor with an interpreter, in two languages: the longest opening there is, and every topic."""
    user = make_bot_client()
    before_needs = setup_steps(interview)[:-4]
    await user.run([*opening(interface), *before_needs, Step("tap", NEED["minor"], prefix="☐ ")], interface)
    await user.run([tap("Continue ➡"), tap("👤 A legal representative is present and consents")], interface)
    await user.run([tap("None of these")], interface)
    lengths = [len(user.screen.text)]
    await user.run([tap("Part 2: confidentiality and what happens next ➡")], interface)
    lengths.append(len(user.screen.text))
    await user.run([tap("✅ Read out; the person has understood"), *person_steps()[:-1]], interface)
    lengths.append(len(user.screen.text))  # the closing
    await user.run([tap("🗺 Back to the topics")], interface)
    for _topic in guide.TOPICS[1:]:
        lengths.append(len(user.screen.text))
        await user.run([tap("◀ Previous topic")], interface)
    assert max(lengths) <= 4096, lengths
