"""Who reaches what: invitations (single use, expiring), deactivation, forged buttons naming another
organization's case, the head's team and audit trail, and sharing with internal affairs."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Update
from aiogram_dialog.test_tools.keyboard import InlineButtonTextLocator

from bot.demo.script import full_case, full_intake, opening, tap
from bot.store import InviteError
from tests.helpers import OTHER_ORG_SPECIALIST_ID, SPECIALIST_ID

DEACTIVATED = "Your access to this bot has been closed. If this is a mistake, ask your administrator."


async def forge(user, data: str) -> None:
    client = user.client
    callback = CallbackQuery(
        id=f"forged-{client._new_update_id()}", data=data, chat_instance="x", from_user=client.user, message=user.screen
    )
    await client.dp.feed_update(client.bot, Update(update_id=client._new_update_id(), callback_query=callback))


async def test_an_invitation_registers_once_and_expires(make_bot_client, store):
    code, _ = await store.create_invite(None, "specialist", org="Test Shelter No. 1", district="Test District A")
    newcomer = make_bot_client(user_id=610001)
    await newcomer.send(f"/start {code}")
    assert "Choose the language of the bot." in newcomer.text  # registered, picks a language
    await newcomer.tap("English")
    assert "📝 New intake" in newcomer.buttons
    assert (await store.user_by_telegram(610001)).role == "specialist"

    second = make_bot_client(user_id=610002)
    await second.send(f"/start {code}")
    assert second.bot.texts == [second.t("This invitation has already been used. Ask for a new one.", "ru")]
    assert second.messages.sent_messages == [] and await store.user_by_telegram(610002) is None

    expired, _ = await store.create_invite(None, "officer", district="Test District A", hours=-1)
    late = make_bot_client(user_id=610003)
    await late.send(f"/start {expired}")
    assert late.bot.texts == [late.t("This invitation has expired. Ask for a new one.", "ru")]
    assert await store.user_by_telegram(610003) is None


async def test_a_deactivated_user_reaches_nothing_from_the_next_update(make_bot_client, store):
    user = make_bot_client()
    await user.run([*opening("en"), tap("The person's application (Annex 1)")], "en")
    screen = user.screen
    await store.set_active(None, SPECIALIST_ID, False)
    await user.send("/start")
    assert user.bot.texts[-1] == DEACTIVATED
    await user.client.click(screen, InlineButtonTextLocator(".*organization where.*"))
    assert user.bot.alerts[-1] == DEACTIVATED
    assert user.screen is screen or "Where does the conversation" in user.text  # nothing new was shown
    await store.set_active(None, SPECIALIST_ID, True)
    await user.send("/start")
    assert user.text.startswith("Main menu")


async def test_forged_buttons_naming_another_organizations_case_get_a_refusal(make_bot_client, store):
    victim_org = make_bot_client()
    await victim_org.run([*opening("en"), tap("The person's application (Annex 1)")], "en")  # case 1, org 1
    intruder = make_bot_client(user_id=OTHER_ORG_SPECIALIST_ID)
    await intruder.run([*opening("en"), tap("The person's application (Annex 1)"), tap("⏸ Pause")], "en")
    # the intruder's own draft (case 2) is in the menu; forge its button with case 1's id
    button = next(b for row in intruder.screen.reply_markup.inline_keyboard for b in row if b.text.startswith("▶"))
    assert button.callback_data.endswith(":2")
    await forge(intruder, button.callback_data[:-1] + "1")
    assert intruder.bot.alerts[-1] == "This case is not available to you, or it is already closed."
    assert intruder.text.startswith("Main menu")
    number = (await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)).number
    assert number not in intruder.text and "Testova" not in intruder.text
    intruder_id = (await store.user_by_telegram(OTHER_ORG_SPECIALIST_ID)).id
    assert all(e.user_id != intruder_id for e in await store.audit_trail(1))  # nothing of case 1 was read


async def test_the_head_sees_the_team_and_the_trail_and_closes_access(make_bot_client, store):
    await store.add_user(620001, "head", org="Test Shelter No. 1", district="Test District A", full_name="Head Testova")
    specialist = make_bot_client()
    await specialist.run(full_intake("en"), "en")
    number = specialist.number
    head = make_bot_client(user_id=620001)
    await head.run(opening("en")[:2], "en")
    await head.tap("📜 Audit trail")
    assert "Audit trail of your organization · page 1" in head.text
    assert f"specialist Specialist Testov · case.close · {number}" in head.text
    await head.send("/start")
    await head.tap("👥 Team")
    await head.tap("Specialist Testov")
    await head.tap("⛔ Close access")
    assert "Access: deactivated" in head.text
    assert not (await store.user_by_telegram(SPECIALIST_ID)).active
    await head.tap("⬅ Team")
    assert "Head of the organization on the application (Annex 1): —" in head.text
    await head.tap("✍ The head's name on documents")
    await head.send("Headova 123")
    assert "A name has letters, spaces, hyphens and apostrophes only." in head.text
    await head.send("Headova Demo Testovna")
    assert "Head of the organization on the application (Annex 1): Headova Demo Testovna" in head.text
    assert (await store.case(await store.user_by_telegram(620001), 1)).head_name == "Headova Demo Testovna"
    await head.tap("➕ Invite someone")
    await head.tap("Specialist")
    assert "https://t.me/" in head.text and "?start=" in head.text


async def test_sharing_with_law_enforcement_needs_request_and_consent(make_bot_client, store):
    await store.add_user(630001, "police", district="Test District A", full_name="Police Testov", locale="en")
    user = make_bot_client()
    await user.run(full_case("en"), "en")
    number = user.number  # "Documents of case …"
    await user.tap("⬅ Back")  # to the saved case the report was written from
    await user.tap("🗂 Open the case")
    await user.tap("🚓 Share with law enforcement")
    await user.tap("Police Testov")
    await user.send("REQ-TEST-7")
    await user.send("20.11.2026")
    await user.tap("❌ No written consent")
    assert "Not shared: without the person's written consent the report goes to no one (Annex 8)." in user.text
    police = await store.user_by_telegram(630001)
    assert await store.shared_with(police) == []

    await user.tap("⬅ To the case")
    await user.tap("🚓 Share with law enforcement")
    await user.tap("Police Testov")
    await user.send("REQ-TEST-7")
    await user.send("20.11.2026")
    await user.tap("✅ Yes, in writing")
    await user.send("21.11.2026")
    assert "The report is shared." in user.text
    assert [c.number for c in await store.shared_with(police)] == [number]
    assert any(f"shared with you: case {number}" in t for t in user.bot.texts)
    trail = [(e.action, e.detail) for e in await store.audit_trail(1) if e.action.startswith("share")]
    assert trail == [
        ("share.refused", f"police={police.id} no written consent of the person"),
        ("share.grant", f"police={police.id}"),
    ]

    officer_view = make_bot_client(user_id=630001)
    await officer_view.send("/start")
    await officer_view.tap("📂 Shared with me")
    await officer_view.tap(number)
    await officer_view.tap("📄 Documents")
    assert officer_view.buttons[:3] == ["Қазақша", "Русский", "✓ English"]
    assert "📄 Report (Annex 8)" in officer_view.buttons
    assert "📄 Application (Annex 1)" not in officer_view.buttons  # only what was shared


async def test_invite_errors_are_specific(store):
    code, _ = await store.create_invite(None, "police", district="Test District A")
    await store.redeem_invite(code, 640001)
    for bad, reason in ((code, "used"), ("no-such-code", "unknown")):
        try:
            await store.redeem_invite(bad, 640002)
        except InviteError as error:
            assert error.reason == reason
        else:
            raise AssertionError("redeemed twice")
