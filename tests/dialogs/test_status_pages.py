"""The /status list and the officer's waiting list are paged by the store (eight a page, «More ▶» and «◀ Previous»),
overdue first, then by due date; the count covers the whole list."""

from __future__ import annotations

from datetime import timedelta

from bot.standard.lifecycle import Basis, Status
from tests.helpers import DISTRICT, ORG, SPECIALIST_ID, TEST_NOW

OFFICER_ID = 650201


async def seed(store, fake_clock, days_ago: list[int]) -> None:
    """One identified and forwarded case per entry, forwarded that many days before the test's day."""
    specialist = await store.add_user(SPECIALIST_ID, "specialist", org=ORG, district=DISTRICT, locale="en")
    for ago in days_ago:
        fake_clock.set(TEST_NOW - timedelta(days=ago))
        case = await store.create_case(specialist, Basis.APPLICATION)
        await store.set_consent(specialist, case.id, True)
        await store.set_person(specialist, case.id, surname="Pagedova", first_name="Synthia")
        await store.close_case(specialist, case.id, Status.IDENTIFIED, suggested=True, verdict=True)
        await store.forward(specialist, case.id)
    fake_clock.set(TEST_NOW)


def case_buttons(user) -> list[str]:
    return [b for b in user.buttons if b[:4].isdigit() or b.startswith("⚠️")]


async def test_the_status_list_pages_in_order_overdue_first(make_bot_client, store, fake_clock):
    await seed(store, fake_clock, [0] * 12 + [30] * 5 + [1] * 3)  # 5 overdue (para 15: three working days)
    user = make_bot_client()
    await user.send("/status")
    assert "Status of cases: 20, overdue: 5." in user.text
    first = case_buttons(user)
    assert len(first) == 8 and all(b.startswith("⚠️") for b in first[:5]) and "More ▶" in user.buttons
    assert "◀ Previous" not in user.buttons
    await user.tap("More ▶")
    second = case_buttons(user)
    assert len(second) == 8 and not set(second) & set(first) and "◀ Previous" in user.buttons
    await user.tap("More ▶")
    third = case_buttons(user)
    assert len(third) == 4 and "More ▶" not in user.buttons
    assert len(set(first + second + third)) == 20
    await user.tap("◀ Previous")
    assert case_buttons(user) == second
    await user.tap(second[0])  # one case from the second page, and back to its page
    assert "Status:" in user.text
    await user.tap("⬅ All cases")
    assert "Status of cases: 20, overdue: 5." in user.text


async def test_the_officers_waiting_list_pages_too(make_bot_client, store, fake_clock):
    await store.add_user(OFFICER_ID, "officer", district="Test District A", full_name="Officer Testov", locale="en")
    await seed(store, fake_clock, [0] * 9)
    officer = make_bot_client(user_id=OFFICER_ID)
    await officer.send("/start")
    await officer.tap("📥 Waiting for a decision")
    assert len(case_buttons(officer)) == 8
    await officer.tap("More ▶")
    assert len(case_buttons(officer)) == 1 and "More ▶" not in officer.buttons
