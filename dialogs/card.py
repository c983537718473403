"""The registration card of one recipient of services (para 20, Annex 4), opened from the admission: every field
of the form with its answer (the IIN masked), one screen per field, tables filled row by row and cell by cell. What
the intake already has comes pre-filled; a refused value is explained and nothing entered is lost. The rules are
``bot.standard.admission``'s; this module only asks and shows."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import Dialog, DialogManager
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Format

from bot.i18n import format_date
from bot.standard import N_, clock, iin
from bot.standard.admission import (
    FIELDS,
    FIELDS_BY_ID,
    MAX_LONG,
    MAX_ROWS,
    MAX_TEXT,
    NONE_ANSWER,
    Card,
    CardError,
    Column,
    Field,
    check_cell,
)

from .context import actor, case_id, locale, start_value, store
from .inputs import InputError, clean_text, text_step, typed_date
from .states import CardForm
from .widgets import ERROR, Screen, Tr, back, choice, due_line, go

SHOWN = 60  # characters of a long answer shown in the card's overview


def _recipient_id(manager: DialogManager) -> int:
    return int(start_value(manager, "recipient"))


async def _load(manager: DialogManager, *, look: bool = False) -> tuple[Any, Any]:
    case = await store(manager).admission(actor(manager), case_id(manager), look=look)
    return case, case.recipient(_recipient_id(manager))


def _choice_text(options: Any, value: str) -> str:
    return next((gettext(c.text) for c in options if c.id == value), value)


def shown(spec: Field, card: Card) -> str:
    """A field's answer as the overview shows it: dates in the user's language, the IIN masked, tables counted."""
    if spec.id in card.unknown:
        return gettext(N_("none") if spec.id in NONE_ANSWER else N_("not known"))
    if spec.kind == "table":
        rows = card.tables.get(spec.id)
        if rows is None:
            return "—"
        return gettext("{count} entered").format(count=len(rows)) if rows else gettext("none")
    value = card.values.get(spec.id)
    if not value:
        return "—"
    day = card.date_of(spec.id) if spec.kind == "date" else None
    if day is not None:
        return format_date(day, locale())
    if spec.kind == "iin":
        return iin.masked(value)
    if spec.kind == "choice":
        return _choice_text(spec.choices, value)
    return value if len(value) <= SHOWN else value[: SHOWN - 1] + "…"


async def fields_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    look = not dialog_manager.dialog_data.get("seen")
    case, recipient = await _load(dialog_manager, look=look)
    dialog_manager.dialog_data["seen"] = True
    card, mine = recipient.card, case.specialist_id == actor(dialog_manager).id
    missing = card.missing()
    portal = next((d for d in await store(dialog_manager).deadlines_of(case) if d.rule.id == "portal_entry"), None)
    filled = ""
    if recipient.card_filled_on:
        filled = gettext("Filled on {date} by {who}.").format(
            date=format_date(recipient.card_filled_on, locale()), who=recipient.card_filled_by_name
        )
    return {
        "practice": case.practice,
        "recipient": recipient.number,
        "lines": "\n".join(f"{f.number}. {gettext(f.label)}: {shown(f, card)}" for f in FIELDS),
        "left": len(missing),
        "missing": bool(missing),
        "filled": filled,
        "portal": due_line(portal, clock.today()) if portal and not recipient.portal_entered_on else "",
        "fields": [
            {"id": f.id, "text": f"{'✓' if card.answered(f.id) else '✏'} {f.number}. {gettext(f.label)}"}
            for f in FIELDS
        ]
        if mine
        else [],
        "can_next": mine and bool(missing),
        "can_finish": mine and not missing and not recipient.card_filled_on,
    }


async def on_field(callback: CallbackQuery, _w: Any, manager: DialogManager, field_id: str) -> None:
    await _open(manager, FIELDS_BY_ID[field_id])


async def _open(manager: DialogManager, spec: Field) -> None:
    manager.dialog_data["field"] = spec.id
    await manager.switch_to(CardForm.table if spec.kind == "table" else CardForm.field)


async def _next(manager: DialogManager, card: Card, after: str | None) -> None:
    """On to the next field still to answer (after ``after`` in the form's order), or back to the card."""
    order = [f.id for f in FIELDS]
    start = order.index(after) + 1 if after else 0
    later = [f for f in card.missing() if order.index(f.id) >= start]
    if later:
        await _open(manager, later[0])
    else:
        await manager.switch_to(CardForm.fields)


async def on_next(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    _, recipient = await _load(manager)
    await _next(manager, recipient.card, None)


async def on_finish(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await store(manager).complete_card(actor(manager), case_id(manager), _recipient_id(manager))


# --- one field --------------------------------------------------------------------------------------------------


async def field_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case, recipient = await _load(dialog_manager)
    spec = FIELDS_BY_ID[dialog_manager.dialog_data["field"]]
    return {
        "practice": case.practice,
        "recipient": recipient.number,
        "title": f"{spec.number}. {gettext(spec.label)}",
        "now": shown(spec, recipient.card),
        "prompt": gettext(spec.prompt),
        "options": [{"id": c.id, "text": gettext(c.text)} for c in spec.choices],
        "none": spec.unknown and spec.id in NONE_ANSWER,
        "unknown": spec.unknown and spec.id not in NONE_ANSWER,
        "optional": spec.optional,
        "typed": spec.kind != "choice",
    }


async def _save(manager: DialogManager, value: Any) -> None:
    field_id = manager.dialog_data["field"]
    try:
        case = await store(manager).set_card_value(
            actor(manager), case_id(manager), _recipient_id(manager), field_id, value
        )
    except CardError as error:
        raise InputError(error.msgid, **{k: _value(v) for k, v in error.values.items()}) from None
    recipient = case.recipient(_recipient_id(manager))
    await _next(manager, recipient.card, field_id)


def _value(value: Any) -> Any:
    return format_date(value, locale()) if hasattr(value, "isoformat") else value


async def on_typed(message: Message, manager: DialogManager) -> None:
    spec = FIELDS_BY_ID[manager.dialog_data["field"]]
    if spec.kind == "choice":
        raise InputError("Please use the buttons on this screen.")
    if spec.kind == "date":
        await _save(manager, typed_date(message))
    else:
        limit = MAX_LONG if spec.kind == "long" else MAX_TEXT
        await _save(manager, clean_text(message, limit, keep_lines=spec.kind == "long"))


async def on_option(callback: CallbackQuery, _w: Any, manager: DialogManager, option: str) -> None:
    await _tapped(manager, option)


async def on_unknown(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _tapped(manager, None)


async def on_leave_out(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _next(manager, (await _load(manager))[1].card, manager.dialog_data["field"])


async def _tapped(manager: DialogManager, value: str | None) -> None:
    try:
        await _save(manager, value)
    except InputError as error:
        manager.dialog_data["error"] = gettext(error.msgid).format(**error.values)


# --- tables: documents, close relatives, criminal record -----------------------------------------------------


def _cell(column: Column, value: str) -> str:
    if column.kind == "date":
        return format_date(date.fromisoformat(value), locale(), "short")
    return _choice_text(column.choices, value) if column.kind == "choice" else value


def row_text(spec: Field, row: Any) -> str:
    return " · ".join(_cell(c, row[c.id]) for c in spec.columns if row.get(c.id))


async def table_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case, recipient = await _load(dialog_manager)
    spec = FIELDS_BY_ID[dialog_manager.dialog_data["field"]]
    rows = recipient.card.tables.get(spec.id)
    mine = case.specialist_id == actor(dialog_manager).id
    listed = "—" if rows is None else gettext("none")
    if rows:
        listed = "\n".join(f"{i}. {row_text(spec, r)}" for i, r in enumerate(rows, start=1))
    return {
        "practice": case.practice,
        "recipient": recipient.number,
        "title": f"{spec.number}. {gettext(spec.label)}",
        "prompt": gettext(spec.prompt),
        "rows": listed,
        "remove": [{"id": str(i), "text": f"🗑 {i + 1}"} for i in range(len(rows or ()))] if mine else [],
        "answered": mine and rows is not None,
        "can_add": mine and len(rows or ()) < MAX_ROWS,
        "can_none": mine and not rows,
    }


async def on_add(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    manager.dialog_data["row"], manager.dialog_data["column"] = {}, 0
    await manager.switch_to(CardForm.cell)


async def on_none(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    table_id = manager.dialog_data["field"]
    case = await store(manager).set_table_none(actor(manager), case_id(manager), _recipient_id(manager), table_id)
    recipient = case.recipient(_recipient_id(manager))
    await _next(manager, recipient.card, table_id)


async def on_table_next(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    _, recipient = await _load(manager)
    await _next(manager, recipient.card, manager.dialog_data["field"])


async def on_remove(callback: CallbackQuery, _w: Any, manager: DialogManager, index: str) -> None:
    await store(manager).remove_card_row(
        actor(manager), case_id(manager), _recipient_id(manager), manager.dialog_data["field"], int(index)
    )


# --- one cell of a new row ---------------------------------------------------------------------------------------


def _column(manager: DialogManager) -> Column:
    return FIELDS_BY_ID[manager.dialog_data["field"]].columns[int(manager.dialog_data.get("column") or 0)]


async def cell_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case, recipient = await _load(dialog_manager)
    spec, column = FIELDS_BY_ID[dialog_manager.dialog_data["field"]], _column(dialog_manager)
    done = len(recipient.card.tables.get(spec.id) or ())
    return {
        "practice": case.practice,
        "recipient": recipient.number,
        "title": f"{spec.number}. {gettext(spec.label)}",
        "row": done + 1,
        "column": gettext(column.label),
        "options": [{"id": c.id, "text": gettext(c.text)} for c in column.choices],
        "date": column.kind == "date",
        "optional": column.optional,
    }


async def _put(manager: DialogManager, value: Any) -> None:
    data, column = manager.dialog_data, _column(manager)
    row = dict(data.get("row") or {})
    if value is not None:
        try:
            row[column.id] = check_cell(data["field"], column.id, value, row, clock.today())
        except CardError as error:
            raise InputError(error.msgid, **error.values) from None
    data["row"] = row
    columns = FIELDS_BY_ID[data["field"]].columns
    if int(data.get("column") or 0) + 1 < len(columns):
        data["column"] = int(data.get("column") or 0) + 1
        return
    await store(manager).add_card_row(actor(manager), case_id(manager), _recipient_id(manager), data["field"], row)
    data.pop("row", None)
    await manager.switch_to(CardForm.table)


async def on_cell_typed(message: Message, manager: DialogManager) -> None:
    column = _column(manager)
    if column.kind == "choice":
        raise InputError("Please use the buttons on this screen.")
    await _put(manager, typed_date(message) if column.kind == "date" else clean_text(message, MAX_TEXT))


async def on_cell_option(callback: CallbackQuery, _w: Any, manager: DialogManager, option: str) -> None:
    await _put(manager, option)


async def on_skip(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await _put(manager, None)


TO_CARD = Button(Tr("⬅ To the card"), id="to_card", on_click=go(CardForm.fields))

FIELDS_SCREEN = Screen(
    ERROR,
    Tr("Registration card (Annex 4) · recipient of services {recipient}\n\n{lines}"),
    Tr("\nFields left to answer: {left}.", when="missing"),
    Format("\n✓ {filled}", when="filled"),
    Format("{portal}", when="portal"),
    Button(Tr("▶ Next field to answer"), id="next", on_click=on_next, when="can_next"),
    choice("field", "fields", on_field),
    Button(Tr("✅ The card is filled"), id="finish", on_click=on_finish, when="can_finish"),
    Button(Tr("⬅ Back"), id="back", on_click=back),
    state=CardForm.fields,
    getter=fields_getter,
)
FIELD = Screen(
    ERROR,
    Tr("Recipient of services {recipient}\n{title}\nNow: {now}\n\n{prompt}"),
    choice("option", "options", on_option),
    Button(Tr("None"), id="none", on_click=on_unknown, when="none"),
    Button(Tr("Not known"), id="unknown", on_click=on_unknown, when="unknown"),
    Button(Tr("Leave out"), id="leave_out", on_click=on_leave_out, when="optional"),
    text_step(on_typed),
    TO_CARD,
    state=CardForm.field,
    getter=field_getter,
)
TABLE = Screen(
    ERROR,
    Tr("Recipient of services {recipient}\n{title}\n\n{rows}\n\n{prompt}"),
    Button(Tr("➕ Add"), id="add", on_click=on_add, when="can_add"),
    Button(Tr("None"), id="none", on_click=on_none, when="can_none"),
    Button(Tr("▶ Next field to answer"), id="next", on_click=on_table_next, when="answered"),
    choice("remove", "remove", on_remove, layout=Row),
    TO_CARD,
    state=CardForm.table,
    getter=table_getter,
)
CELL = Screen(
    ERROR,
    Tr("Recipient of services {recipient}\n{title}, row {row}\n\n{column}:"),
    Tr("(as dd.mm.yyyy)", when="date"),
    choice("cell_option", "options", on_cell_option),
    Button(Tr("Skip"), id="skip", on_click=on_skip, when="optional"),
    text_step(on_cell_typed),
    Button(Tr("⬅ Cancel this row"), id="cancel_row", on_click=go(CardForm.table)),
    state=CardForm.cell,
    getter=cell_getter,
)
WINDOWS = (FIELDS_SCREEN, FIELD, TABLE, CELL)


def dialog() -> Dialog:
    return Dialog(*WINDOWS)


__all__ = ["dialog", "row_text", "shown"]
