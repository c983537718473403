"""/status: the cases the user may see, overdue first, paged; /status NUMBER or a tap shows one case:
number, initials, status, next step with its deadline and paragraph. No other personal data."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import Dialog, DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Format

from bot.i18n import format_date
from bot.standard import N_, clock
from bot.standard.lifecycle import NEXT_STEPS, STATUS_TITLES

from .context import actor, locale, start_value, store
from .states import CaseStatus
from .widgets import ERROR, MAIN_MENU, Screen, Tr, case_button_text, choice, due_line, page_after, page_data, pager

MAX_NUMBER = 20


def status_router() -> Router:
    router = Router(name="status")

    @router.message(Command("status"))
    async def status(message: Message, command: CommandObject, dialog_manager: DialogManager) -> None:
        number = (command.args or "").strip()[:MAX_NUMBER]
        if number:
            await dialog_manager.start(CaseStatus.one, data={"number": number}, mode=StartMode.RESET_STACK)
        else:
            await dialog_manager.start(CaseStatus.list, mode=StartMode.RESET_STACK)

    return router


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    page = await store(dialog_manager).status_page(actor(dialog_manager), after=page_after(dialog_manager))
    today = clock.today()
    return {
        "cases": [
            {
                "number": line.number,
                "text": case_button_text(line, today, line.initials, gettext(STATUS_TITLES[line.status])),
            }
            for line in page.lines
        ],
        "count": page.total,
        "overdue": page.overdue,
        "none": not page.lines,
        **page_data(dialog_manager, page),
    }


async def one_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    number = dialog_manager.dialog_data.get("number") or start_value(dialog_manager, "number") or ""
    lines = await store(dialog_manager).status_lines(actor(dialog_manager), number=number)
    if not lines:
        return {"found": False, "missing": True, "number": number, "recipients": ""}
    line = lines[0]
    recipients = await store(dialog_manager).recipients_of(actor(dialog_manager), line.id)
    return {
        "recipients": "\n".join(recipient_line(view) for view in recipients),
        "found": True,
        "missing": False,
        "number": line.number,
        "initials": line.initials or "—",
        "status": gettext(STATUS_TITLES[line.status]),
        "next_step": gettext(NEXT_STEPS[line.status]),
        "due": due_line(line.deadline, clock.today()) or gettext("No deadline is running."),
    }


def recipient_line(view: Any) -> str:
    """Where a recipient of services is in their resocialization, in one line."""
    if view.ending:
        stage = gettext(N_("services ended on {date}")).format(date=format_date(view.ending.ended_on, locale()))
    elif view.suspended_since:
        stage = gettext(N_("in a health-care facility: services suspended"))
    elif view.plan:
        quarters = sorted({m.quarter for m in view.monitoring})
        stage = gettext(N_("plan version {version} in force; quarters recorded: {quarters}")).format(
            version=view.plan.version, quarters=", ".join(map(str, quarters)) or "—"
        )
    elif view.draft:
        stage = gettext(N_("the plan awaits the head's approval"))
    elif view.needs:
        stage = gettext(N_("needs assessed; the plan is to be drawn up"))
    else:
        stage = gettext(N_("the needs assessment is to be done"))
    due = due_line(view.dues[0], clock.today()) if view.dues else ""
    return f"• {view.number}: {stage}" + (f"\n  {due}" if due else "")


async def on_case(callback: CallbackQuery, _w: Any, manager: DialogManager, number: str) -> None:
    manager.dialog_data["number"] = number
    await manager.switch_to(CaseStatus.one)


async def on_list(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.start(CaseStatus.list, mode=StartMode.RESET_STACK)


LIST = Screen(
    ERROR,
    Tr("Status of cases: {count}, overdue: {overdue}. Tap one for details."),
    Tr("\nThere are no cases for you to see.", when="none"),
    choice("case", "cases", on_case, key="number"),
    pager(),
    MAIN_MENU,
    state=CaseStatus.list,
    getter=list_getter,
)
ONE = Screen(
    ERROR,
    Tr("Case {number} · {initials}\nStatus: {status}\n\n{next_step}\n\n{due}", when="found"),
    Format("\n{recipients}", when="recipients"),
    Tr("There is no case {number} among the cases you may see.", when="missing"),
    Row(Button(Tr("⬅ All cases"), id="list", on_click=on_list), MAIN_MENU),
    state=CaseStatus.one,
    getter=one_getter,
)
WINDOWS = (
    LIST,
    ONE,
)


def dialog() -> Dialog:
    return Dialog(*WINDOWS)
