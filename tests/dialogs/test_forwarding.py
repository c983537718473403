"""Forwarding for the permit (paras 14-16): the whole path and the refusal path through the bot, double
submission, two officers deciding at once, and status lookups scoped by organization and district."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest
from aiogram.types import CallbackQuery, Update

from bot.demo.script import full_case, full_intake, send, sheet_steps, tap
from bot.standard import clock
from bot.standard.clock import TZ
from bot.standard.deadlines import add_months
from bot.standard.lifecycle import Status
from bot.store import AlreadyDecided
from tests.helpers import OTHER_ORG_SPECIALIST_ID, SPECIALIST_ID, TEST_NOW

OFFICER_ID, OTHER_OFFICER_ID, FAR_OFFICER_ID = 650001, 650002, 650003


@pytest.fixture
async def officers(store):
    await store.add_user(OFFICER_ID, "officer", district="Test District A", full_name="Officer Testov", locale="en")
    await store.add_user(
        OTHER_OFFICER_ID, "officer", district="Test District A", full_name="Officer Testova", locale="ru"
    )
    await store.add_user(FAR_OFFICER_ID, "officer", district="Test District B", full_name="Officer Far", locale="en")


async def forwarded(make_bot_client, steps=None):
    user = make_bot_client()
    await user.run(steps or full_intake("en"), "en")
    user.case = user.number  # "Case … is saved."
    await user.tap("🗂 Open the case")
    assert "Due " in user.text and "(para 14)" in user.text
    await user.tap("📤 Forward to the authorized body")
    assert "Forwarded to the authorized body of the district." in user.text
    return user


async def test_the_whole_path_to_the_agreement(make_bot_client, store, officers):
    specialist = await forwarded(make_bot_client)
    number = specialist.case
    notices = [t for t in specialist.bot.texts if "waiting for your decision" in t or "ожидает" in t]
    assert len(notices) == 2  # both officers of the district, each in their language, no one else
    assert all("Testova" not in t and "Synthia" not in t for t in specialist.bot.texts)  # no personal data

    officer = make_bot_client(user_id=OFFICER_ID)
    await officer.send("/start")
    await officer.tap("📥 Waiting for a decision")
    await officer.tap(number)
    assert "Evaluation sheet: purpose 1, actions 3, means 2, harm 0; total result 6." in officer.text
    assert "(para 15)" in officer.text
    await officer.tap("📄 Documents")
    await officer.tap("📄 Evaluation sheet (Annex 2)")
    assert officer.bot.documents and officer.bot.documents[0].protect_content
    await officer.send("/start")
    await officer.tap("📥 Waiting for a decision")
    await officer.tap(number)
    await officer.tap("✅ Issue the permit")
    await officer.tap("✅ Yes, issue the permit")
    assert "The permit is issued." in officer.text
    assert any("issued the permit" in t for t in officer.bot.texts)  # the specialist was told at once

    await specialist.send("/start")
    await specialist.tap("🗂 Recent cases")
    await specialist.tap(number)
    assert "Permit issued" in specialist.text and "(para 15)" in specialist.text
    await specialist.tap("✍ Record the signed agreement")
    await specialist.send("01.01.2099")
    assert "⚠️" in specialist.text
    await specialist.tap("Today")
    ends = add_months(clock.today(), 6)
    await specialist.send("/status " + number)
    assert "Resocialization agreement signed" in specialist.text and "(para 16)" in specialist.text
    # what is due next after the agreement is the needs assessment, three calendar days on (para 27)
    assert "(para 27)" in specialist.text and "T.S." in specialist.text
    assert (await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)).agreement_ends_on == ends
    case = await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)
    assert case.status is Status.AGREEMENT_SIGNED and case.agreement_ends_on == ends

    await specialist.send("/start")
    await specialist.tap("🗂 Recent cases")
    await specialist.tap(number)
    await specialist.tap("⏩ Extend the agreement")
    await specialist.tap("The criminal case concerning the recipient of services has not been completed")
    await specialist.tap("3")
    case = await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)
    assert case.agreement_ends_on == add_months(ends, 3) and case.extension_ground == "criminal_case"
    assert "⏩ Extend the agreement" not in specialist.buttons  # once only


async def test_the_refusal_path(make_bot_client, store, officers):
    specialist = await forwarded(make_bot_client)
    number = specialist.case
    officer = make_bot_client(user_id=OFFICER_ID)
    await officer.send("/start")
    await officer.tap("📥 Waiting for a decision")
    await officer.tap(number)
    await officer.tap("❌ Refuse the permit")
    await officer.send("Synthetic reason: the person is placed in another shelter.")
    assert "The permit is refused." in officer.text
    assert any("refused the permit" in t for t in officer.bot.texts)
    await specialist.send("/start")
    await specialist.tap("🗂 Recent cases")
    await specialist.tap(number)
    assert "Refused by Officer Testov" in specialist.text and "another shelter" in specialist.text


async def test_a_case_not_identified_closes_with_services_refused(make_bot_client, store, officers):
    user = make_bot_client()
    steps = full_intake("en")
    sheet = steps.index(sheet_steps()[0])
    await user.run([*steps[:sheet], *sheet_steps({}), tap("✔ Confirm: {suggested}")], "en")
    assert "Special social services are refused (para 14)" in user.text
    await user.tap("🗂 Open the case")
    assert "📤 Forward to the authorized body" not in user.buttons


async def test_double_submission_forwards_once(make_bot_client, store, officers):
    user = make_bot_client()
    await user.run(full_intake("en"), "en")
    await user.tap("🗂 Open the case")
    card = user.screen
    await user.tap("📤 Forward to the authorized body")
    # the same button again from the old screen, and a retried update from a second device
    button = next(b for row in card.reply_markup.inline_keyboard for b in row if b.text.startswith("📤"))
    for _ in range(2):
        callback = CallbackQuery(
            id=f"again-{_}", data=button.callback_data, chat_instance="x", from_user=user.client.user, message=card
        )
        await user.client.dp.feed_update(
            user.client.bot, Update(update_id=user.client._new_update_id(), callback_query=callback)
        )
    actor = await store.user_by_telegram(SPECIALIST_ID)
    results = await asyncio.gather(*(store.forward(actor, 1) for _ in range(3)))
    assert all(not officers_told for _, officers_told in results)
    assert len([t for t in user.bot.texts if "waiting for your decision" in t or "ожидает" in t]) == 2
    assert [e.action for e in await store.audit_trail(1)].count("case.forward") == 1


async def test_two_officers_deciding_at_once(store, officers, make_bot_client):
    await forwarded(make_bot_client)
    first, second = await store.user_by_telegram(OFFICER_ID), await store.user_by_telegram(OTHER_OFFICER_ID)
    results = await asyncio.gather(
        store.decide_permit(first, 1, True),
        store.decide_permit(second, 1, False, "Synthetic reason"),
        return_exceptions=True,
    )
    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, AlreadyDecided)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].who in ("Officer Testov", "Officer Testova") and losers[0].on == clock.today()
    decisions = [e.action for e in await store.audit_trail(1) if e.action.startswith("permit.")]
    assert len(decisions) == 1


async def test_the_second_officer_is_told_who_decided(make_bot_client, store, officers):
    number = (await forwarded(make_bot_client)).case
    slow = make_bot_client(user_id=OTHER_OFFICER_ID)
    await slow.send("/start")
    await slow.run([tap("📥 Waiting for a decision")], "ru")
    await slow.tap(number)
    await store.decide_permit(await store.user_by_telegram(OFFICER_ID), 1, True)  # the other officer, first
    await slow.run([tap("✅ Issue the permit"), tap("✅ Yes, issue the permit")], "ru")
    assert (
        slow.t("This case was already decided by {who} on {date}.", "ru", who="Officer Testov", date="").split("—")[0][
            :25
        ]
        in slow.text
    )


async def test_status_is_scoped_by_organization_and_district(make_bot_client, store, officers):
    number = (await forwarded(make_bot_client)).case
    other_org = await store.user_by_telegram(OTHER_ORG_SPECIALIST_ID)
    far_officer = await store.user_by_telegram(FAR_OFFICER_ID)
    near_officer = await store.user_by_telegram(OFFICER_ID)
    assert [line.number for line in await store.status_lines(near_officer)] == [number]
    for outsider in (other_org, far_officer):
        assert await store.status_lines(outsider) == []
        assert await store.status_lines(outsider, number=number) == []

    stranger = make_bot_client(user_id=OTHER_ORG_SPECIALIST_ID)
    await stranger.run(full_intake("en")[:2], "en")
    await stranger.send("/status " + number)
    assert f"There is no case {number} among the cases you may see." in stranger.text
    await stranger.send("/status")
    assert "Status of cases: 0, overdue: 0." in stranger.text
    # a forged tap on the status list naming the other organization's case
    far = make_bot_client(user_id=FAR_OFFICER_ID)
    await far.send("/status")
    pages_button = far.screen
    data = f"{far.messages.last_message().reply_markup.inline_keyboard[-1][0].callback_data}"
    intent = data.split("\x1d")[0]
    callback = CallbackQuery(
        id="forged-status",
        data=f"{intent}\x1dcase:{number}",
        chat_instance="x",
        from_user=far.client.user,
        message=pages_button,
    )
    await far.client.dp.feed_update(
        far.client.bot, Update(update_id=far.client._new_update_id(), callback_query=callback)
    )
    assert f"There is no case {number} among the cases you may see." in far.text
    assert "T.S." not in far.text


async def test_status_lists_overdue_first(make_bot_client, store, officers, fake_clock):
    fake_clock.set(datetime(2025, 3, 20, 12, 0, tzinfo=TZ))  # case 1 is identified long ago: overdue (para 14)
    user = make_bot_client()
    await user.run(full_case("en"), "en")
    number = user.number  # "Documents of case …"
    fake_clock.set(TEST_NOW)
    await user.run([send("/start"), *full_intake("en")[2:]], "en")  # a second case, identified today
    await user.send("/status")
    assert "Status of cases: 2, overdue: 1." in user.text
    assert user.buttons[0].startswith("⚠️ " + number)
    await user.tap("⚠️ " + number)
    assert "⚠️ Overdue. Due March 26, 2025 (para 14)" in user.text  # the first working day after Nauryz
