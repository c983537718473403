"""Dialog tests (aiogram-dialog's BotClient): whole intakes in kk, ru and en, the 13-1 path, a refused
consent, a contraindication referral, an override with a reason, and what the specialist sees."""

from __future__ import annotations

from datetime import date

import pytest
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator

from bot.app import build_dispatcher
from bot.demo.script import (
    DEMO_ANSWERS,
    INTERPRETER,
    PERSON,
    Step,
    conversation_steps,
    full_case,
    full_intake,
    opening,
    person_steps,
    send,
    setup_steps,
    sheet_steps,
    tap,
)
from bot.i18n import make_i18n
from bot.standard import clock, guide
from bot.standard.conversation import INTERPRETER_CHECKLIST
from bot.standard.intake import Checklist, Interpreter, Investigation
from bot.standard.lifecycle import NEXT_STEPS, Basis, Status
from bot.standard.sheet import CURRENT_EDITION, Answer
from bot.store import NotFound
from bot.store.fsm import SQLStorage
from tests.helpers import (
    I18N,
    OTHER_ORG_SPECIALIST_ID,
    SPECIALIST_ID,
    RecordingBot,
    RecordingMessageManager,
    Specialist,
)


async def only_case(store, user_id=SPECIALIST_ID):
    actor = await store.user_by_telegram(user_id)
    cases = await store.drafts(actor)
    assert not cases, "the intake should be finished"
    return actor


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_full_intake_in_each_language(make_bot_client, store, locale):
    user = make_bot_client()
    await user.run(full_intake(locale), locale)

    year = clock.today().year  # the year of the clock the test set (tests/conftest.py)
    assert user.text == user.t(
        "Case {number} is saved.\n\nOutcome: {status}{override}\n\n{next_step}",
        locale,
        number=f"{year}-0001",
        status=I18N.gettext("Recognized as a victim", locale=locale),
        override="",
        next_step=I18N.gettext(NEXT_STEPS[Status.IDENTIFIED], locale=locale),
    )
    actor = await store.user_by_telegram(SPECIALIST_ID)
    assert actor.locale == locale
    case = await store.case(actor, 1)
    assert case.status is Status.IDENTIFIED and case.verdict is True and case.suggested_verdict is True
    assert case.person.surname == PERSON["surname"] and case.person.first_name == PERSON["first_name"]
    assert case.person.patronymic == "" and case.person.birth_date == date(1998, 3, 5)
    assert case.person.sex == "female" and case.person.citizenship == "citizen"
    assert case.person.has_documents == "no"
    assert case.interview_language == "kk"
    assert case.interpreter == Interpreter(
        present=True,
        name=INTERPRETER,
        languages="Kazakh – Russian",
        checklist={item.id: True for item in INTERPRETER_CHECKLIST},
        briefed=True,
    )
    assert case.talk.needs is not None and not case.talk.urgent and case.talk.opening and case.talk.closed
    assert case.checklist.place == "organization" and all(case.checklist.items.values())
    assert [(c.first_name, c.birth_date, c.relation) for c in case.children] == [
        ("Mira", date(2019, 6, 12), "daughter")
    ] and case.children_done
    assert len(case.answers) == 28
    assert {k: v for k, v in case.answers.items() if v is not Answer.ABSENT} == DEMO_ANSWERS


async def test_screens_are_protected_and_typed_texts_are_deleted(make_bot_client):
    user = make_bot_client()
    await user.run(full_intake("en"), "en")
    # every screen of the intake, the sheet and the result is sent with protect_content
    intake_screens = user.messages.protected[2:]
    assert intake_screens and all(intake_screens)
    # each typed text (interpreter, languages, surname, first name, date of birth, and the child's
    # surname, first name, date of birth and relation) left the chat
    assert len(user.bot.deleted) == 9


async def test_review_shows_totals_and_the_reason(make_bot_client):
    user = make_bot_client()
    steps = full_intake("en")[:-1]
    await user.run(steps, "en")
    text = user.text
    for line in (
        "Purpose: 1 (Forced labour)",
        "Means: 2 (Deception or abuse of trust, Identity documents taken)",
        "Harm: 0 (—)",
        "Total result: 6",
        "Suggested verdict: Recognized as a victim",
        "✅ Actions block total: 3 (at least 1 needed)",
    ):
        assert line in text
    assert "Actions: 3 (Use of forced labour, Recruitment, Transportation)" in text
    assert "This is the project's reading of the law." in text


