"""The specialist's recent cases and one case's card: number, status, next step, and the way to the
report and the documents. No personal data is shown here."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram.utils.i18n import gettext
from aiogram_dialog import Dialog, DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Button, Column, Row, Select
from aiogram_dialog.widgets.text import Format

from bot.documents.build import available
from bot.i18n import format_datetime
from bot.standard import N_
from bot.standard.lifecycle import STATUS_TITLES, Basis
from bot.store.api import REPORTABLE

from .saved import NEXT_STEPS
from .states import Cases, Documents, Menu, ReportForm, ShareForm
from .widgets import ERROR, Screen, Tr, actor, case_id, locale, store


REPORT_STATES = {"written": N_("written"), "started": N_("started, not finished"), "none": N_("not written yet")}


async def recent_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    user = actor(dialog_manager)
    if user.role == "police":
        cases = await store(dialog_manager).shared_with(user)
    else:
        cases = await store(dialog_manager).recent_cases(user)
    return {
        "title": gettext(N_("Shared with you:") if user.role == "police" else N_("Your recent cases:")),
        "cases": [{"id": c.id, "text": f"{c.number} · {gettext(STATUS_TITLES[c.status])} · "
                                      f"{format_datetime(c.updated_at, locale(), 'short')}"} for c in cases],
        "none": not cases,
    }


async def card_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case = await store(dialog_manager).case(actor(dialog_manager), case_id(dialog_manager))
    user = actor(dialog_manager)
    mine = case.specialist_id == user.id
    reportable = mine and case.status.value in REPORTABLE and case.basis is not Basis.INVESTIGATION
    report = case.report
    report_state = "written" if report and report.completed else "started" if report else "none"
    return {
        "number": case.number,
        "status": gettext(STATUS_TITLES[case.status]),
        "next_step": gettext(NEXT_STEPS[case.status]),
        "report_state": gettext(REPORT_STATES[report_state]),
        "can_write": reportable and not (report and report.completed),
        "can_edit": reportable and bool(report and report.completed),
        "has_documents": bool(available(case)),
        "can_share": user.role in ("specialist", "head") and bool(report and report.completed),
    }


async def on_case(callback: CallbackQuery, _w: Any, manager: DialogManager, cid: str) -> None:
    await manager.start(Cases.card, data={"case_id": int(cid)}, mode=StartMode.RESET_STACK)


async def on_report(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.start(ReportForm.held_at, data={"case_id": case_id(manager)}, mode=StartMode.RESET_STACK)


async def on_documents(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.start(Documents.main, data={"case_id": case_id(manager)}, mode=StartMode.RESET_STACK)


async def on_share(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.start(ShareForm.police, data={"case_id": case_id(manager)}, mode=StartMode.RESET_STACK)


async def on_recent(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.start(Cases.recent, mode=StartMode.RESET_STACK)


async def on_menu(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.start(Menu.main, mode=StartMode.RESET_STACK)


MENU = Button(Tr("🏠 Main menu"), id="menu", on_click=on_menu)


def dialog() -> Dialog:
    return Dialog(
        Screen(
            ERROR, Format("{title}"), Tr("\nThere are none yet.", when="none"),
            Column(Select(Format("{item[text]}"), id="case", item_id_getter=lambda i: i["id"], items="cases",
                          on_click=on_case)),
            MENU, state=Cases.recent, getter=recent_getter,
        ),
        Screen(
            ERROR,
            Tr("Case {number}\nStatus: {status}\nReport (Annex 8): {report_state}\n\n{next_step}"),
            Button(Tr("📝 Write the report (Annex 8)"), id="report", on_click=on_report, when="can_write"),
            Button(Tr("✏ Edit the report (Annex 8)"), id="edit", on_click=on_report, when="can_edit"),
            Button(Tr("📄 Documents"), id="documents", on_click=on_documents, when="has_documents"),
            Button(Tr("🚓 Share with internal affairs"), id="share", on_click=on_share, when="can_share"),
            Row(Button(Tr("⬅ Back to the list"), id="recent", on_click=on_recent), MENU),
            state=Cases.card, getter=card_getter,
        ),
    )
