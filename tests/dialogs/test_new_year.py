"""The legal day is Kazakhstan's: across the New Year in Almaty (UTC+5), while UTC is still in the old year,
case numbers, "a date in the future" and deadlines follow Almaty. The clock is set by each test."""

from __future__ import annotations

from datetime import datetime

from bot.demo.script import full_intake, opening, send, tap
from bot.standard.clock import TZ
from tests.helpers import SPECIALIST_ID

OFFICER_ID = 650101


async def test_case_numbers_take_the_year_of_almaty_at_the_turn_of_the_year(make_bot_client, fake_clock):
    fake_clock.set(datetime(2026, 12, 31, 23, 59, tzinfo=TZ))  # 18:59 UTC
    user = make_bot_client()
    await user.run([*opening("en"), tap("The person's application (Annex 1)")], "en")
    assert user.text.startswith("Intake 2026-0001 ·")
    fake_clock.set(datetime(2027, 1, 1, 0, 1, tzinfo=TZ))  # 31 December, 19:01 in UTC: a new year in Almaty
    await user.run([tap("⏸ Pause"), tap("📝 New intake"), tap("The person's application (Annex 1)")], "en")
    assert user.text.startswith("Intake 2027-0001 ·")
    await user.run([tap("⏸ Pause"), tap("🎓 Practice intake"), tap("The person's application (Annex 1)")], "en")
    assert user.text.startswith("🎓 TRAINING") and "Intake T-2027-0001 ·" in user.text


async def test_a_date_of_the_new_almaty_day_is_not_in_the_future(make_bot_client, fake_clock):
    fake_clock.set(datetime(2027, 1, 1, 0, 30, tzinfo=TZ))  # still 2026 in UTC
    user = make_bot_client()
    await user.run(
        [
            *opening("en"),
            tap("Pre-trial investigation: recognized as a victim (para 13-1)"),
            send("ERDR-TEST-2027"),
            send("02.01.2027"),
        ],
        "en",
    )
    assert "The date is in the future." in user.text
    await user.send("01.01.2027")
    assert "The date is in the future." not in user.text and "Where does the conversation take place?" in user.text


async def test_deadlines_cross_the_new_year_holidays(make_bot_client, store, fake_clock):
    await store.add_user(OFFICER_ID, "officer", district="Test District A", full_name="Officer Testov", locale="en")
    # identified at 00:30 on 31 December in Almaty (30 December in UTC): para 14 runs from 31 December, and
    # 1, 2 January (New Year), 3 (Sunday) and 4 (New Year, observed) are no working days
    fake_clock.set(datetime(2026, 12, 31, 0, 30, tzinfo=TZ))
    user = make_bot_client()
    await user.run(full_intake("en"), "en")
    await user.tap("🗂 Open the case")
    assert "Due January 5, 2027 (para 14)" in user.text
    specialist = await store.user_by_telegram(SPECIALIST_ID)
    assert await store.reminders_due(datetime(2027, 1, 4, 12, tzinfo=TZ)) == []  # no working day before it
    due = await store.reminders_due(datetime(2027, 1, 5, 10, tzinfo=TZ))
    assert [(line.deadline.rule.paragraph, kind, [a.id for a in who]) for line, kind, who in due] == [
        ("14", "due", [specialist.id])
    ]

    # forwarded on the due day: the permit is due three working days later (6, 8, 11 January: 7 January,
    # Orthodox Christmas, and the weekend are left out)
    fake_clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=TZ))
    await user.tap("📤 Forward to the authorized body")
    officer = make_bot_client(user_id=OFFICER_ID)
    await officer.run([send("/start"), tap("📥 Waiting for a decision")], "en")
    assert officer.buttons[0].endswith("1/11/27") and "⚠️" not in officer.buttons[0]  # due Monday 11 January
    await officer.tap(officer.buttons[0])
    assert "Due January 11, 2027 (para 15)" in officer.text
