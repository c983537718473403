"""A restart in the middle of the sheet: a new process on the same database continues at the same row
with every answer kept, whether the specialist taps the old screen or resumes from the menu."""

from __future__ import annotations

import re

from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator

from bot.app import build_dispatcher, open_store
from bot.demo.script import opening, person_steps, setup_steps, sheet_steps
from bot.i18n import make_i18n
from bot.standard.sheet import CURRENT_EDITION, Answer
from bot.store.fsm import SQLStorage
from tests.helpers import (
    SPECIALIST_ID,
    RecordingBot,
    RecordingMessageManager,
    Specialist,
)

ANSWERS = {
    "purpose.labour": Answer.PRESENT,
    "actions.forced_labour": Answer.PRESENT,
    "actions.ownership": Answer.NOT_ESTABLISHED,
}


async def new_process(settings):
    store = await open_store(settings)
    messages = RecordingMessageManager()
    dp = build_dispatcher(
        settings, store, make_i18n(settings.default_locale), SQLStorage(store.engine), message_manager=messages
    )
    return store, Specialist(dp, SPECIALIST_ID, messages, RecordingBot())


async def test_restart_mid_sheet_continues_at_the_same_row(settings, store):
    first_store, first = await new_process(settings)
    await first.run([*opening("ru"), *setup_steps("kk"), *person_steps(), *sheet_steps(ANSWERS)[:10]], "ru")
    rows = CURRENT_EDITION.rows
    assert first.t(rows[10].text, "ru") in first.text  # row 13, recruitment
    old_screen = first.screen
    await first_store.close()  # the process stops

    second_store, second = await new_process(settings)
    try:
        # the old screen's buttons still work: the dialog state survived in the database
        await second.client.click(old_screen, InlineButtonTextLocator(re.escape(first.t("✅ Present", "ru"))))
        actor = await second_store.user_by_telegram(SPECIALIST_ID)
        case = await second_store.case(actor, 1)
        assert len(case.answers) == 11 and case.answers["actions.recruitment"] is Answer.PRESENT
        assert {k: case.answers[k] for k in ANSWERS} == ANSWERS
        assert second.t(rows[11].text, "ru") in second.text  # on to row 14

        # resuming from the menu lands on the same row too
        await second.send("/start")
        await second.tap("▶")
        assert second.t(rows[11].text, "ru") in second.text
        assert case.person.surname == "Testova-Demo"
    finally:
        await second_store.close()
