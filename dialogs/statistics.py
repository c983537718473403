"""📈 Statistics for heads (their organization), officers (their district) and administrators (the country): the key
figures of a period as text, the chart as an image and the export as XLSX or CSV, all with small numbers hidden
(bot.standard.suppression). The period is picked with buttons; nothing here names a person."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram.utils.i18n import gettext
from aiogram_dialog import Dialog, DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button, Row

from bot.i18n import format_date
from bot.standard import N_, clock
from bot.standard.breakdowns import Report
from bot.standard.statistics import SCOPE_TITLES, Period, PeriodKind

from .context import actor, i18n, locale, store
from .states import Statistics
from .widgets import ERROR, MAIN_MENU, Screen, Tr

KINDS = {PeriodKind.MONTH: Period.month, PeriodKind.QUARTER: Period.quarter, PeriodKind.YEAR: Period.year}
KIND_BUTTONS = (
    (PeriodKind.MONTH, N_("Month")),
    (PeriodKind.QUARTER, N_("Quarter")),
    (PeriodKind.YEAR, N_("Year")),
)
# The key figures under the chart: (table, cell or None for the table's total, label).
FIGURES = (
    ("outcome", "identified", N_("Identified")),
    ("outcome", "not_identified", N_("Not identified")),
    ("permit", None, N_("Forwarded to the authorized body")),
    ("permit", "refused", N_("Permit refused")),
    ("permit", "agreement", N_("Agreement signed")),
    ("deadline.send_to_authorized_body", "missed", N_("Para 14 deadline missed")),
    ("deadline.permit_decision", "missed", N_("Para 15 decision deadline missed")),
)
LEGEND = N_(
    "<5: fewer than five, hidden so that no one can be recognized. *: hidden so that a hidden number cannot be worked "
    "out from the total. Practice intakes are never counted."
)


def period_of(manager: DialogManager) -> Period:
    kind = PeriodKind(manager.dialog_data.get("kind", PeriodKind.MONTH.value))
    anchor = manager.dialog_data.get("anchor")
    return KINDS[kind](date.fromisoformat(anchor) if anchor else clock.today())


async def report_of(manager: DialogManager, *, export: str | None = None) -> Report:
    """The report of the screen's period; the read is audited once per period looked at, not on every redraw."""
    period, user = period_of(manager), actor(manager)
    scope = await store(manager).scope_of(user)
    seen = f"{period.start}:{period.end}"
    audit = export is not None or manager.dialog_data.get("seen") != seen
    manager.dialog_data["seen"] = seen
    return await store(manager).statistics(user, scope, period, export=export, audit=audit)


def period_title(period: Period, lang: str) -> str:
    return f"{format_date(period.start, lang, 'medium')} – {format_date(period.end, lang, 'medium')}"


async def statistics_getter(dialog_manager: DialogManager, **_kwargs: Any) -> dict[str, Any]:
    report, lang = await report_of(dialog_manager), locale()
    lines = [f"{gettext('Intakes started')}: {report.started}"]
    for table_id, key, label in FIGURES:
        table = report.table(table_id)
        lines.append(f"{gettext(label)}: {table.total_shown if key is None else table.cell(key).shown}")
    scope = report.scope
    return {
        "scope": gettext(SCOPE_TITLES[scope.kind]) + (f" · {scope.name}" if scope.name else ""),
        "period": period_title(report.period, lang),
        "figures": "\n".join(lines),
        "legend": gettext(LEGEND),
        "has_later": report.period.end < clock.today(),
    }


async def on_kind(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data["kind"] = PeriodKind(button.widget_id).value
    manager.dialog_data.pop("anchor", None)


async def on_shift(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    period = period_of(manager)
    if button.widget_id == "earlier":
        manager.dialog_data["anchor"] = period.previous().start.isoformat()
    elif period.end < clock.today():  # never a period that has not begun
        manager.dialog_data["anchor"] = date.fromordinal(period.end.toordinal() + 1).isoformat()


async def on_chart(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    from bot.statistics.chart import render_chart

    report, lang, catalogs = await report_of(manager), locale(), i18n()
    png = await asyncio.to_thread(render_chart, report, lambda m: catalogs.gettext(m, locale=lang), lang)
    await manager.middleware_data["bot"].send_photo(
        callback.from_user.id, BufferedInputFile(png, "statistics.png"), protect_content=True
    )
    manager.show_mode = ShowMode.SEND  # the screen goes below the chart


async def on_export(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    from bot.statistics.export import to_csv, to_xlsx

    fmt = "xlsx" if button.widget_id == "xlsx" else "csv"
    report, lang, catalogs = await report_of(manager, export=fmt), locale(), i18n()

    def translate(msgid: str) -> str:
        return catalogs.gettext(msgid, locale=lang)

    if fmt == "xlsx":
        data = await asyncio.to_thread(to_xlsx, report, translate, lang)
    else:
        data = (await asyncio.to_thread(to_csv, report, translate, lang)).encode("utf-8-sig")
    name = f"statistics-{report.period.start}-{report.period.end}.{fmt}"
    await manager.middleware_data["bot"].send_document(
        callback.from_user.id, BufferedInputFile(data, name), protect_content=True
    )
    manager.show_mode = ShowMode.SEND


MAIN = Screen(
    ERROR,
    Tr("📈 Statistics · {scope}\n{period}\n\n{figures}\n\n{legend}"),
    Row(*(Button(Tr(title), id=kind.value, on_click=on_kind) for kind, title in KIND_BUTTONS)),
    Row(
        Button(Tr("◀ Earlier"), id="earlier", on_click=on_shift),
        Button(Tr("Later ▶"), id="later", on_click=on_shift, when="has_later"),
    ),
    Button(Tr("🖼 Chart"), id="chart", on_click=on_chart),
    Row(
        Button(Tr("📥 Export XLSX"), id="xlsx", on_click=on_export),
        Button(Tr("📥 Export CSV"), id="csv", on_click=on_export),
    ),
    MAIN_MENU,
    state=Statistics.main,
    getter=statistics_getter,
)


def dialog() -> Dialog:
    return Dialog(MAIN)