async def test_investigation_path_skips_the_sheet(make_bot_client, store):
    user = make_bot_client()
    await user.run(
        [
            *opening("ru"),
            tap("Pre-trial investigation: recognized as a victim (para 13-1)"),
            send("ERDR-TEST-000123"),
            send("12.11.2026"),
            *setup_steps("ru", interpreter=False)[1:],
            *person_steps()[: -len(conversation_steps())],  # no conversation: the investigation recognized them
        ],
        "ru",
    )
    assert user.t("Recognized as a victim", "ru") in user.text
    actor = await only_case(store)
    case = await store.case(actor, 1)
    assert case.basis is Basis.INVESTIGATION and case.status is Status.IDENTIFIED
    assert case.investigation == Investigation("ERDR-TEST-000123", date(2026, 11, 12))
    assert case.answers == {}


async def test_refused_consent_keeps_nothing_personal(make_bot_client, store):
    user = make_bot_client()
    await user.run([*opening("en"), *setup_steps("kk"), tap("❌ The person refuses"), tap("Record the refusal")], "en")
    assert "Outcome: Consent refused" in user.text
    assert "Nothing personal was kept." in user.text
    actor = await only_case(store)
    case = await store.case(actor, 1)
    assert case.status is Status.CONSENT_REFUSED and case.consent is False
    assert case.interpreter is None and case.checklist == Checklist() and case.person.surname is None
    trail = [(e.action, e.detail) for e in await store.audit_trail(case.id)]
    assert ("case.consent", "refused") in trail


async def test_contraindication_ends_in_a_referral(make_bot_client, store):
    user = make_bot_client()
    await user.run(
        [
            *opening("en"),
            *setup_steps("en", interpreter=False)[:-3],  # after the needs check, before the opening and consent
            tap("One or more apply"),
            tap("Record the referral"),
        ],
        "en",
    )
    assert "Mark at least one contraindication" in user.text  # nothing marked yet: not recorded
    await user.tap("☐ Alcoholic or narcotic intoxication")
    await user.tap("Record the referral")
    assert "Outcome: Referred to a healthcare organization (para 6)" in user.text
    case = await store.case(await only_case(store), 1)
    assert case.status is Status.MEDICAL_REFERRAL and case.contraindications == ["intoxication"]


async def test_other_citizenship_is_not_eligible(make_bot_client, store):
    user = make_bot_client()
    steps = [*opening("en"), *setup_steps("en", interpreter=False), *person_steps()[:6]]
    await user.run([*steps, tap("Other (not covered by para 5)"), tap("Record: not eligible")], "en")
    assert "Outcome: Not eligible (para 5)" in user.text
    case = await store.case(await only_case(store), 1)
    assert case.status is Status.NOT_ELIGIBLE


async def test_override_with_a_reason(make_bot_client, store):
    user = make_bot_client()
    answers = {"actions.recruitment": Answer.PRESENT}  # no purpose, no sale: the rule says not recognized
    await user.run([*opening("en"), *setup_steps("en"), *person_steps(), *sheet_steps(answers)], "en")
    assert "Suggested verdict: Not recognized as a victim" in user.text
    assert "❌ Purpose block total: 0, or row 8 (purchase and sale, other transactions) present: no" in user.text
    await user.tap("✏ Override with a reason")
    await user.send("Synthetic reason: the purpose became clear after the sheet was scored.")
    assert "Outcome: Recognized as a victim" in user.text
    assert "overrode the suggested verdict" in user.text
    case = await store.case(await only_case(store), 1)
    assert case.suggested_verdict is False and case.verdict is True
    assert case.override_reason.startswith("Synthetic reason")


