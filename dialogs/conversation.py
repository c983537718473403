"""The conversation's set-up (para 13): where it takes place and the conditions of the room; the interview language
and the interpreter, with the para 40 checklist. Screens of the Intake dialog (see intake.py)."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Format

from bot.i18n import AUTONYMS
from bot.standard import guide
from bot.standard.conversation import CHECKLIST, INTERPRETER_CHECKLIST, INTERVIEW_LANGUAGES, PLACES

from .context import actor, case_id, store
from .inputs import MAX_NAME, MAX_REASON, clean_name, clean_text
from .intake import current_case, header_getter, next_step, step, typed
from .states import Intake
from .widgets import Tr, choice, for_person

PLACE_IDS = frozenset(p.id for p in PLACES)
ITEM_IDS = frozenset(i.id for i in CHECKLIST)
INTERPRETER_ITEM_IDS = frozenset(i.id for i in INTERPRETER_CHECKLIST)


def marked(items: Any, marks: Any) -> list[dict[str, str]]:
    return [{"id": i.id, "text": ("✅ " if marks.get(i.id) else "☐ ") + gettext(i.text)} for i in items]


# --- the place and the room (para 13) ----------------------------------------------------------------------------


async def on_place(callback: CallbackQuery, _w: Any, manager: DialogManager, place: str) -> None:
    if place in PLACE_IDS:
        await store(manager).set_place(actor(manager), case_id(manager), place)
        await manager.switch_to(Intake.checklist)


async def on_tick(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id in ITEM_IDS:
        await store(manager).tick_checklist_item(actor(manager), case_id(manager), item_id)


async def on_checklist_done(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    """All conditions hold: on; an unmet one needs a written reason first."""
    if (await current_case(manager)).checklist.unmet:
        await manager.switch_to(Intake.checklist_reason)
    else:
        await next_step(manager, await store(manager).confirm_checklist(actor(manager), case_id(manager)))


async def on_checklist_reason(message: Message, manager: DialogManager) -> None:
    reason = clean_text(message, MAX_REASON)
    await next_step(manager, await store(manager).confirm_checklist(actor(manager), case_id(manager), reason))


async def checklist_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    checklist = data["case"].checklist
    data["checklist_items"] = marked(CHECKLIST, checklist.marks)
    data["unmet"] = "\n".join("• " + gettext(i.text) for i in CHECKLIST if i.id in checklist.unmet)
    return data


# --- the interview language and the interpreter (para 40) --------------------------------------------------------


async def on_interview_language(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    if button.widget_id == "other":
        await manager.switch_to(Intake.other_language)
    elif button.widget_id in INTERVIEW_LANGUAGES:
        case = await store(manager).set_interview_language(actor(manager), case_id(manager), button.widget_id)
        await next_step(manager, case)


async def on_other_language(message: Message, manager: DialogManager) -> None:
    case = await store(manager).set_interview_language(actor(manager), case_id(manager), clean_name(message))
    await next_step(manager, case)


async def on_interpreter(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    present = button.widget_id == "yes"
    case = await store(manager).set_interpreter_present(actor(manager), case_id(manager), present)
    await next_step(manager, case)


async def on_interpreter_name(message: Message, manager: DialogManager) -> None:
    case = await store(manager).set_interpreter_name(actor(manager), case_id(manager), clean_name(message))
    await next_step(manager, case)


async def on_interpreter_languages(message: Message, manager: DialogManager) -> None:
    languages = clean_text(message, MAX_NAME)
    await next_step(
        manager, await store(manager).set_interpreter_languages(actor(manager), case_id(manager), languages)
    )


async def on_briefed(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await next_step(manager, await store(manager).brief_interpreter(actor(manager), case_id(manager)))


async def briefing_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    data["briefing_card"] = for_person(guide.BRIEFING, None)  # said to the interpreter, in the specialist's language
    return data


async def on_interpreter_tick(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id in INTERPRETER_ITEM_IDS:
        await store(manager).tick_interpreter_item(actor(manager), case_id(manager), item_id)


async def on_interpreter_done(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    """An interpreter who knows the person or the suspected traffickers endangers them: warned once, a second tap
    goes on."""
    interpreter = (await current_case(manager)).interpreter
    if interpreter is not None and not interpreter.essentials_met and not manager.dialog_data.get("warned"):
        manager.dialog_data["warned"] = True
    else:
        await next_step(manager, await store(manager).confirm_interpreter(actor(manager), case_id(manager)))


async def interpreter_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    interpreter = data["case"].interpreter
    data["interpreter_items"] = marked(INTERPRETER_CHECKLIST, interpreter.marks if interpreter else {})
    data["interpreter_warning"] = bool(dialog_manager.dialog_data.get("warned")) and not (
        interpreter and interpreter.essentials_met
    )
    return data


PLACE = step(
    Tr("The conversation (para 13)\n\nWhere does the conversation take place?"),
    choice("place", "places", on_place),
    state=Intake.place,
)
CHECKLIST_SCREEN = step(
    Tr(
        "Before you begin, check each condition and tap it when it holds (para 13). "
        "An unmet condition needs a written reason."
    ),
    choice("check", "checklist_items", on_tick),
    Button(Tr("Continue ➡"), id="done", on_click=on_checklist_done),
    state=Intake.checklist,
    getter=checklist_getter,
)
CHECKLIST_REASON = typed(
    Tr(
        "These conditions are not met:\n{unmet}\n\nType why the conversation goes ahead anyway. "
        "The reason is recorded on the case."
    ),
    state=Intake.checklist_reason,
    handler=on_checklist_reason,
    getter=checklist_getter,
)
INTERVIEW_LANGUAGE = step(
    Tr("In which language does the conversation with the person take place?"),
    Row(*(Button(Format(AUTONYMS[code]), id=code, on_click=on_interview_language) for code in INTERVIEW_LANGUAGES)),
    Button(Tr("Another language"), id="other", on_click=on_interview_language),
    state=Intake.interview_language,
)
OTHER_LANGUAGE = typed(
    Tr("Type the name of the language, for example Uzbek."), state=Intake.other_language, handler=on_other_language
)
INTERPRETER = step(
    Tr("Interview language: {interview_language}\n\nIs an interpreter present?"),
    Row(
        Button(Tr("Yes, an interpreter is present"), id="yes", on_click=on_interpreter),
        Button(Tr("No interpreter"), id="no", on_click=on_interpreter),
    ),
    state=Intake.interpreter,
)
INTERPRETER_NAME = typed(
    Tr("Type the interpreter's surname and first name."), state=Intake.interpreter_name, handler=on_interpreter_name
)
INTERPRETER_LANGUAGE = typed(
    Tr("✓ Saved and removed from the chat.\n"),
    Tr("Between which languages does the interpreter translate? For example: Uzbek – Russian."),
    state=Intake.interpreter_language,
    handler=on_interpreter_languages,
)
INTERPRETER_BRIEFING = step(
    Tr(
        "Brief the interpreter before the person comes in (para 40): read this to them. Sit facing the person; "
        "the interpreter sits beside you or slightly behind the person.\n"
    ),
    Format("{briefing_card}"),
    Button(Tr("✅ Done: the interpreter is briefed"), id="briefed", on_click=on_briefed),
    state=Intake.interpreter_briefing,
    getter=briefing_getter,
)
INTERPRETER_CHECKLIST_SCREEN = step(
    Tr("The interpreter (para 40): tap each statement that holds. The marks are recorded on the case."),
    Tr(
        "\n⚠️ An interpreter who is related to or knows the person, or has ties to the suspected "
        "traffickers, puts the person at risk: better to call another interpreter.",
        when="interpreter_warning",
    ),
    choice("interp", "interpreter_items", on_interpreter_tick),
    Button(Tr("Continue ➡"), id="done", on_click=on_interpreter_done),
    state=Intake.interpreter_checklist,
    getter=interpreter_getter,
)
WINDOWS = (
    PLACE,
    CHECKLIST_SCREEN,
    CHECKLIST_REASON,
    INTERVIEW_LANGUAGE,
    OTHER_LANGUAGE,
    INTERPRETER,
    INTERPRETER_NAME,
    INTERPRETER_LANGUAGE,
    INTERPRETER_BRIEFING,
    INTERPRETER_CHECKLIST_SCREEN,
)
