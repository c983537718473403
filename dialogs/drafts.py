"""/drafts: the specialist's unfinished intakes with when each was last changed; continue any, or cancel
it after a confirmation (everything typed for it is erased)."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import Dialog, DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Button, Row

from bot.i18n import format_datetime

from .context import actor, locale, start_value, store
from .inputs import forget_message
from .intake import resume_intake
from .states import Drafts
from .widgets import ERROR, MAIN_MENU, Screen, Tr, back, choice, go, opened_from_another_screen


def drafts_router() -> Router:
    router = Router(name="drafts")

    @router.message(Command("drafts"))
    async def drafts(message: Message, dialog_manager: DialogManager) -> None:
        await forget_message(message)
        await dialog_manager.start(Drafts.list, mode=StartMode.RESET_STACK)

    return router


async def list_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    drafts = await store(dialog_manager).drafts(actor(dialog_manager))
    return {
        "drafts": [
            {"id": d.id, "text": f"{d.number} · {format_datetime(d.updated_at, locale(), 'short')}"} for d in drafts
        ],
        "none": not drafts,
    }


def _draft_id(manager: DialogManager) -> int:
    return int(manager.dialog_data.get("draft") or start_value(manager, "draft"))


async def draft_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    cid = _draft_id(dialog_manager)
    drafts = {d.id: d for d in await store(dialog_manager).drafts(actor(dialog_manager))}
    draft = drafts.get(cid)
    return {
        "number": draft.number if draft else "—",
        "found": draft is not None,
        "when": format_datetime(draft.updated_at, locale(), "medium") if draft else "",
    }


async def on_draft(callback: CallbackQuery, _w: Any, manager: DialogManager, cid: str) -> None:
    manager.dialog_data["draft"] = int(cid)
    await manager.switch_to(Drafts.draft)


async def on_continue(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await resume_intake(manager, _draft_id(manager))


def _from_the_intake(manager: DialogManager) -> bool:
    """The confirmation was opened from the intake's ✖ Cancel (not from this list)."""
    return "draft" not in manager.dialog_data and opened_from_another_screen(manager)


async def on_cancel(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await store(manager).cancel_draft(actor(manager), _draft_id(manager))
    if _from_the_intake(manager):
        await manager.start(Drafts.list, mode=StartMode.RESET_STACK)
    else:
        await manager.switch_to(Drafts.list)


async def on_keep(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """«No, keep it»: back to the intake step it was cancelled from, or to the draft in this list."""
    if _from_the_intake(manager):
        await back(callback, button, manager)
    else:
        await manager.switch_to(Drafts.draft)


LIST = Screen(
    ERROR,
    Tr("Unfinished intakes, the most recently changed first:"),
    Tr("\nThere are none.", when="none"),
    choice("draft", "drafts", on_draft),
    MAIN_MENU,
    state=Drafts.list,
    getter=list_getter,
)
DRAFT = Screen(
    ERROR,
    Tr("Intake {number}\nLast changed: {when}", when="found"),
    Button(Tr("▶ Continue"), id="continue", on_click=on_continue, when="found"),
    Button(Tr("✖ Cancel this intake"), id="cancel", on_click=go(Drafts.cancel), when="found"),
    Row(Button(Tr("⬅ Back to the list"), id="list", on_click=go(Drafts.list)), MAIN_MENU),
    state=Drafts.draft,
    getter=draft_getter,
)
CANCEL = Screen(
    ERROR,
    Tr(
        "Cancel intake {number}? Everything typed for it is erased; only its number and the audit trail "
        "remain. This cannot be undone."
    ),
    Button(Tr("✖ Yes, cancel it"), id="yes", on_click=on_cancel),
    Button(Tr("⬅ No, keep it"), id="no", on_click=on_keep),
    state=Drafts.cancel,
    getter=draft_getter,
)
WINDOWS = (
    LIST,
    DRAFT,
    CANCEL,
)


def dialog() -> Dialog:
    return Dialog(*WINDOWS)
