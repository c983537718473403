"""Reminders are computed from the store: after a restart none is lost and none is sent twice; a burst of
reminders meeting a 429 from the Bot API is delivered in full after waiting."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.app import open_store
from bot.demo.fake_telegram import FakeTelegram
from bot.i18n import make_i18n
from bot.notify import Sender
from bot.reminders import send_due_reminders
from bot.standard.clock import TZ
from bot.standard.lifecycle import Basis, Status

SPECIALISTS = [710000 + n for n in range(3)]


async def identified_cases(store, count_per_specialist: int, identified_on: date, fake_clock) -> None:
    """Identified cases waiting to be forwarded (para 14), as the intake leaves them on ``identified_on``."""
    fake_clock.set(datetime.combine(identified_on, time(12, 0), tzinfo=TZ))
    for telegram_id in SPECIALISTS:
        actor = await store.add_user(
            telegram_id, "specialist", org="Test Shelter No. 1", district="Test District A", locale="ru"
        )
        for _ in range(count_per_specialist):
            case = await store.create_case(actor, Basis.APPLICATION)
            await store.close_case(actor, case.id, Status.IDENTIFIED, verdict=True)


@pytest.fixture
async def telegram():
    async with FakeTelegram(quiet_period=0.05) as tg:
        for telegram_id in SPECIALISTS:
            tg.send_text(telegram_id, "hi")  # Telegram only lets a bot write to users who wrote first
        bot = Bot("123456:TEST", session=AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url)))
        try:
            yield tg, bot
        finally:
            await bot.session.close()


def sent_to(tg, telegram_id: int) -> list[str]:
    return [m.plain_text for m in tg.messages(telegram_id)]


async def test_no_reminder_lost_or_repeated_across_a_restart(settings, telegram, fake_clock):
    tg, bot = telegram
    store = await open_store(settings)
    await identified_cases(store, 1, date(2025, 3, 20), fake_clock)  # para 14: due 26 March 2025, after Nauryz
    i18n = make_i18n("ru")
    fast = Sender(bot, per_chat=0.01, per_second=500)

    # no "before" reminder: the working day before the due day is the day of identification itself
    assert await send_due_reminders(store, fast, i18n, datetime(2025, 3, 25, 11, 0, tzinfo=TZ)) == 0
    # 26 March, 11:00: the due-day reminder, once however often the loop runs
    assert await send_due_reminders(store, fast, i18n, datetime(2025, 3, 26, 11, 0, tzinfo=TZ)) == 3
    assert await send_due_reminders(store, fast, i18n, datetime(2025, 3, 26, 11, 5, tzinfo=TZ)) == 0
    await store.close()

    # the process restarts; by 28 March the overdue reminder has come too: it goes once, by one process
    store = await open_store(settings)
    now = datetime(2025, 3, 28, 9, 0, tzinfo=TZ)
    assert await send_due_reminders(store, fast, i18n, now) == 3
    store_again = await open_store(settings)  # a second process polling the same store
    assert await send_due_reminders(store_again, fast, i18n, now) == 0
    assert await send_due_reminders(store, fast, i18n, now) == 0
    for telegram_id in SPECIALISTS:
        texts = sent_to(tg, telegram_id)
        assert len(texts) == 2
        assert texts[0].startswith("Сегодня истекает срок, дело") and "(п. 14)" in texts[0]
        assert texts[1].startswith("Просрочено, дело") and "26 мар" in texts[1]
    await store.close()
    await store_again.close()


async def test_a_burst_meeting_429_is_delivered_after_waiting(settings, telegram, fake_clock):
    tg, bot = telegram
    store = await open_store(settings)
    await identified_cases(store, 8, date(2025, 3, 20), fake_clock)  # 24 cases, 2 reminders each by 28 March
    tg.fail_next("sendMessage", 4, retry_after=1)
    sender = Sender(bot, per_chat=0.02, per_second=100)
    started = datetime.now()
    sent = await send_due_reminders(store, sender, make_i18n("ru"), datetime(2025, 3, 28, 9, 0, tzinfo=TZ))
    assert sent == 48
    assert (datetime.now() - started).total_seconds() >= 1  # the retry_after was honoured
    for telegram_id in SPECIALISTS:
        assert len(sent_to(tg, telegram_id)) == 16
    rejected = [c for c in tg.calls if c[0] == "sendMessage"]
    assert len(rejected) == 48 + 4  # every 429 was retried, nothing was sent twice
    await store.close()


async def test_a_reminder_that_could_not_be_sent_is_tried_again(settings, telegram, fake_clock):
    tg, bot = telegram
    store = await open_store(settings)
    await identified_cases(store, 1, date(2025, 3, 20), fake_clock)
    tg.fail_next("sendMessage", 100, retry_after=1)
    impatient = Sender(bot, per_chat=0.01, per_second=500, max_attempts=1)
    now = datetime(2025, 3, 26, 11, 0, tzinfo=TZ)
    assert await send_due_reminders(store, impatient, make_i18n("ru"), now) == 0  # none went out: given back
    tg.fail_next("sendMessage", 0)
    assert await send_due_reminders(store, Sender(bot, per_chat=0.01, per_second=500), make_i18n("ru"), now) == 3
    await store.close()


async def test_a_claim_whose_process_died_is_taken_over(settings, telegram, fake_clock):
    tg, bot = telegram
    store = await open_store(settings)
    await identified_cases(store, 1, date(2025, 3, 20), fake_clock)
    now = datetime(2025, 3, 26, 11, 0, tzinfo=TZ)
    (line, kind, _), *_ = await store.reminders_due(now)
    claim = (line.id, line.deadline.rule.id, kind, line.deadline.due)
    assert await store.mark_reminder(*claim)  # a process claims it … and dies before sending
    assert not await store.mark_reminder(*claim)  # a live claim is respected
    sender = Sender(bot, per_chat=0.01, per_second=500)
    assert await send_due_reminders(store, sender, make_i18n("ru"), now) == 2  # the other two cases
    fake_clock.advance(timedelta(minutes=11))  # ten minutes later the claim is stale
    assert await send_due_reminders(store, sender, make_i18n("ru"), now) == 1
    assert await send_due_reminders(store, sender, make_i18n("ru"), now) == 0
    await store.close()


async def test_a_day_off_added_later_moves_the_reminders(settings, telegram, fake_clock):
    """The schedule is kept in the store; a correction of the calendar schedules every running case again."""
    store = await open_store(settings)
    await identified_cases(store, 1, date(2026, 4, 15), fake_clock)  # para 14: due Thursday 16 April
    assert len(await store.reminders_due(datetime(2026, 4, 16, 11, 0, tzinfo=TZ))) == 3
    await store.set_calendar_day(date(2026, 4, 16), "off")  # the administrator: 16 April is a day off
    assert await store.reminders_due(datetime(2026, 4, 16, 11, 0, tzinfo=TZ)) == []
    due = await store.reminders_due(datetime(2026, 4, 17, 11, 0, tzinfo=TZ))
    assert {(line.deadline.due, kind) for line, kind, _ in due} == {(date(2026, 4, 17), "due")}
    await store.close()
