"""The report (Annex 8, para 14-1): date and time, venue, circumstances, what happened (in as many
messages as needed, shown back for review and edit), and the person authorized for identification."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import Dialog, DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Format

from bot.i18n import format_datetime
from bot.standard import N_, clock
from bot.standard.person import DateProblem, parse_date_time
from bot.store import CaseView

from .context import actor, case_id, locale, store
from .inputs import DATE_PROBLEMS, MAX_REASON, InputError, clean_name, clean_text, text_step
from .states import Documents, Menu, ReportForm
from .widgets import ERROR, Screen, Tr, back, go, replace_with

DATE_TIME_FORMAT = N_("Type the date and time as dd.mm.yyyy hh:mm, for example 21.03.2026 14:30.")
PAGE = 3500  # characters of the narrative per review screen, well inside Telegram's 4096


async def _case(manager: DialogManager) -> CaseView:
    return await store(manager).case(actor(manager), case_id(manager))


def _narrative(case: CaseView) -> list[str]:
    return list(case.report.narrative) if case.report else []


def pages(parts: list[str]) -> list[tuple[int, str]]:
    """The narrative cut into screens: (part index, text) with no screen over ``PAGE`` characters."""
    return [
        (index, part[start : start + PAGE])
        for index, part in enumerate(parts)
        for start in range(0, max(len(part), 1), PAGE)
    ]


async def report_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case = await _case(dialog_manager)
    report = case.report
    parts = _narrative(case)
    held_at = report.held_at if report and report.held_at else case.created_at
    page_list = pages(parts)
    page = min(int(dialog_manager.dialog_data.get("page", 0)), max(len(page_list) - 1, 0))
    part_index, page_text = page_list[page] if page_list else (0, "")
    saved = dialog_manager.dialog_data.pop("saved", None)
    return {
        "number": case.number,
        "practice": case.practice,
        "held_at": format_datetime(held_at, locale(), "short"),
        "organization": case.organization_name,
        "parts": len(parts),
        "characters": sum(len(p) for p in parts),
        "has_parts": bool(parts),
        "page": page + 1,
        "pages": len(page_list),
        "part": part_index + 1,
        "page_text": page_text,
        "has_prev": page > 0,
        "has_next": page + 1 < len(page_list),
        "authorized": case.specialist_name,
        "has_authorized": bool(case.specialist_name),
        "saved_line": gettext("✓ Saved and removed from the chat.\n") if saved else "",
    }


HEADER = Tr("Report (Annex 8) · case {number}\n")


# --- 4. date and time ----------------------------------------------------------------------------


async def on_held_at_ok(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await _case(manager)
    held_at = case.report.held_at if case.report and case.report.held_at else case.created_at
    await store(manager).update_report(actor(manager), case.id, held_at=held_at)
    await manager.switch_to(ReportForm.venue)


async def on_held_at(message: Message, manager: DialogManager) -> None:
    value = parse_date_time(clean_text(message, 30), clock.TZ)
    if isinstance(value, DateProblem):
        raise InputError(DATE_TIME_FORMAT if value is DateProblem.FORMAT else DATE_PROBLEMS[value])
    if value > clock.now():
        raise InputError(DATE_PROBLEMS[DateProblem.FUTURE])
    await store(manager).update_report(actor(manager), case_id(manager), held_at=value)
    await manager.switch_to(ReportForm.venue)


# --- 5, 6. venue and circumstances ------------------------------------------------------------------


async def on_venue(message: Message, manager: DialogManager) -> None:
    venue = clean_text(message, MAX_REASON)
    await store(manager).update_report(actor(manager), case_id(manager), venue=venue)
    manager.dialog_data["saved"] = True
    await manager.switch_to(ReportForm.circumstances)


async def on_circumstances(message: Message, manager: DialogManager) -> None:
    text = clean_text(message, None, keep_lines=True)
    await store(manager).update_report(actor(manager), case_id(manager), circumstances=text)
    manager.dialog_data["saved"] = True
    await manager.switch_to(ReportForm.narrative)


# --- 7. what happened --------------------------------------------------------------------------------


async def on_narrative_part(message: Message, manager: DialogManager) -> None:
    text = clean_text(message, None, keep_lines=True)
    case = await _case(manager)
    await store(manager).update_report(actor(manager), case.id, narrative=[*_narrative(case), text])
    manager.dialog_data["saved"] = True


async def on_narrative_done(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await _case(manager)
    if not _narrative(case):
        manager.dialog_data["error"] = gettext("Point 7 is empty: send the account first.")
        return
    manager.dialog_data["page"] = 0
    await manager.switch_to(ReportForm.review)


async def _page_part(manager: DialogManager) -> tuple[CaseView, int]:
    case = await _case(manager)
    page_list = pages(_narrative(case))
    page = min(int(manager.dialog_data.get("page", 0)), len(page_list) - 1)
    return case, page_list[page][0]


async def on_page(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    step = 1 if button.widget_id == "next" else -1
    manager.dialog_data["page"] = max(0, int(manager.dialog_data.get("page", 0)) + step)


async def on_delete_part(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case, part = await _page_part(manager)
    parts = _narrative(case)
    del parts[part]
    await store(manager).update_report(actor(manager), case.id, narrative=parts)
    manager.dialog_data["page"] = 0
    if not parts:
        await manager.switch_to(ReportForm.narrative)


async def on_replace_part(message: Message, manager: DialogManager) -> None:
    text = clean_text(message, None, keep_lines=True)
    case, part = await _page_part(manager)
    parts = _narrative(case)
    parts[part] = text
    await store(manager).update_report(actor(manager), case.id, narrative=parts)
    manager.dialog_data["saved"] = True
    await manager.switch_to(ReportForm.review)


# --- 8. the person authorized ---------------------------------------------------------------------------


async def _finish(manager: DialogManager, name: str) -> None:
    cid = case_id(manager)
    await store(manager).update_report(actor(manager), cid, authorized_person=name)
    await store(manager).complete_report(actor(manager), cid)
    await replace_with(manager, Documents.main, {"case_id": cid})  # «⬅ Back» there: where the report began


async def on_authorized_ok(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await _case(manager)
    await _finish(manager, case.specialist_name)


async def on_authorized(message: Message, manager: DialogManager) -> None:
    await _finish(manager, clean_name(message))


# --- navigation ------------------------------------------------------------------------------------------

BACK_OF = {
    ReportForm.venue: ReportForm.held_at,
    ReportForm.circumstances: ReportForm.venue,
    ReportForm.narrative: ReportForm.circumstances,
    ReportForm.review: ReportForm.narrative,
    ReportForm.replace_part: ReportForm.review,
    ReportForm.authorized: ReportForm.review,
}


async def on_back(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    state = manager.current_context().state
    if state in BACK_OF:
        await manager.switch_to(BACK_OF[state])
    else:
        await back(callback, _b, manager)  # to the card or the saved case the report was opened from


async def on_pause(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.start(Menu.main, mode=StartMode.RESET_STACK)


NAV = Row(Button(Tr("⬅ Back"), id="back", on_click=on_back), Button(Tr("⏸ Pause"), id="pause", on_click=on_pause))


HELD_AT = Screen(
    ERROR,
    HEADER,
    Tr(
        "4. Date and time of the conversation: {held_at}\n\nTap «Correct», or type the date and time as "
        "dd.mm.yyyy hh:mm."
    ),
    Button(Tr("✔ Correct"), id="ok", on_click=on_held_at_ok),
    text_step(on_held_at),
    NAV,
    state=ReportForm.held_at,
    getter=report_getter,
)
VENUE = Screen(
    ERROR,
    HEADER,
    Tr("5. Venue: type the name and address of the institution where the conversation took place."),
    text_step(on_venue),
    NAV,
    state=ReportForm.venue,
    getter=report_getter,
)
CIRCUMSTANCES = Screen(
    ERROR,
    HEADER,
    Format("{saved_line}"),
    Tr(
        "6. Circumstances: who else was present (staff, accompanying persons, the interpreter) and what "
        "else relates to the conversation. Type it."
    ),
    text_step(on_circumstances),
    NAV,
    state=ReportForm.circumstances,
    getter=report_getter,
)
NARRATIVE = Screen(
    ERROR,
    HEADER,
    Format("{saved_line}"),
    Tr(
        "7. What happened, from the person's account: the methods of the alleged ill-treatment, when it "
        "took place, and any complaints about their physical or psychological condition.\n\nSend it in "
        "as many messages as you need; each is saved and removed from the chat. Tap «Done» when "
        "finished."
    ),
    Tr("\nSaved so far: {parts} parts, {characters} characters.", when="has_parts"),
    Button(Tr("✅ Done: review the text"), id="done", on_click=on_narrative_done),
    text_step(on_narrative_part),
    NAV,
    state=ReportForm.narrative,
    getter=report_getter,
)
REVIEW = Screen(
    ERROR,
    HEADER,
    Format("{saved_line}"),
    Tr("7. Review · screen {page} of {pages} · part {part} of {parts}\n"),
    Format("{page_text}"),
    Row(
        Button(Tr("◀ Previous"), id="prev", on_click=on_page, when="has_prev"),
        Button(Tr("Next ▶"), id="next", on_click=on_page, when="has_next"),
    ),
    Row(
        Button(Tr("✏ Replace this part"), id="replace", on_click=go(ReportForm.replace_part)),
        Button(Tr("🗑 Delete this part"), id="delete", on_click=on_delete_part),
    ),
    Button(Tr("➕ Add to the text"), id="add", on_click=go(ReportForm.narrative)),
    Button(Tr("✅ The text is right"), id="ok", on_click=go(ReportForm.authorized)),
    NAV,
    state=ReportForm.review,
    getter=report_getter,
)
REPLACE_PART = Screen(
    ERROR,
    HEADER,
    Tr("Type the new text for part {part}. It replaces the old one."),
    text_step(on_replace_part),
    NAV,
    state=ReportForm.replace_part,
    getter=report_getter,
)
AUTHORIZED = Screen(
    ERROR,
    HEADER,
    Tr(
        "8. The person authorized for identification: {authorized}\n\nTap «Confirm», or type another "
        "surname, first name and patronymic.",
        when="has_authorized",
    ),
    Tr(
        "8. Type the surname, first name and patronymic of the person authorized for identification.",
        when=lambda data, *_: not data["has_authorized"],
    ),
    Button(Tr("✔ Confirm"), id="ok", on_click=on_authorized_ok, when="has_authorized"),
    text_step(on_authorized),
    NAV,
    state=ReportForm.authorized,
    getter=report_getter,
)
WINDOWS = (
    HELD_AT,
    VENUE,
    CIRCUMSTANCES,
    NARRATIVE,
    REVIEW,
    REPLACE_PART,
    AUTHORIZED,
)


def dialog() -> Dialog:
    return Dialog(*WINDOWS)
