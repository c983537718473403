"""📈 Statistics in the bot: a head sees their organization's figures, picks the period with buttons, gets the chart
as a protected PNG and the export as a protected XLSX or CSV; a specialist has no such button; looking is audited once
per period, not on every redraw; exports are audited."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
import sqlalchemy as sa
from aiogram.methods import SendDocument, SendPhoto

from bot.standard import clock
from bot.standard.lifecycle import Basis, Status
from tests.helpers import ORG, SPECIALIST_ID
from tests.store.test_statistics import intake

HEAD_ID = 630101
MONDAY = datetime(2027, 3, 8, 10, 0, tzinfo=clock.TZ)


async def stats_actions(store) -> list[tuple[str, str]]:
    async with store.engine.connect() as connection:
        rows = await connection.execute(sa.text("select action, detail from audit where action like 'stats.%'"))
        return [tuple(r) for r in rows]


async def seed(store, fake_clock, locale: str):
    fake_clock.set(MONDAY)
    specialist = await store.user_by_telegram(SPECIALIST_ID)
    await store.add_user(HEAD_ID, "head", org=ORG, district="Test District A", full_name="Head Testova", locale=locale)
    for _ in range(6):
        await intake(store, specialist, Status.IDENTIFIED, rows=("purpose.labour",))
    await intake(store, specialist, Status.NOT_IDENTIFIED, sex="male")
    await intake(store, specialist, Status.IDENTIFIED, practice=True, basis=Basis.APPLICATION)


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_the_head_looks_at_the_figures_the_chart_and_the_export(make_bot_client, store, fake_clock, locale):
    await seed(store, fake_clock, locale)
    head = make_bot_client(user_id=HEAD_ID)
    await head.send("/start")
    await head.tap(head.t("📈 Statistics", locale))
    assert head.t("Intakes started", locale) + ": 7" in head.text  # the practice intake is not counted
    assert head.t("Identified", locale) + ": 6" in head.text
    assert head.t("Not identified", locale) + ": <5" in head.text
    assert head.messages.protected[-1] is True  # the statistics screen is sent protected

    await head.tap(head.t("Year", locale))
    assert "7" in head.text
    await head.tap(head.t("◀ Earlier", locale))  # 2026: nothing yet
    assert head.t("Intakes started", locale) + ": 0" in head.text
    await head.tap(head.t("Later ▶", locale))

    await head.tap(head.t("🖼 Chart", locale))
    photos = [m for m in head.bot.calls if isinstance(m, SendPhoto)]
    assert len(photos) == 1 and photos[0].protect_content is True
    png = photos[0].photo.data
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and 20_000 < len(png) < 600_000

    await head.tap(head.t("📥 Export XLSX", locale))
    documents = [m for m in head.bot.calls if isinstance(m, SendDocument)]
    assert len(documents) == 1 and documents[0].protect_content is True
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(documents[0].document.data))
    assert len(workbook.sheetnames) > 10

    actions = await stats_actions(store)
    # opened the month, then the year, 2026 and the year again: one read per period looked at; the chart's redraw adds
    # none; the export is its own row
    assert [a for a, _d in actions] == ["stats.read"] * 4 + ["stats.export"]
    assert "export=xlsx scope=organization:" in actions[-1][1] and "period=2027-01-01..2027-12-31" in actions[-1][1]


async def test_specialists_have_no_statistics(make_bot_client, store):
    user = make_bot_client()
    await user.send("/start")
    assert not any("📈" in b for b in user.buttons)
