"""🫶 A break at any moment of the conversation (the opening, the conversation and its topics, the closing, the
guide and every row of the sheet): a short grounding text for the specialist to offer, in the interview language.
It opens on top of the screen it was called from and returns there; nothing entered is touched."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Button
from aiogram_dialog.widgets.text import Format

from bot.standard import guide

from .context import actor, case_id, store
from .states import Break, Menu
from .widgets import Screen, Tr, for_person


async def take_break(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.start(Break.main, data={"case_id": case_id(manager)})


async def on_resume(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.done()


async def on_pause(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.start(Menu.main, mode=StartMode.RESET_STACK)


async def break_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case = await store(dialog_manager).case(actor(dialog_manager), case_id(dialog_manager))
    return {"number": case.number, "practice": case.practice, "card": for_person(guide.BREAK, case.interview_language)}


BREAK = Screen(
    Tr(
        "Intake {number} · 🫶 a break\n\n"
        "Stop the questions. Say what you notice, kindly. Offer a break, water or air. Do not touch the person "
        "without asking. If they seem far away, help them back to the here and now (below). Go on only if they "
        "want to; another day is fine. Offer the psychologist.\n"
    ),
    Format("{card}"),
    Tr("\nEverything entered is kept: go on where you stopped, now or later with ▶ Continue in the main menu."),
    Button(Tr("↩ Go on where we stopped"), id="resume", on_click=on_resume),
    Button(Tr("⏸ Pause the intake"), id="pause", on_click=on_pause),
    state=Break.main,
    getter=break_getter,
)


def dialog() -> Dialog:
    return Dialog(BREAK)
