"""The report (Annex 8): every field, a narrative in several messages reviewed and edited, the typed
texts removed from the chat, and long texts kept whole."""

from __future__ import annotations

from datetime import datetime

from bot.demo.script import (
    CIRCUMSTANCES,
    NARRATIVE,
    VENUE,
    full_intake,
    report_steps,
    send,
    tap,
)
from bot.standard import clock
from tests.helpers import SPECIALIST_ID


async def report_of(store):
    case = await store.case(await store.user_by_telegram(SPECIALIST_ID), 1)
    return case, case.report


async def test_the_report_is_written_and_its_texts_leave_the_chat(make_bot_client, store):
    user = make_bot_client()
    await user.run(full_intake("en"), "en")
    deleted_before = len(user.bot.deleted)
    await user.run(report_steps()[:-1], "en")
    assert "8. The person authorized for identification: Specialist Testov" in user.text
    await user.tap("✔ Confirm")
    assert user.text.startswith("Documents of case")
    case, report = await report_of(store)
    assert report.completed and report.venue == VENUE and report.circumstances == CIRCUMSTANCES
    assert report.narrative == NARRATIVE and report.authorized_person == "Specialist Testov"
    assert report.held_at == case.created_at
    # venue, circumstances and both parts of the account were deleted from the chat once stored
    assert len(user.bot.deleted) - deleted_before == 4


async def test_the_account_is_reviewed_and_edited(make_bot_client, store):
    user = make_bot_client()
    await user.run([*full_intake("en"), *report_steps()[:4]], "en")
    assert "7. What happened" in user.text
    await user.tap("✅ Done: review the text")
    assert "⚠️ Point 7 is empty" in user.text
    long_part = "\n\n".join(f"Paragraph {n}: " + "synthetic words of the account " * 30 for n in range(1, 9)).strip()
    assert len(long_part) > 7000
    await user.send(long_part)
    assert "Saved so far: 1 parts" in user.text
    await user.send("Second synthetic part.")
    await user.tap("✅ Done: review the text")
    assert "7. Review · screen 1 of 4 · part 1 of 2" in user.text and "Paragraph 1:" in user.text
    await user.tap("Next ▶")
    await user.tap("Next ▶")
    await user.tap("Next ▶")
    assert "screen 4 of 4 · part 2 of 2" in user.text and "Second synthetic part." in user.text
    await user.tap("✏ Replace this part")
    await user.send("Corrected synthetic part.")
    assert "screen 4 of 4" in user.text and "Corrected synthetic part." in user.text  # stays on the page
    _, report = await report_of(store)
    assert report.narrative == (long_part, "Corrected synthetic part.")  # nothing cut, paragraphs kept
    await user.tap("🗑 Delete this part")
    assert "screen 1 of 3 · part 1 of 1" in user.text
    _, report = await report_of(store)
    assert report.narrative == (long_part,)


async def test_date_and_time_can_be_typed_but_not_in_the_future(make_bot_client, store):
    user = make_bot_client()
    await user.run([*full_intake("ru"), tap("📝 Write the report (Annex 8)")], "ru")
    await user.send("01.01.2099 10:00")
    assert "⚠️" in user.text
    await user.send("вчера")
    assert "⚠️" in user.text
    await user.send("20.11.2026 09:30")
    _, report = await report_of(store)
    assert report.held_at == datetime(2026, 11, 20, 9, 30, tzinfo=clock.TZ)
    await user.run([send(VENUE), send(CIRCUMSTANCES)], "ru")
    assert (
        user.t(
            "7. What happened, from the person's account: the methods of the alleged ill-treatment, when it "
            "took place, and any complaints about their physical or psychological condition.\n\nSend it in "
            "as many messages as you need; each is saved and removed from the chat. Tap «Done» when "
            "finished.",
            "ru",
        )
        in user.text
    )