async def test_back_returns_to_the_previous_row_and_keeps_answers(make_bot_client, store):
    user = make_bot_client()
    await user.run([*opening("en"), *setup_steps("en"), *person_steps(), *sheet_steps()[:3]], "en")
    assert "Row 5 · 4 of 5" in user.text
    await user.tap("⬅ Back")
    assert "Row 4 · 3 of 5" in user.text and "Answer now: ❌ Absent" in user.text
    await user.tap("✅ Present")
    assert "Row 5 · 4 of 5" in user.text and "3 of 28 answered" in user.text
    case = await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)
    assert case.answers["purpose.adoption"] is Answer.PRESENT


async def test_double_tap_on_confirm_saves_once(make_bot_client, store):
    user = make_bot_client()
    await user.run(full_intake("en")[:-1], "en")
    review = user.screen
    await user.tap("✔ Confirm")
    await user.client.click(review, InlineButtonTextLocator("✔ Confirm.*"))
    assert "This button is no longer active. Here is the main menu." in user.bot.alerts
    actor = await store.user_by_telegram(SPECIALIST_ID)
    case = await store.case(actor, 1)
    assert case.status is Status.IDENTIFIED
    closes = [e for e in await store.audit_trail(1) if e.action == "case.close"]
    assert len(closes) == 1


async def test_unregistered_user_gets_one_line(make_bot_client):
    stranger = make_bot_client(user_id=424242)
    await stranger.send("/start")
    assert stranger.messages.sent_messages == []
    assert stranger.bot.texts == [
        stranger.t(
            "This bot is only for registered staff of social service organizations. "
            "Ask your administrator for an invitation.",
            "ru",
        )
    ]


async def test_language_is_stored_and_changed(make_bot_client, store):
    user = make_bot_client()
    await user.run(opening("kk")[:2], "kk")
    assert (
        user.t(
            "Main menu\n{role} · {organization}",
            "kk",
            role=user.t("Specialist", "kk"),
            organization="Test Shelter No. 1",
        )
        in user.text
    )
    await user.send("/language")
    await user.tap("English")
    assert "Main menu" in user.text
    assert (await store.user_by_telegram(SPECIALIST_ID)).locale == "en"


async def test_another_organization_cannot_open_the_draft(make_bot_client, store):
    user = make_bot_client()
    await user.run([*opening("en"), tap("The person's application (Annex 1)")], "en")
    other = await store.user_by_telegram(OTHER_ORG_SPECIALIST_ID)
    with pytest.raises(NotFound):
        await store.case(other, 1)


async def test_admin_ids_reach_the_menu_without_registration(settings, store):
    admin_settings = settings.model_copy(update={"admin_ids": (555001,)})
    messages = RecordingMessageManager()
    dp = build_dispatcher(admin_settings, store, make_i18n("ru"), SQLStorage(store.engine), message_manager=messages)
    admin = Specialist(dp, 555001, messages, RecordingBot())
    await admin.send("/start")
    await admin.tap("English")
    assert admin.text.startswith("Main menu Administrator")
    assert "📝 New intake" not in admin.buttons  # only specialists start intakes
    assert (await store.user_by_telegram(555001)).role == "admin"


async def test_consent_is_shown_in_both_languages_when_the_interview_language_differs(make_bot_client):
    user = make_bot_client()
    steps = full_intake("ru", interview="kk")
    consent = steps.index(tap("✅ Consents, and has said in their own words to what"))
    await user.run(steps[:consent], "ru")
    statement = (
        "«I consent to the collection and processing of my personal data necessary for the provision of "
        "special social services.»"
    )
    kazakh, russian = user.t(statement, "kk"), user.t(statement, "ru")
    text = user.text
    assert "🗣 Қазақша · " + user.t("read this aloud word for word", "ru") in text
    assert kazakh in text and russian in text and text.index(kazakh) < text.index(russian)


async def test_another_interview_language_shows_the_interpreter_note(make_bot_client):
    user = make_bot_client()
    steps = full_intake("ru", interview="Uzbek")
    consent = steps.index(tap("✅ Consents, and has said in their own words to what"))
    await user.run(steps[:consent], "ru")
    assert (
        user.t(
            "The interpreter translates this from {language} into {interview}.",
            "ru",
            language="Русский",
            interview="Uzbek",
        )
        in user.text
    )


