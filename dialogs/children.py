"""Accompanying children (Annex 1): each child's names, date of birth and relation to the person, step by step.
Screens of the Intake dialog (see intake.py)."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button
from aiogram_dialog.widgets.text import Format

from bot.standard.person import check_birth_date

from .context import actor, case_id, store
from .inputs import MAX_NAME, clean_name, clean_text, typed_date
from .intake import current_case, next_step, step, typed
from .person import person_getter
from .states import Intake
from .widgets import Screen, Tr


async def save_child(manager: DialogManager, then: State, *, typed_answer: bool = True, **values: Any) -> None:
    """One detail of the child being entered (``dialog_data["child"]``, its position), then the next screen."""
    position = int(manager.dialog_data.get("child", 0))
    await store(manager).set_child(actor(manager), case_id(manager), position, **values)
    manager.dialog_data["saved"] = typed_answer
    await manager.switch_to(then)


def name_step(field: str, then: State) -> Any:
    async def handler(message: Message, manager: DialogManager) -> None:
        await save_child(manager, then, **{field: clean_name(message)})  # type: ignore[arg-type]

    return handler


async def on_no_patronymic(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await save_child(manager, Intake.child_birth_date, typed_answer=False, patronymic="")


async def on_birth_date(message: Message, manager: DialogManager) -> None:
    await save_child(manager, Intake.child_relation, birth_date=typed_date(message, check_birth_date))


async def on_relation(message: Message, manager: DialogManager) -> None:
    await save_child(manager, Intake.children, relation=clean_text(message, MAX_NAME))


async def on_no_more_children(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await next_step(manager, await store(manager).finish_children(actor(manager), case_id(manager)))


async def on_add_child(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data["child"] = len((await current_case(manager)).children)
    await manager.switch_to(Intake.child_surname)


async def on_remove_child(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await store(manager).remove_last_child(actor(manager), case_id(manager))


async def children_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = await person_getter(dialog_manager, **kwargs)
    children = data["case"].children
    data.update(children=len(children), has_children=bool(children), no_children=not children)
    return data


def child_step(*widgets: Any, state: State, handler: Any) -> Screen:
    return typed(Format("{saved_line}"), *widgets, state=state, handler=handler, getter=person_getter)


CHILDREN = step(
    Format("{saved_line}"),
    Tr("Accompanying children (Annex 1): are there children who come with the person and are to be admitted too?"),
    Tr("\nChildren recorded: {children}", when="has_children"),
    Button(Tr("No accompanying children"), id="none", on_click=on_no_more_children, when="no_children"),
    Button(Tr("➕ Add a child"), id="add", on_click=on_add_child),
    Button(Tr("🗑 Remove the last child"), id="remove", on_click=on_remove_child, when="has_children"),
    Button(Tr("Continue ➡"), id="done", on_click=on_no_more_children, when="has_children"),
    state=Intake.children,
    getter=children_getter,
)
CHILD_SURNAME = child_step(
    Tr("Child: type the child's surname."),
    state=Intake.child_surname,
    handler=name_step("surname", Intake.child_first_name),
)
CHILD_FIRST_NAME = child_step(
    Tr("Child: type the child's first name."),
    state=Intake.child_first_name,
    handler=name_step("first_name", Intake.child_patronymic),
)
CHILD_PATRONYMIC = child_step(
    Tr("Child: type the child's patronymic, or tap «No patronymic»."),
    Button(Tr("No patronymic"), id="none", on_click=on_no_patronymic),
    state=Intake.child_patronymic,
    handler=name_step("patronymic", Intake.child_birth_date),
)
CHILD_BIRTH_DATE = child_step(
    Tr("Child: type the child's date of birth as dd.mm.yyyy."), state=Intake.child_birth_date, handler=on_birth_date
)
CHILD_RELATION = child_step(
    Tr("Child: type the family or other relation to the person, for example «daughter»."),
    state=Intake.child_relation,
    handler=on_relation,
)
WINDOWS = (CHILDREN, CHILD_SURNAME, CHILD_FIRST_NAME, CHILD_PATRONYMIC, CHILD_BIRTH_DATE, CHILD_RELATION)
