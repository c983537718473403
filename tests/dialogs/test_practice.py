"""Practice intakes: marked on every screen and document, never forwarded, never in a status count or
a reminder, erased after a day."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from bot.demo.script import full_case
from bot.standard.clock import TZ
from bot.standard.lifecycle import Status
from bot.store import Forbidden, NotFound
from bot.store.models import Case
from tests.helpers import SPECIALIST_ID, normalize

BANNER = "🎓 TRAINING — not a real case"


async def test_a_practice_intake_is_marked_and_stays_out_of_everything(make_bot_client, store, fake_clock):
    user = make_bot_client()
    steps = full_case("en")
    steps[2] = steps[2].__class__("tap", "🎓 Practice intake")  # instead of «New intake»
    seen: list[str] = []
    for step in steps:
        await user.run([step], "en")
        seen.append(user.text)
    assert all(BANNER in text for text in seen[3:]), [t for t in seen[3:] if BANNER not in t][:1]
    actor = await store.user_by_telegram(SPECIALIST_ID)
    case = await store.case(actor, 1)
    assert case.practice and case.number.startswith("T-") and case.status is Status.IDENTIFIED
    for sent in user.bot.documents:  # every page of every document says so
        for page in PdfReader(io.BytesIO(sent.document.data)).pages:
            assert "TRAINING" in normalize(page.extract_text())

    await user.tap("⬅ Back")
    await user.tap("🗂 Open the case")
    assert "📤 Forward to the authorized body" not in user.buttons
    with pytest.raises(Forbidden):
        await store.forward(actor, case.id)
    assert await store.status_lines(actor) == []  # never counted
    async with store.engine.begin() as connection:  # even overdue, it gets no reminder
        await connection.execute(update(Case).values(identified_on=datetime(2025, 3, 20).date()))
    assert await store.reminders_due(datetime(2025, 3, 28, 11, tzinfo=TZ)) == []

    # a real intake started next takes the first real number
    await user.send("/start")
    assert "📝 New intake" in user.buttons

    # after a day it is gone, with an audit stub
    assert await store.purge_stale_drafts(30) == []
    fake_clock.advance(timedelta(hours=24, minutes=1))
    assert await store.purge_stale_drafts(30) == [case.number]
    with pytest.raises(NotFound):
        await store.case(actor, case.id)
