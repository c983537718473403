"""New intake: basis, conversation set-up (para 13), languages and interpreter, consent (Annex 1),
the person (para 5) and medical contraindications (para 6). The sheet is in evaluation.py."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import Dialog, DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Button, Column, Row, Select
from aiogram_dialog.widgets.text import Format, Multi

from bot.i18n import AUTONYMS
from bot.standard import N_, clock
from bot.standard.conversation import (
    CHECKLIST,
    CONTRAINDICATIONS,
    INTERPRETER_CHECKLIST,
    INTERPRETER_ESSENTIAL,
    INTERVIEW_LANGUAGES,
    PLACES,
    unmet,
)
from bot.standard.lifecycle import Basis, Status
from bot.standard.person import (
    Citizenship,
    Sex,
    check_birth_date,
    check_past_date,
)
from bot.store import CaseView

from .context import actor, case_id, store
from .inputs import MAX_NAME, MAX_REASON, InputError, checked, clean_name, clean_text, text_step, typed_date
from .states import Drafts, Evaluation, Intake, Menu, Saved
from .widgets import ERROR, PastDateCalendar, Screen, Tr, for_person, go

SECTIONS = 7  # basis, conversation, language, consent, person, health, sheet

# The main steps in order; sub-steps (reasons, names) hang off them.
ORDER: list[State] = [
    Intake.basis,
    Intake.investigation_number,
    Intake.investigation_date,
    Intake.place,
    Intake.checklist,
    Intake.interview_language,
    Intake.interpreter,
    Intake.consent,
    Intake.surname,
    Intake.first_name,
    Intake.patronymic,
    Intake.birth_date,
    Intake.sex,
    Intake.citizenship,
    Intake.documents,
    Intake.children,
    Intake.contraindications,
]
PARENT: dict[State, State] = {
    Intake.checklist_reason: Intake.checklist,
    Intake.other_language: Intake.interview_language,
    Intake.interpreter_name: Intake.interpreter,
    Intake.interpreter_language: Intake.interpreter_name,
    Intake.interpreter_checklist: Intake.interpreter_language,
    Intake.birth_calendar: Intake.birth_date,
    Intake.consent_refused: Intake.consent,
    Intake.not_eligible: Intake.citizenship,
    Intake.referral: Intake.contraindications,
    Intake.child_surname: Intake.children,
    Intake.child_first_name: Intake.child_surname,
    Intake.child_patronymic: Intake.child_first_name,
    Intake.child_birth_date: Intake.child_patronymic,
    Intake.child_relation: Intake.child_birth_date,
}


def _applies(state: State, case: CaseView | None) -> bool:
    if state in (Intake.investigation_number, Intake.investigation_date):
        return case is not None and case.basis is Basis.INVESTIGATION
    return True


def first_missing(case: CaseView) -> State | None:
    """The first step whose answer is not in the store: where an interrupted intake resumes."""
    inv = case.investigation or {}
    person = case.person
    missing = {
        Intake.investigation_number: not inv.get("number"),
        Intake.investigation_date: not inv.get("date"),
        Intake.place: not (case.checklist or {}).get("place"),
        Intake.checklist: "items" not in (case.checklist or {}),
        Intake.interview_language: not case.interview_language,
        Intake.interpreter: case.interpreter is None,
        Intake.consent: not case.consent,
        Intake.surname: not person.surname,
        Intake.first_name: not person.first_name,
        Intake.patronymic: person.patronymic is None,
        Intake.birth_date: person.birth_date is None,
        Intake.sex: not person.sex,
        Intake.citizenship: not person.citizenship,
        Intake.documents: not person.has_documents,
        Intake.children: not case.children_done,
        Intake.contraindications: case.contraindications is None,
    }
    for state in ORDER[1:]:
        if _applies(state, case) and missing.get(state):
            return state
        if state is Intake.interpreter and (case.interpreter or {}).get("present"):
            interpreter = case.interpreter
            for sub, key in (
                (Intake.interpreter_name, "name"),
                (Intake.interpreter_language, "languages"),
                (Intake.interpreter_checklist, "checklist"),
            ):
                if key not in interpreter:
                    return sub
    return None


async def resume_intake(manager: DialogManager, cid: int) -> None:
    case = await store(manager).case(actor(manager), cid)
    if case.status is not Status.DRAFT:
        await manager.start(Saved.case, data={"case_id": cid}, mode=StartMode.RESET_STACK)
        return
    state = first_missing(case)
    if state is None:
        await manager.start(Evaluation.row, data={"case_id": cid}, mode=StartMode.RESET_STACK)
    else:
        await manager.start(state, data={"case_id": cid}, mode=StartMode.RESET_STACK)
        manager.dialog_data["case_id"] = cid


async def _case(manager: DialogManager) -> CaseView:
    return await store(manager).case(actor(manager), case_id(manager))


async def _next(manager: DialogManager, case: CaseView) -> None:
    """Go to the first step still missing, or on to the sheet (or to the end on para 13-1)."""
    state = first_missing(case)
    if state is not None:
        await manager.switch_to(state)
    elif case.basis is Basis.INVESTIGATION:
        await store(manager).close_case(actor(manager), case.id, Status.IDENTIFIED, verdict=True)
        await manager.start(Saved.case, data={"case_id": case.id}, mode=StartMode.RESET_STACK)
    else:
        await manager.start(Evaluation.row, data={"case_id": case.id}, mode=StartMode.RESET_STACK)


async def on_back(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    current = manager.current_context().state
    if current in PARENT:
        await manager.switch_to(PARENT[current])
        return
    index = ORDER.index(current)
    if index == 0:
        await manager.start(Menu.main, mode=StartMode.RESET_STACK)
        return
    case = await _case(manager)
    for state in reversed(ORDER[:index]):
        if _applies(state, case):
            await manager.switch_to(state)
            return


async def on_pause(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    await manager.start(Menu.main, mode=StartMode.RESET_STACK)


async def on_cancel(callback: CallbackQuery, _button: Button, manager: DialogManager) -> None:
    """Cancel asks for a confirmation on the drafts screen; «No» offers to continue the intake."""
    cid = manager.dialog_data.get("case_id") or (manager.start_data or {}).get("case_id")
    if not cid:
        await manager.start(Menu.main, mode=StartMode.RESET_STACK)
        return
    await manager.start(Drafts.cancel, data={"draft": int(cid)})  # on top: «No, keep it» comes back here


NAV = Row(
    Button(Tr("⬅ Back"), id="back", on_click=on_back),
    Button(Tr("⏸ Pause"), id="pause", on_click=on_pause),
    Button(Tr("✖ Cancel"), id="cancel", on_click=on_cancel),
)


# --- getters ---------------------------------------------------------------------------------------


async def header_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    state = dialog_manager.current_context().state
    section = _section(state)
    data: dict[str, Any] = {"section": section, "sections": SECTIONS, "number": "…"}
    if dialog_manager.dialog_data.get("case_id") or (dialog_manager.start_data or {}).get("case_id"):
        case = await _case(dialog_manager)
        data.update(_case_data(case))
    return data


def _section(state: State) -> int:
    main = state
    while main in PARENT:
        main = PARENT[main]
    index = ORDER.index(main)
    return 1 + sum(
        index >= ORDER.index(s)
        for s in (Intake.place, Intake.interview_language, Intake.consent, Intake.surname, Intake.contraindications)
    )


def _case_data(case: CaseView) -> dict[str, Any]:
    return {
        "number": case.number,
        "practice": case.practice,
        "interview_language": AUTONYMS.get(case.interview_language or "", case.interview_language or ""),
        "contraindication_list": "\n".join(f"{n}. {gettext(item.text)}" for n, item in enumerate(CONTRAINDICATIONS, 1)),
        "places": [{"id": p.id, "text": gettext(p.text)} for p in PLACES],
    }


HEADER = Multi(ERROR, Tr("Intake {number} · step {section} of {sections}\n"), sep="")


async def basis_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    data["new_practice"] = bool((dialog_manager.start_data or {}).get("practice")) and not data.get("practice")
    return data


# --- basis -----------------------------------------------------------------------------------------


async def on_basis(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    basis = Basis(button.widget_id)
    if manager.dialog_data.get("case_id"):
        case = await store(manager).update_case(actor(manager), case_id(manager), basis=basis)
    else:
        practice = bool((manager.start_data or {}).get("practice"))
        case = await store(manager).create_case(actor(manager), basis, practice=practice)
        manager.dialog_data["case_id"] = case.id
    await _next(manager, case)


# --- investigation (para 13-1) ---------------------------------------------------------------------


async def on_investigation_number(message: Message, manager: DialogManager) -> None:
    number = clean_text(message, 50)
    case = await _case(manager)
    investigation = dict(case.investigation or {}, number=number)
    case = await store(manager).update_case(actor(manager), case.id, investigation=investigation)
    await _next(manager, case)


async def _save_investigation_date(manager: DialogManager, day: date) -> None:
    checked(day, check_past_date)
    case = await _case(manager)
    investigation = dict(case.investigation or {}, date=day.isoformat())
    case = await store(manager).update_case(actor(manager), case.id, investigation=investigation)
    await _next(manager, case)


async def on_investigation_date(message: Message, manager: DialogManager) -> None:
    await _save_investigation_date(manager, typed_date(message))


async def on_investigation_today(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _save_investigation_date(manager, clock.today())


# --- conversation set-up (para 13) -------------------------------------------------------------------


async def on_place(callback: CallbackQuery, _w: Any, manager: DialogManager, place: str) -> None:
    if place not in {p.id for p in PLACES}:
        return
    case = await _case(manager)
    await store(manager).update_case(actor(manager), case.id, checklist=dict(case.checklist or {}, place=place))
    await manager.switch_to(Intake.checklist)


async def on_toggle_item(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in {i.id for i in CHECKLIST}:
        return
    case = await _case(manager)
    checklist = dict(case.checklist or {})
    items = dict(checklist.get("items") or checklist.get("draft") or {})
    items[item_id] = not items.get(item_id, False)
    checklist.pop("items", None)
    checklist["draft"] = items
    await store(manager).update_case(actor(manager), case.id, checklist=checklist)


async def on_checklist_done(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await _case(manager)
    checklist = dict(case.checklist or {})
    items = {i.id: bool((checklist.get("draft") or checklist.get("items") or {}).get(i.id)) for i in CHECKLIST}
    if unmet(items):
        checklist["draft"] = items
        await store(manager).update_case(actor(manager), case.id, checklist=checklist)
        await manager.switch_to(Intake.checklist_reason)
        return
    checklist.pop("draft", None)
    checklist.pop("reason", None)
    checklist["items"] = items
    case = await store(manager).update_case(actor(manager), case.id, checklist=checklist)
    await _next(manager, case)


async def on_checklist_reason(message: Message, manager: DialogManager) -> None:
    reason = clean_text(message, MAX_REASON)
    case = await _case(manager)
    checklist = dict(case.checklist or {})
    checklist["items"] = checklist.pop("draft", {})
    checklist["reason"] = reason
    case = await store(manager).update_case(actor(manager), case.id, checklist=checklist)
    await _next(manager, case)


async def checklist_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    case = await _case(dialog_manager)
    checklist = case.checklist or {}
    items = checklist.get("draft") or checklist.get("items") or {}
    data["checklist_items"] = [
        {"id": item.id, "text": ("✅ " if items.get(item.id) else "☐ ") + gettext(item.text)} for item in CHECKLIST
    ]
    data["unmet"] = "\n".join("• " + gettext(i.text) for i in CHECKLIST if not items.get(i.id))
    return data


# --- interview language and interpreter --------------------------------------------------------------


async def on_interview_language(callback: CallbackQuery, _w: Any, manager: DialogManager, code: str) -> None:
    if code == "other":
        await manager.switch_to(Intake.other_language)
        return
    if code not in INTERVIEW_LANGUAGES:
        return
    case = await store(manager).update_case(actor(manager), case_id(manager), interview_language=code)
    await _next(manager, case)


async def on_other_language(message: Message, manager: DialogManager) -> None:
    name = clean_name(message)
    case = await store(manager).update_case(actor(manager), case_id(manager), interview_language=name)
    await _next(manager, case)


async def on_interpreter(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    present = button.widget_id == "yes"
    case = await _case(manager)
    interpreter = dict(case.interpreter or {}, present=present) if present else {"present": False}
    case = await store(manager).update_case(actor(manager), case.id, interpreter=interpreter)
    if present:
        await manager.switch_to(Intake.interpreter_name)
    else:
        await _next(manager, case)


async def on_interpreter_name(message: Message, manager: DialogManager) -> None:
    name = clean_name(message)
    case = await _case(manager)
    await store(manager).update_case(
        actor(manager), case.id, interpreter=dict(case.interpreter or {}, present=True, name=name)
    )
    await manager.switch_to(Intake.interpreter_language)


async def on_interpreter_language(message: Message, manager: DialogManager) -> None:
    languages = clean_text(message, MAX_NAME)
    case = await _case(manager)
    await store(manager).update_case(
        actor(manager), case.id, interpreter=dict(case.interpreter or {}, languages=languages, draft={})
    )
    await manager.switch_to(Intake.interpreter_checklist)


async def on_toggle_interpreter_item(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in {i.id for i in INTERPRETER_CHECKLIST}:
        return
    case = await _case(manager)
    interpreter = dict(case.interpreter or {})
    draft = dict(interpreter.get("draft") or {})
    draft[item_id] = not draft.get(item_id, False)
    interpreter["draft"] = draft
    await store(manager).update_case(actor(manager), case.id, interpreter=interpreter)


async def on_interpreter_checklist_done(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await _case(manager)
    interpreter = dict(case.interpreter or {})
    draft = interpreter.get("draft") or {}
    if not all(draft.get(i) for i in INTERPRETER_ESSENTIAL) and not manager.dialog_data.get("interpreter_warned"):
        manager.dialog_data["interpreter_warned"] = True  # warn once; a second tap goes on
        return
    interpreter.pop("draft", None)
    interpreter["checklist"] = {item.id: bool(draft.get(item.id)) for item in INTERPRETER_CHECKLIST}
    case = await store(manager).update_case(actor(manager), case.id, interpreter=interpreter)
    await _next(manager, case)


async def interpreter_checklist_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    case = await _case(dialog_manager)
    interpreter = case.interpreter or {}
    marks = interpreter.get("draft") or interpreter.get("checklist") or {}
    data["interpreter_items"] = [
        {"id": item.id, "text": ("✅ " if marks.get(item.id) else "☐ ") + gettext(item.text)}
        for item in INTERPRETER_CHECKLIST
    ]
    data["interpreter_warning"] = bool(dialog_manager.dialog_data.get("interpreter_warned")) and not all(
        marks.get(i) for i in INTERPRETER_ESSENTIAL
    )
    return data


# --- consent (Annex 1) ---------------------------------------------------------------------------------


async def on_consent(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await store(manager).set_consent(actor(manager), case_id(manager), True)
    await _next(manager, case)


async def on_consent_refused(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    cid = case_id(manager)
    await store(manager).set_consent(actor(manager), cid, False)
    await manager.start(Saved.case, data={"case_id": cid}, mode=StartMode.RESET_STACK)


CONSENT_STATEMENT = N_(
    "«I consent to the collection and processing of my personal data necessary for the "
    "provision of special social services.»"
)


async def consent_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    case = await _case(dialog_manager)
    data["consent_card"] = for_person(CONSENT_STATEMENT, case.interview_language)
    return data


# --- the person (para 5) -------------------------------------------------------------------------------


def _name_step(field: str):
    async def handler(message: Message, manager: DialogManager) -> None:
        value = clean_name(message)
        case = await store(manager).set_person(actor(manager), case_id(manager), **{field: value})
        manager.dialog_data["saved"] = field
        await _next(manager, case)

    return handler


async def on_no_patronymic(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await store(manager).set_person(actor(manager), case_id(manager), patronymic="")
    await _next(manager, case)


async def _save_birth_date(manager: DialogManager, day: date) -> None:
    checked(day, check_birth_date)
    case = await store(manager).set_person(actor(manager), case_id(manager), birth_date=day)
    manager.dialog_data["saved"] = "birth_date"
    await _next(manager, case)


async def on_birth_date(message: Message, manager: DialogManager) -> None:
    await _save_birth_date(manager, typed_date(message))


async def on_birth_calendar(callback: CallbackQuery, _w: Any, manager: DialogManager, day: date) -> None:
    try:
        await _save_birth_date(manager, day)
    except InputError as exc:
        manager.dialog_data["error"] = gettext(exc.msgid)


async def on_sex(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    case = await store(manager).set_person(actor(manager), case_id(manager), sex=Sex(button.widget_id).value)
    await _next(manager, case)


async def on_citizenship(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    status = Citizenship(button.widget_id)
    if not status.eligible:
        await manager.switch_to(Intake.not_eligible)
        return
    case = await store(manager).set_person(actor(manager), case_id(manager), citizenship=status.value)
    await _next(manager, case)


async def on_not_eligible(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    cid = case_id(manager)
    await store(manager).set_person(actor(manager), cid, citizenship=Citizenship.OTHER.value)
    await store(manager).close_case(actor(manager), cid, Status.NOT_ELIGIBLE)
    await manager.start(Saved.case, data={"case_id": cid}, mode=StartMode.RESET_STACK)


async def on_documents(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    case = await store(manager).set_person(actor(manager), case_id(manager), has_documents=button.widget_id)
    await _next(manager, case)


# --- accompanying children (Annex 1) ------------------------------------------------------------------


def _child_position(manager: DialogManager) -> int:
    return int(manager.dialog_data.get("child", 0))


async def on_no_children(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await store(manager).update_case(actor(manager), case_id(manager), children_done=True)
    await _next(manager, case)


async def on_add_child(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await _case(manager)
    manager.dialog_data["child"] = len(case.children)
    await manager.switch_to(Intake.child_surname)


async def on_remove_child(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await store(manager).remove_last_child(actor(manager), case_id(manager))


def _child_name_step(field: str, then: State):
    async def handler(message: Message, manager: DialogManager) -> None:
        value = clean_name(message)
        await store(manager).set_child(actor(manager), case_id(manager), _child_position(manager), **{field: value})
        manager.dialog_data["saved"] = field
        await manager.switch_to(then)

    return handler


async def on_child_no_patronymic(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await store(manager).set_child(actor(manager), case_id(manager), _child_position(manager), patronymic="")
    await manager.switch_to(Intake.child_birth_date)


async def on_child_birth_date(message: Message, manager: DialogManager) -> None:
    day = typed_date(message, check_birth_date)
    await store(manager).set_child(actor(manager), case_id(manager), _child_position(manager), birth_date=day)
    manager.dialog_data["saved"] = "birth_date"
    await manager.switch_to(Intake.child_relation)


async def on_child_relation(message: Message, manager: DialogManager) -> None:
    relation = clean_text(message, MAX_NAME)
    await store(manager).set_child(actor(manager), case_id(manager), _child_position(manager), relation=relation)
    manager.dialog_data["saved"] = "relation"
    await manager.switch_to(Intake.children)


async def children_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await person_getter(dialog_manager, **kwargs)
    case = await _case(dialog_manager)
    data["children"] = len(case.children)
    data["has_children"] = bool(case.children)
    data["no_children"] = not case.children
    return data


# --- medical contraindications (para 6) ------------------------------------------------------------------


async def on_no_contraindications(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await store(manager).update_case(actor(manager), case_id(manager), contraindications=[])
    await _next(manager, case)


async def on_toggle_contraindication(callback: CallbackQuery, _w: Any, manager: DialogManager, item_id: str) -> None:
    if item_id not in {i.id for i in CONTRAINDICATIONS}:
        return
    chosen = set(manager.dialog_data.get("contraindications", []))
    chosen ^= {item_id}
    manager.dialog_data["contraindications"] = sorted(chosen)


async def on_referral(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    chosen = manager.dialog_data.get("contraindications", [])
    if not chosen:
        manager.dialog_data["error"] = gettext("Mark at least one contraindication, or go back.")
        return
    cid = case_id(manager)
    await store(manager).update_case(actor(manager), cid, contraindications=chosen)
    await store(manager).close_case(actor(manager), cid, Status.MEDICAL_REFERRAL)
    await manager.start(Saved.case, data={"case_id": cid}, mode=StartMode.RESET_STACK)


async def referral_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    chosen = set(dialog_manager.dialog_data.get("contraindications", []))
    data["contraindication_items"] = [
        {"id": item.id, "text": ("☑️ " if item.id in chosen else "☐ ") + gettext(item.text)}
        for item in CONTRAINDICATIONS
    ]
    return data


async def person_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await header_getter(dialog_manager, **kwargs)
    saved = dialog_manager.dialog_data.pop("saved", None)
    data["saved_line"] = gettext("✓ Saved and removed from the chat.\n") if saved else ""
    return data


# --- the dialog ----------------------------------------------------------------------------------------


def _typed(*widgets: Any, state: State, handler: Any, getter: Any = header_getter) -> Any:
    return Screen(HEADER, *widgets, text_step(handler), NAV, state=state, getter=getter)


def dialog() -> Dialog:
    return Dialog(
        Screen(
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
        ),
        _typed(
            Tr(
                "Para 13-1: the person is recognized as a victim in a pre-trial investigation, so the "
                "evaluation sheet is not filled in.\n\nType the register number of the investigation "
                "(in the Unified Register of Pre-trial Investigations)."
            ),
            state=Intake.investigation_number,
            handler=on_investigation_number,
        ),
        _typed(
            Tr("Type the date the investigation was registered, as dd.mm.yyyy."),
            Button(Tr("Today"), id="today", on_click=on_investigation_today),
            state=Intake.investigation_date,
            handler=on_investigation_date,
        ),
        Screen(
            HEADER,
            Tr("The conversation (para 13)\n\nWhere does the conversation take place?"),
            Column(
                Select(
                    Format("{item[text]}"),
                    id="place",
                    item_id_getter=lambda i: i["id"],
                    items="places",
                    on_click=on_place,
                )
            ),
            NAV,
            state=Intake.place,
            getter=header_getter,
        ),
        Screen(
            HEADER,
            Tr(
                "Before you begin, check each condition and tap it when it holds (para 13). "
                "An unmet condition needs a written reason."
            ),
            Column(
                Select(
                    Format("{item[text]}"),
                    id="check",
                    item_id_getter=lambda i: i["id"],
                    items="checklist_items",
                    on_click=on_toggle_item,
                )
            ),
            Button(Tr("Continue ➡"), id="done", on_click=on_checklist_done),
            NAV,
            state=Intake.checklist,
            getter=checklist_getter,
        ),
        _typed(
            Tr(
                "These conditions are not met:\n{unmet}\n\nType why the conversation goes ahead anyway. "
                "The reason is recorded on the case."
            ),
            state=Intake.checklist_reason,
            handler=on_checklist_reason,
            getter=checklist_getter,
        ),
        Screen(
            HEADER,
            Tr("In which language does the conversation with the person take place?"),
            Row(*(Button(Format(AUTONYMS[code]), id=code, on_click=_language_button) for code in INTERVIEW_LANGUAGES)),
            Button(Tr("Another language"), id="other", on_click=_language_button),
            NAV,
            state=Intake.interview_language,
            getter=header_getter,
        ),
        _typed(
            Tr("Type the name of the language, for example Uzbek."),
            state=Intake.other_language,
            handler=on_other_language,
        ),
        Screen(
            HEADER,
            Tr("Interview language: {interview_language}\n\nIs an interpreter present?"),
            Row(
                Button(Tr("Yes, an interpreter is present"), id="yes", on_click=on_interpreter),
                Button(Tr("No interpreter"), id="no", on_click=on_interpreter),
            ),
            NAV,
            state=Intake.interpreter,
            getter=header_getter,
        ),
        _typed(
            Tr("Type the interpreter's surname and first name."),
            state=Intake.interpreter_name,
            handler=on_interpreter_name,
        ),
        _typed(
            Tr("✓ Saved and removed from the chat.\n"),
            Tr("Between which languages does the interpreter translate? For example: Uzbek – Russian."),
            state=Intake.interpreter_language,
            handler=on_interpreter_language,
        ),
        Screen(
            HEADER,
            Tr("The interpreter (para 40): tap each statement that holds. It is recorded on the case."),
            Tr(
                "\n⚠️ An interpreter who is related to or knows the person, or has ties to the suspected "
                "traffickers, puts the person at risk: consider another interpreter.",
                when="interpreter_warning",
            ),
            Column(
                Select(
                    Format("{item[text]}"),
                    id="interp",
                    item_id_getter=lambda i: i["id"],
                    items="interpreter_items",
                    on_click=on_toggle_interpreter_item,
                )
            ),
            Button(Tr("Continue ➡"), id="done", on_click=on_interpreter_checklist_done),
            NAV,
            state=Intake.interpreter_checklist,
            getter=interpreter_checklist_getter,
        ),
        Screen(
            HEADER,
            Tr("Consent to the collection and processing of personal data (Annex 1)\n"),
            Format("{consent_card}"),
            Tr("\nDoes the person consent?"),
            Column(
                Button(Tr("✅ The person consents"), id="given", on_click=on_consent),
                Button(Tr("❌ The person refuses"), id="refused", on_click=go(Intake.consent_refused)),
            ),
            NAV,
            state=Intake.consent,
            getter=consent_getter,
        ),
        Screen(
            HEADER,
            Tr(
                "Without consent the intake stops here and nothing personal is kept: only the "
                "outcome is recorded. Record the refusal?"
            ),
            Button(Tr("Record the refusal"), id="confirm", on_click=on_consent_refused),
            NAV,
            state=Intake.consent_refused,
            getter=header_getter,
        ),
        _typed(
            Tr("The person (para 5)\n\nType the person's surname."),
            state=Intake.surname,
            handler=_name_step("surname"),
            getter=person_getter,
        ),
        _typed(
            Format("{saved_line}"),
            Tr("Type the person's first name."),
            state=Intake.first_name,
            handler=_name_step("first_name"),
            getter=person_getter,
        ),
        _typed(
            Format("{saved_line}"),
            Tr("Type the person's patronymic, or tap «No patronymic»."),
            Button(Tr("No patronymic"), id="none", on_click=on_no_patronymic),
            state=Intake.patronymic,
            handler=_name_step("patronymic"),
            getter=person_getter,
        ),
        _typed(
            Format("{saved_line}"),
            Tr("Type the date of birth as dd.mm.yyyy, or pick it on the calendar."),
            Button(Tr("📅 Pick on a calendar"), id="calendar", on_click=go(Intake.birth_calendar)),
            state=Intake.birth_date,
            handler=on_birth_date,
            getter=person_getter,
        ),
        _typed(
            Tr("Pick the date of birth (tap the month to choose a year), or type it as dd.mm.yyyy."),
            PastDateCalendar("dob", on_click=on_birth_calendar),
            state=Intake.birth_calendar,
            handler=on_birth_date,
            getter=person_getter,
        ),
        Screen(
            HEADER,
            Format("{saved_line}"),
            Tr("Sex of the person:"),
            Row(
                Button(Tr("Female"), id=Sex.FEMALE.value, on_click=on_sex),
                Button(Tr("Male"), id=Sex.MALE.value, on_click=on_sex),
            ),
            NAV,
            state=Intake.sex,
            getter=person_getter,
        ),
        Screen(
            HEADER,
            Tr("Citizenship status (para 5):"),
            Column(
                Button(Tr("Citizen of Kazakhstan"), id=Citizenship.CITIZEN.value, on_click=on_citizenship),
                Button(
                    Tr("Foreigner permanently residing in Kazakhstan"),
                    id=Citizenship.PERMANENT_RESIDENT.value,
                    on_click=on_citizenship,
                ),
                Button(Tr("Stateless person"), id=Citizenship.STATELESS.value, on_click=on_citizenship),
                Button(Tr("Other (not covered by para 5)"), id=Citizenship.OTHER.value, on_click=on_citizenship),
            ),
            NAV,
            state=Intake.citizenship,
            getter=header_getter,
        ),
        Screen(
            HEADER,
            Tr(
                "Para 5 covers citizens of Kazakhstan, foreigners permanently residing in Kazakhstan "
                "and stateless persons. Record that the person is not eligible for these services? "
                "The intake ends here."
            ),
            Button(Tr("Record: not eligible"), id="confirm", on_click=on_not_eligible),
            NAV,
            state=Intake.not_eligible,
            getter=header_getter,
        ),
        Screen(
            HEADER,
            Tr("Does the person hold identity documents? Persons without documents are accepted too (para 5)."),
            Row(
                Button(Tr("Holds documents"), id="yes", on_click=on_documents),
                Button(Tr("No documents"), id="no", on_click=on_documents),
            ),
            NAV,
            state=Intake.documents,
            getter=header_getter,
        ),
        Screen(
            HEADER,
            Format("{saved_line}"),
            Tr(
                "Accompanying children (Annex 1): are there children who come with the person and are to be "
                "admitted too?"
            ),
            Tr("\nChildren recorded: {children}", when="has_children"),
            Button(Tr("No accompanying children"), id="none", on_click=on_no_children, when="no_children"),
            Button(Tr("➕ Add a child"), id="add", on_click=on_add_child),
            Button(Tr("🗑 Remove the last child"), id="remove", on_click=on_remove_child, when="has_children"),
            Button(Tr("Continue ➡"), id="done", on_click=on_no_children, when="has_children"),
            NAV,
            state=Intake.children,
            getter=children_getter,
        ),
        _typed(
            Format("{saved_line}"),
            Tr("Child: type the child's surname."),
            state=Intake.child_surname,
            handler=_child_name_step("surname", Intake.child_first_name),
            getter=person_getter,
        ),
        _typed(
            Format("{saved_line}"),
            Tr("Child: type the child's first name."),
            state=Intake.child_first_name,
            handler=_child_name_step("first_name", Intake.child_patronymic),
            getter=person_getter,
        ),
        _typed(
            Format("{saved_line}"),
            Tr("Child: type the child's patronymic, or tap «No patronymic»."),
            Button(Tr("No patronymic"), id="none", on_click=on_child_no_patronymic),
            state=Intake.child_patronymic,
            handler=_child_name_step("patronymic", Intake.child_birth_date),
            getter=person_getter,
        ),
        _typed(
            Format("{saved_line}"),
            Tr("Child: type the child's date of birth as dd.mm.yyyy."),
            state=Intake.child_birth_date,
            handler=on_child_birth_date,
            getter=person_getter,
        ),
        _typed(
            Format("{saved_line}"),
            Tr("Child: type the family or other relation to the person, for example «daughter»."),
            state=Intake.child_relation,
            handler=on_child_relation,
            getter=person_getter,
        ),
        Screen(
            HEADER,
            Tr("Medical contraindications (para 6). Does any of these apply?\n\n{contraindication_list}"),
            Column(
                Button(Tr("None of these"), id="none", on_click=on_no_contraindications),
                Button(Tr("One or more apply"), id="some", on_click=go(Intake.referral)),
            ),
            NAV,
            state=Intake.contraindications,
            getter=header_getter,
        ),
        Screen(
            HEADER,
            Tr(
                "Mark what applies. The person is then referred to a healthcare organization (para 6) and "
                "the intake ends with that outcome."
            ),
            Column(
                Select(
                    Format("{item[text]}"),
                    id="contra",
                    item_id_getter=lambda i: i["id"],
                    items="contraindication_items",
                    on_click=on_toggle_contraindication,
                )
            ),
            Button(Tr("Record the referral"), id="confirm", on_click=on_referral),
            NAV,
            state=Intake.referral,
            getter=referral_getter,
        ),
    )


async def _language_button(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await on_interview_language(callback, button, manager, button.widget_id)


__all__ = ["dialog", "first_missing", "resume_intake"]
