"""The audit trail of a whole case lists every change, every export and every time a person opened the case (its own
specialist later included), at most one row per update, and no row for the bot drawing again the screen of the
draft its specialist is writing."""

from __future__ import annotations

from bot.demo.script import full_case, send, tap
from tests.helpers import SPECIALIST_ID

HEAD_ID = 620101


async def rows(store) -> list[tuple[str, str | None, int | None]]:
    return [(e.action, e.detail, e.user_id) for e in await store.audit_trail(1)]


async def test_the_trail_of_a_whole_case(make_bot_client, store):
    await store.add_user(
        HEAD_ID, "head", org="Test Shelter No. 1", district="Test District A", full_name="Head Testova", locale="en"
    )
    user = make_bot_client()
    steps = full_case("en")
    grown = []
    for step in steps:
        before = len(await rows(store))
        await user.run([step], "en")
        grown.append(len(await rows(store)) - before)
    assert max(grown) <= 1  # at most one row per update (and here one case)

    trail = await rows(store)
    actions = [action for action, _, _ in trail]
    assert "case.read" not in actions  # writing the intake and the report is no read of anyone's data
    assert actions[0] == "case.create" and "case.consent" in actions and "case.close" in actions
    assert actions.count("sheet.answer") == 28  # every change
    assert actions.count("report.complete") == 1
    assert [d for a, d, _ in trail if a == "document.export"] == ["annex1 en, annex2 en, annex8 en"]
    changes = len(trail)

    # later, the specialist opens the case to look at it, and its documents; the head does too
    await user.run([send("/start"), tap("🗂 Recent cases")], "en")
    await user.tap(user.buttons[0])
    await user.tap("📄 Documents")
    await user.tap("📄 Report (Annex 8)")
    head = make_bot_client(user_id=HEAD_ID)
    await head.run([send("/start"), tap("🗂 Recent cases")], "en")
    await head.tap(head.buttons[0])
    specialist, head_user = await store.user_by_telegram(SPECIALIST_ID), await store.user_by_telegram(HEAD_ID)
    assert [(a, d, u) for a, d, u in (await rows(store))[changes:]] == [
        ("case.read", None, specialist.id),  # the card
        ("case.read", None, specialist.id),  # the documents screen
        ("document.export", "annex8 en", specialist.id),
        ("case.read", None, head_user.id),  # the head's card
    ]
