"""New intake: the basis and the investigation (para 13-1), and what every intake screen shares: the header, the
step navigation (⬅ Back, ⏸ Pause, ✖ Cancel) and the way on to the next missing step, all read from the step table
of ``bot.standard.intake``. The conversation's set-up is in conversation.py, the person in person.py; the sheet in
evaluation.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Button, Column, Row
from aiogram_dialog.widgets.text import Multi

from bot.i18n import AUTONYMS
from bot.standard import clock
from bot.standard.conversation import CONTRAINDICATIONS, PLACES
from bot.standard.intake import SECTIONS, STEPS, first_missing, section, step_back
from bot.standard.lifecycle import Basis, Status
from bot.standard.person import check_past_date
from bot.store import CaseView

from .context import actor, case_id, start_value, store
from .inputs import checked, clean_text, text_step, typed_date
from .states import Drafts, Evaluation, Intake, Menu, Saved
from .widgets import ERROR, Screen, Tr

STATE = {step.id: getattr(Intake, step.id) for step in STEPS}
STEP = {state: step_id for step_id, state in STATE.items()}


async def resume_intake(manager: DialogManager, cid: int) -> None:
    """Where an interrupted intake resumes: the first step not answered, the sheet, or the saved case."""
    case = await store(manager).case(actor(manager), cid)
    missing = first_missing(case) if case.status is Status.DRAFT else None
    if case.status is not Status.DRAFT:
        await manager.start(Saved.case, data={"case_id": cid}, mode=StartMode.RESET_STACK)
    elif missing is None:
        await manager.start(Evaluation.row, data={"case_id": cid}, mode=StartMode.RESET_STACK)
    else:
        await manager.start(STATE[missing], data={"case_id": cid}, mode=StartMode.RESET_STACK)
        manager.dialog_data["case_id"] = cid


async def current_case(manager: DialogManager) -> CaseView:
    return await store(manager).case(actor(manager), case_id(manager))


async def next_step(manager: DialogManager, case: CaseView) -> None:
    """Go to the first step still missing, or on to the sheet (or to the end on para 13-1)."""
    missing = first_missing(case)
    if missing is not None:
        await manager.switch_to(STATE[missing])
    elif case.basis is Basis.INVESTIGATION:
        await store(manager).close_case(actor(manager), case.id, Status.IDENTIFIED, verdict=True)
        await manager.start(Saved.case, data={"case_id": case.id}, mode=StartMode.RESET_STACK)
    else:
        await manager.start(Evaluation.row, data={"case_id": case.id}, mode=StartMode.RESET_STACK)


def has_case(manager: DialogManager) -> bool:
    return bool(manager.dialog_data.get("case_id") or (start_value(manager, "case_id")))


async def on_back(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    case = await current_case(manager) if has_case(manager) else None
    earlier = step_back(STEP[manager.current_context().state], case)
    if earlier is None:
        await manager.start(Menu.main, mode=StartMode.RESET_STACK)
    else:
        await manager.switch_to(STATE[earlier])


async def on_pause(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(Menu.main, mode=StartMode.RESET_STACK)


async def on_cancel(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """Cancel asks for a confirmation on top of the intake; «No, keep it» comes back here."""
    if not has_case(manager):
        await manager.start(Menu.main, mode=StartMode.RESET_STACK)
    else:
        await manager.start(Drafts.cancel, data={"draft": case_id(manager)})


NAV = Row(
    Button(Tr("⬅ Back"), id="back", on_click=on_back),
    Button(Tr("⏸ Pause"), id="pause", on_click=on_pause),
    Button(Tr("✖ Cancel"), id="cancel", on_click=on_cancel),
)
HEADER = Multi(ERROR, Tr("Intake {number} · step {section} of {sections}\n"), sep="")


async def header_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "sections": SECTIONS,
        "number": "…",
        "section": section(STEP[dialog_manager.current_context().state]),
    }
    if has_case(dialog_manager):
        case = await current_case(dialog_manager)
        data.update(
            case=case,
            number=case.number,
            practice=case.practice,
            interview_language=AUTONYMS.get(case.interview_language or "", case.interview_language or ""),
            contraindication_list="\n".join(
                f"{n}. {gettext(item.text)}" for n, item in enumerate(CONTRAINDICATIONS, 1)
            ),
            places=[{"id": p.id, "text": gettext(p.text)} for p in PLACES],
        )
    return data


def step(*widgets: Any, state: State, getter: Any = header_getter) -> Screen:
    """A step of the intake: its header ("Intake N · step k of n"), its texts and buttons, the navigation."""
    return Screen(HEADER, *widgets, NAV, state=state, getter=getter)


def typed(*widgets: Any, state: State, handler: Any, getter: Any = header_getter) -> Screen:
    """A typed step of the intake: a step whose answer is typed."""
    return step(*widgets, text_step(handler), state=state, getter=getter)


# --- basis and investigation (para 13-1) ------------------------------------------------------------------------


async def basis_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    data["new_practice"] = bool(start_value(dialog_manager, "practice")) and not data.get("practice")
    return data


async def on_basis(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    basis, practice = Basis(button.widget_id), bool(start_value(manager, "practice"))
    if has_case(manager):
        case = await store(manager).set_basis(actor(manager), case_id(manager), basis)
    else:
        case = await store(manager).create_case(actor(manager), basis, practice=practice)
        manager.dialog_data["case_id"] = case.id
    await next_step(manager, case)


async def on_investigation_number(message: Message, manager: DialogManager) -> None:
    case = await store(manager).set_investigation(actor(manager), case_id(manager), number=clean_text(message, 50))
    await next_step(manager, case)


async def save_investigation_date(manager: DialogManager, day: date) -> None:
    case = await store(manager).set_investigation(actor(manager), case_id(manager), day=checked(day, check_past_date))
    await next_step(manager, case)


async def on_investigation_date(message: Message, manager: DialogManager) -> None:
    await save_investigation_date(manager, typed_date(message))


async def on_investigation_today(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await save_investigation_date(manager, clock.today())


BASIS = Screen(
    ERROR,
    Tr("New intake\n"),
    Tr("🎓 TRAINING — not a real case\n", when="new_practice"),
    Tr("On what basis is the person here?"),
    Column(
        Button(Tr("The person's application (Annex 1)"), id=Basis.APPLICATION.value, on_click=on_basis),
        Button(
            Tr("Written direction of the authorized body or police (para 9)"),
            id=Basis.DIRECTION.value,
            on_click=on_basis,
        ),
        Button(
            Tr("Pre-trial investigation: recognized as a victim (para 13-1)"),
            id=Basis.INVESTIGATION.value,
            on_click=on_basis,
        ),
    ),
    NAV,
    state=Intake.basis,
    getter=basis_getter,
)
INVESTIGATION_NUMBER = typed(
    Tr(
        "Para 13-1: the person is recognized as a victim in a pre-trial investigation, so the "
        "evaluation sheet is not filled in.\n\nType the register number of the investigation "
        "(in the Unified Register of Pre-trial Investigations)."
    ),
    state=Intake.investigation_number,
    handler=on_investigation_number,
)
INVESTIGATION_DATE = typed(
    Tr("Type the date the investigation was registered, as dd.mm.yyyy."),
    Button(Tr("Today"), id="today", on_click=on_investigation_today),
    state=Intake.investigation_date,
    handler=on_investigation_date,
)
WINDOWS = (BASIS, INVESTIGATION_NUMBER, INVESTIGATION_DATE)

__all__ = [
    "HEADER",
    "NAV",
    "WINDOWS",
    "current_case",
    "header_getter",
    "next_step",
    "on_cancel",
    "resume_intake",
    "step",
    "typed",
]
