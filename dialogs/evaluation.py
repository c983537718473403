"""The evaluation sheet (Annex 2): one indicator per screen, then the review with block totals,
the total result and the suggested verdict, confirmed or overridden with a written reason."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import Dialog, DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.text import Format

from bot.standard import N_, clock, guide
from bot.standard.lifecycle import Status
from bot.standard.sheet import ANSWER_TITLES, Answer, block_totals, total_result
from bot.standard.verdict import RULES, Verdict, suggest
from bot.store import CaseView

from .breaks import take_break
from .context import actor, case_id, store
from .inputs import MAX_REASON, clean_text, text_step
from .intake import on_cancel, resume_intake
from .states import Evaluation, Intake, Menu, Saved
from .widgets import ERROR, Screen, Tr, for_person, go

VERDICT_TITLES = {True: N_("Recognized as a victim"), False: N_("Not recognized as a victim")}


async def _case(manager: DialogManager) -> CaseView:
    return await store(manager).case(actor(manager), case_id(manager))


def _verdict(case: CaseView) -> Verdict:
    return suggest(case.verdict_rule, case.edition, case.answers, case.age(clock.today()))


def _value(value: int | str) -> int | str:
    return gettext(value) if isinstance(value, str) else value


def verdict_lines(verdict: Verdict) -> str:
    return "\n".join(
        ("✅ " if c.met else "❌ ") + gettext(c.text).format(**{k: _value(v) for k, v in c.values.items()})
        for c in verdict.conditions
    )


# --- one indicator per screen ------------------------------------------------------------------------


async def row_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case = await _case(dialog_manager)
    rows = case.edition.rows
    position = min(case.sheet_position, len(rows) - 1)
    row = rows[position]
    block = case.edition.block_of(row.id)
    block_index = case.edition.blocks.index(block)
    current = case.answers.get(row.id)
    return {
        "number": case.number,
        "practice": case.practice,
        "block_no": block_index + 1,
        "blocks": len(case.edition.blocks),
        "block_title": gettext(block.title),
        "row_no": row.number,
        "in_block": block.rows.index(row) + 1,
        "block_rows": len(block.rows),
        "answered": len(case.answers),
        "rows": len(rows),
        "row_text": gettext(row.text),
        "current": gettext(ANSWER_TITLES[current]) if current else "",
        "has_current": current is not None,
        "complete": len(case.answers) == len(rows),
    }


async def on_answer(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    case = await _case(manager)
    rows = case.edition.rows
    position = min(case.sheet_position, len(rows) - 1)
    case = await store(manager).answer_row(
        actor(manager), case.id, rows[position].id, Answer(button.widget_id), position + 1
    )
    if case.sheet_position >= len(rows):
        await manager.switch_to(Evaluation.review)


async def on_row_back(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await _case(manager)
    position = min(case.sheet_position, len(case.edition.rows))
    if position == 0:
        await manager.start(Intake.closing, data={"case_id": case.id}, mode=StartMode.RESET_STACK)
        return
    await store(manager).set_sheet_position(actor(manager), case.id, position - 1)
    await manager.switch_to(Evaluation.row)


async def on_pause(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.start(Menu.main, mode=StartMode.RESET_STACK)


async def on_to_review(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await _case(manager)
    await store(manager).set_sheet_position(actor(manager), case.id, len(case.edition.rows))
    await manager.switch_to(Evaluation.review)


# --- the conversation guide for the current block ----------------------------------------------------


async def guide_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case = await _case(dialog_manager)
    rows = case.edition.rows
    block = case.edition.block_of(rows[min(case.sheet_position, len(rows) - 1)].id)
    return {
        "number": case.number,
        "practice": case.practice,
        "block_title": gettext(block.title),
        "reminder": for_person(guide.REMINDER, case.interview_language),
        "card": for_person(guide.first_questions(block.id), case.interview_language, ask=True),
    }


# --- review --------------------------------------------------------------------------------------------


async def review_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case = await _case(dialog_manager)
    if len(case.answers) < len(case.edition.rows):  # a stale review: send the specialist to the gap
        return {"incomplete": True, "complete": False, "number": case.number, "practice": case.practice}
    totals = block_totals(case.edition, case.answers)
    verdict = _verdict(case)
    present = {
        block.id: ", ".join(gettext(row.short) for row in block.rows if case.answers.get(row.id) is Answer.PRESENT)
        or "—"
        for block in case.edition.blocks
    }
    rule = RULES[case.verdict_rule]
    return {
        "incomplete": False,
        "complete": True,
        "number": case.number,
        "practice": case.practice,
        **{f"total_{block_id}": points for block_id, points in totals.items()},
        **{f"present_{block_id}": names for block_id, names in present.items()},
        "total": total_result(case.edition, case.answers),
        "rule": gettext(rule.title),
        "rule_description": gettext(rule.description),
        "suggested": gettext(VERDICT_TITLES[verdict.recognized]),
        "opposite": gettext(VERDICT_TITLES[not verdict.recognized]),
        "reason": verdict_lines(verdict),
        "edition": gettext(case.edition.title),
    }


async def _finish(manager: DialogManager, verdict: bool, suggested: bool, reason: str | None) -> None:
    cid = case_id(manager)
    status = Status.IDENTIFIED if verdict else Status.NOT_IDENTIFIED
    await store(manager).close_case(
        actor(manager), cid, status, suggested=suggested, verdict=verdict, override_reason=reason
    )
    await manager.start(Saved.case, data={"case_id": cid}, mode=StartMode.RESET_STACK)


async def on_confirm(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await _case(manager)
    if len(case.answers) < len(case.edition.rows):
        await resume_intake(manager, case.id)
        return
    suggested = _verdict(case).recognized
    await _finish(manager, suggested, suggested, None)


async def on_override_reason(message: Message, manager: DialogManager) -> None:
    reason = clean_text(message, MAX_REASON)
    case = await _case(manager)
    suggested = _verdict(case).recognized
    await _finish(manager, not suggested, suggested, reason)


async def on_change_answers(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await _case(manager)
    await store(manager).set_sheet_position(actor(manager), case.id, len(case.edition.rows) - 1)
    await manager.switch_to(Evaluation.row)


async def on_override(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.switch_to(Evaluation.override_reason)


async def on_override_back(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    await manager.switch_to(Evaluation.review)


async def on_start(_data: Any, manager: DialogManager) -> None:
    case = await _case(manager)
    if case.sheet_position >= len(case.edition.rows) and len(case.answers) == len(case.edition.rows):
        await manager.switch_to(Evaluation.review)


PAUSE = Button(Tr("⏸ Pause"), id="pause", on_click=on_pause)


ROW = Screen(
    ERROR,
    Tr(
        "Intake {number} · evaluation sheet\nBlock {block_no} of {blocks}: {block_title}\n"
        "Row {row_no} · {in_block} of {block_rows} in this block · {answered} of {rows} answered\n"
    ),
    Format("{row_text}"),
    Tr("\nAnswer now: {current}", when="has_current"),
    Row(*(Button(Tr(ANSWER_TITLES[a]), id=a.value, on_click=on_answer) for a in (Answer.PRESENT, Answer.ABSENT))),
    Button(Tr(ANSWER_TITLES[Answer.NOT_ESTABLISHED]), id=Answer.NOT_ESTABLISHED.value, on_click=on_answer),
    Row(
        Button(Tr("💬 Questions for this block"), id="guide", on_click=go(Evaluation.guide)),
        Button(Tr("🫶 Break"), id="break", on_click=take_break),
    ),
    Button(Tr("📋 To the results"), id="review", on_click=on_to_review, when="complete"),
    Row(
        Button(Tr("⬅ Back"), id="back", on_click=on_row_back),
        PAUSE,
        Button(Tr("✖ Cancel"), id="cancel", on_click=on_cancel),
    ),
    state=Evaluation.row,
    getter=row_getter,
)
GUIDE = Screen(
    Tr(
        "Intake {number} · conversation guide: {block_title}\n"
        "Questions of the conversation's topics that inform this block, if something is left to ask; the rows stay "
        "your judgement.\n"
    ),
    Format("{reminder}\n"),
    Format("{card}"),
    Button(Tr("⬅ Back to the row"), id="back", on_click=go(Evaluation.row)),
    Button(Tr("🫶 Break"), id="break", on_click=take_break),
    state=Evaluation.guide,
    getter=guide_getter,
)
REVIEW = Screen(
    ERROR,
    Tr(
        "Intake {number} · results of the evaluation sheet\n\n"
        "Purpose: {total_purpose} ({present_purpose})\n"
        "Actions: {total_actions} ({present_actions})\n"
        "Means: {total_means} ({present_means})\n"
        "Harm: {total_harm} ({present_harm})\n"
        "Total result: {total}\n\n"
        "Suggested verdict: {suggested}\n{reason}\n\n"
        "Rule «{rule}»: {rule_description}",
        when="complete",
    ),
    Tr("\nEdition of the procedure: {edition}", when="complete"),
    Tr("Intake {number}: some rows are not answered yet.", when="incomplete"),
    Button(Tr("✔ Confirm: {suggested}"), id="confirm", on_click=on_confirm, when="complete"),
    Button(Tr("✏ Override with a reason"), id="override", on_click=on_override, when="complete"),
    Row(Button(Tr("⬅ Change answers"), id="change", on_click=on_change_answers), PAUSE),
    state=Evaluation.review,
    getter=review_getter,
)
OVERRIDE_REASON = Screen(
    ERROR,
    Tr(
        "Intake {number}\n\nThe case will be recorded as «{opposite}», not as suggested. Type the "
        "reason for the override; it is printed on the evaluation sheet."
    ),
    text_step(on_override_reason),
    Row(Button(Tr("⬅ Back"), id="back", on_click=on_override_back), PAUSE),
    state=Evaluation.override_reason,
    getter=review_getter,
)
WINDOWS = (
    ROW,
    GUIDE,
    REVIEW,
    OVERRIDE_REASON,
)


def dialog() -> Dialog:
    return Dialog(*WINDOWS, on_start=on_start)