async def test_help_depends_on_the_role(make_bot_client, store):
    user = make_bot_client()
    await user.run(opening("en")[:2], "en")
    await user.send("/help")
    assert user.bot.texts[-1].startswith("/start — the menu: a new intake")


async def test_the_conversation_guide_shows_each_blocks_questions_in_both_languages(make_bot_client):
    user = make_bot_client()
    steps = full_intake("ru", interview="kk")
    sheet = steps.index(sheet_steps()[0])
    await user.run([*steps[:sheet], *sheet_steps()[:5]], "ru")  # now on the first row of block 2, actions
    await user.tap(user.t("💬 Questions for this block", "ru"))
    for msgid in (guide.REMINDER, *guide.first_questions("actions")):
        assert user.t(msgid, "kk") in user.text and user.t(msgid, "ru") in user.text
    elsewhere = [q for q in guide.first_questions("harm") if q not in guide.first_questions("actions")]
    assert elsewhere and user.t(elsewhere[0], "ru") not in user.text
    await user.tap(user.t("⬅ Back to the row", "ru"))
    assert user.t(CURRENT_EDITION.rows[5].text, "ru") in user.text  # back on row 8, where it was


async def test_the_interpreter_checklist_warns_and_is_recorded(make_bot_client, store):
    user = make_bot_client()
    steps = full_intake("en")
    first_item = steps.index(Step("tap", INTERPRETER_CHECKLIST[0].text, prefix="☐ "))
    await user.run(steps[:first_item], "en")
    assert "⚠️" not in user.text  # no alarm before the specialist has had a chance to tick
    await user.tap("Continue ➡")
    assert "⚠️ An interpreter who is related to or knows the person" in user.text  # warned, still here
    await user.run(
        [
            Step("tap", INTERPRETER_CHECKLIST[0].text, prefix="☐ "),
            Step("tap", INTERPRETER_CHECKLIST[1].text, prefix="☐ "),
        ],
        "en",
    )
    assert "⚠️" not in user.text
    await user.tap("Continue ➡")
    case = await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)
    assert case.interpreter.checklist == {
        "not_related": True,
        "no_ties": True,
        "language": False,
        "pledge": False,
        "briefed": True,  # ticked by the briefing
        "comfortable": False,
    }
    assert guide.NEEDS[0] in user.text  # on to the person's needs and safety


async def test_drafts_resume_after_a_language_switch_and_cancel_with_confirmation(make_bot_client, store):
    user = make_bot_client()
    steps = full_intake("en")
    consent = steps.index(tap("✅ Consents, and has said in their own words to what"))
    await user.run(steps[: consent + 3], "en")  # consent given, surname and first name typed
    number = user.number  # "Intake … · step …"
    await user.send("/language")
    await user.tap("Қазақша")
    await user.send("/drafts")
    await user.tap(number)
    await user.tap(user.t("▶ Continue", "kk"))
    assert user.t("Type the person's patronymic, or tap «No patronymic».", "kk") in user.text
    case = await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)
    assert (case.person.surname, case.person.first_name) == ("Testova-Demo", "Synthia")
    assert case.interpreter.name == "Interpreterova Test" and all(case.checklist.items.values())

    await user.tap(user.t("✖ Cancel", "kk"))
    assert user.t("⬅ No, keep it", "kk") in user.buttons
    await user.tap(user.t("⬅ No, keep it", "kk"))  # back to the step it was cancelled from
    assert user.t("Type the person's patronymic, or tap «No patronymic».", "kk") in user.text
    await user.tap(user.t("✖ Cancel", "kk"))
    await user.tap(user.t("✖ Yes, cancel it", "kk"))
    assert user.t("Unfinished intakes, the most recently changed first:", "kk") in user.text
    case = await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)
    assert case.status is Status.CANCELLED and case.person.surname is None and case.interpreter is None
    assert await store.drafts(await store.user_by_telegram(SPECIALIST_ID)) == []


async def test_no_screen_of_the_whole_path_needs_more_than_twelve_buttons(make_bot_client):
    user = make_bot_client()
    crowded = []
    for step in full_case("ru", "kk"):
        await user.run([step], "ru")
        if len([b for b in user.buttons if b.strip()]) > 12:
            crowded.append((user.text[:60], len(user.buttons)))
    assert crowded == []
