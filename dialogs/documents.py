"""The case's documents: Annexes 1, 2 and 8 as PDF, in a document language chosen apart from the
interface language, sent with protect_content. Each export is audited."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram_dialog import Dialog, DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button, Row

from bot.config import LOCALES
from bot.documents import filename, render
from bot.documents.build import (
    ANNEX1,
    ANNEX2,
    ANNEX3,
    ANNEX8,
    NOTICE21,
    available,
    document_of,
    recipient_of,
    render_kind,
)
from bot.i18n import AUTONYMS
from bot.standard import N_
from bot.standard.roles import Role

from .context import actor, case_id, i18n, locale, store
from .states import Documents
from .widgets import ERROR, MAIN_MENU, Screen, Tr, back, choice

log = logging.getLogger(__name__)

TITLES = {
    ANNEX1: N_("📄 Application (Annex 1)"),
    ANNEX2: N_("📄 Evaluation sheet (Annex 2)"),
    ANNEX8: N_("📄 Report (Annex 8)"),
    ANNEX3: N_("📄 Resocialization agreement (Annex 3)"),
    NOTICE21: N_("📄 Information to internal affairs (para 21)"),
}
CARD_TITLE = N_("📄 Registration card (Annex 4) · {number}")


def title(case: Any, kind: str) -> str:
    """A document's button: the registration cards name their recipient's number."""
    if kind in TITLES:
        return i18n().gettext(TITLES[kind])
    return i18n().gettext(CARD_TITLE).format(number=recipient_of(case, kind).number)


def _doc_locale(manager: DialogManager) -> str:
    return manager.dialog_data.get("doc_locale") or locale()


def _allowed(manager: DialogManager, case: Any) -> tuple[str, ...]:
    """Law enforcement agencies receive the report that was shared with them, nothing else."""
    kinds = available(case)
    return tuple(k for k in kinds if k == ANNEX8) if actor(manager).role == Role.POLICE else kinds


async def documents_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    case = await store(dialog_manager).open_case(actor(dialog_manager), case_id(dialog_manager))
    chosen = _doc_locale(dialog_manager)
    kinds = _allowed(dialog_manager, case)
    return {
        "number": case.number,
        "practice": case.practice,
        "doc_language": AUTONYMS[chosen],
        "languages": [{"id": code, "text": ("✓ " if code == chosen else "") + AUTONYMS[code]} for code in LOCALES],
        "kinds": [{"id": kind, "text": title(case, kind)} for kind in kinds],
        "several": len(kinds) > 1,
        "none": not kinds,
    }


async def on_language(callback: CallbackQuery, _w: Any, manager: DialogManager, code: str) -> None:
    if code in LOCALES:
        manager.dialog_data["doc_locale"] = code


async def _send(callback: CallbackQuery, manager: DialogManager, kinds: list[str]) -> None:
    doc_locale = _doc_locale(manager)
    catalogs = i18n()
    for kind in kinds:
        case = await store(manager).case_for_document(actor(manager), case_id(manager), kind, doc_locale)
        if kind not in _allowed(manager, case):
            continue
        doc, form = document_of(case, kind), render_kind(kind)
        # rendering takes a tenth of a second or more: keep the event loop free for other users
        pdf = await asyncio.to_thread(
            render, form, doc, doc_locale, lambda msgid: catalogs.gettext(msgid, locale=doc_locale)
        )
        await manager.middleware_data["bot"].send_document(
            callback.from_user.id, BufferedInputFile(pdf, filename(form, doc, doc_locale)), protect_content=True
        )
    manager.show_mode = ShowMode.SEND  # the menu goes below the documents


async def on_kind(callback: CallbackQuery, _w: Any, manager: DialogManager, kind: str) -> None:
    await _send(callback, manager, [kind])  # a kind the case does not have (a forged button) sends nothing


async def on_all(callback: CallbackQuery, _b: Button, manager: DialogManager) -> None:
    case = await store(manager).case(actor(manager), case_id(manager))
    await _send(callback, manager, list(_allowed(manager, case)))


MAIN = Screen(
    ERROR,
    Tr(
        "Documents of case {number}\nDocument language: {doc_language}\n\nThe documents are confidential: "
        "they cannot be forwarded or saved from this chat."
    ),
    Tr("\nThere are no documents for this case yet.", when="none"),
    choice("lang", "languages", on_language, layout=Row),
    choice("kind", "kinds", on_kind),
    Button(Tr("📚 All documents"), id="all", on_click=on_all, when="several"),
    Row(Button(Tr("⬅ Back"), id="back", on_click=back), MAIN_MENU),
    state=Documents.main,
    getter=documents_getter,
)
WINDOWS = (MAIN,)


def dialog() -> Dialog:
    return Dialog(*WINDOWS)
