"""Typed input: one text step widget that refuses what is not an answer (another kind of message, a file, a
blank, too long a text, a date that cannot be) with a clear line, deletes what was typed from the chat, and loses
nothing already stored."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput

from bot.standard import N_, clock
from bot.standard.person import DateProblem, parse_date

log = logging.getLogger(__name__)


MAX_NAME = 100
MAX_SHORT = 200
MAX_REASON = 2000


# --- typed input ------------------------------------------------------------------------------


class InputError(Exception):
    """A validation failure whose message is an msgid (shown localized, with its values)."""

    def __init__(self, msgid: str, **values: Any):
        super().__init__(msgid)
        self.msgid = msgid
        self.values = values


# What a person may send by mistake that is data too (a passport photo, a voice note of the person): removed
# from the chat like a typed answer, never stored, and explained.
MEDIA = ("photo", "document", "voice", "video", "video_note", "audio", "animation", "contact", "location", "venue")
NO_FILES = N_(
    "The bot takes no files, photos, voice or video messages, contacts or locations: this one was "
    "removed from the chat and not kept. Type the answer as text; papers and recordings stay in the case "
    "file, not in the chat."
)


def is_media(message: Message) -> bool:
    return any(getattr(message, kind, None) for kind in MEDIA)


def clean_text(message: Message, limit: int | None, *, keep_lines: bool = False) -> str:
    """The message's text, trimmed; refuses other message types, blanks and texts over ``limit``.
    With ``keep_lines`` the text keeps its paragraphs (a long account); otherwise spaces are collapsed."""
    if message.text is None:
        raise InputError(NO_FILES if is_media(message) else "Please send the answer as a text message.")
    text = message.text.strip() if keep_lines else " ".join(message.text.split())
    if not text:
        raise InputError("The answer is empty. Please type it.")
    if limit is not None and len(text) > limit:
        raise InputError(
            "That is {length} characters; the limit here is {limit}. Please shorten it.", length=len(text), limit=limit
        )
    return text


DATE_PROBLEMS = {
    DateProblem.FORMAT: N_("Type the date as dd.mm.yyyy, for example 05.03.1998."),
    DateProblem.NO_SUCH_DAY: N_("There is no such day in the calendar. Please check the date."),
    DateProblem.FUTURE: N_("The date is in the future. Please check it."),
    DateProblem.TOO_OLD: N_("That date is implausibly long ago. Please check it."),
}
DateCheck = Callable[[date, date], DateProblem | None]


def checked(day: date, check: DateCheck) -> date:
    """``day`` if ``check(day, today)`` finds no problem; otherwise the problem, as a refusal."""
    problem = check(day, clock.today())
    if problem:
        raise InputError(DATE_PROBLEMS[problem])
    return day


def typed_date(message: Message, check: DateCheck | None = None) -> date:
    """A date typed as dd.mm.yyyy, refused when malformed or (with ``check``) implausible."""
    day = parse_date(clean_text(message, 20))
    if isinstance(day, DateProblem):
        raise InputError(DATE_PROBLEMS[day])
    return checked(day, check) if check else day


def clean_name(message: Message) -> str:
    text = clean_text(message, MAX_NAME)
    if not any(ch.isalpha() for ch in text) or any(not (ch.isalpha() or ch in " -'’.") for ch in text):
        raise InputError("A name has letters, spaces, hyphens and apostrophes only.")
    return text


async def forget_message(message: Message) -> None:
    """Delete what the specialist typed once it is stored, so the chat does not keep it."""
    try:
        await message.delete()
    except TelegramBadRequest:
        log.info("could not delete a typed message (too old or already gone)")


def text_step(handler: Callable[[Message, DialogManager], Awaitable[None]]) -> MessageInput:
    """A typed step: any message type arrives here; validation errors are shown in the window,
    the typed message is removed from the chat, and nothing already stored is lost."""

    async def on_message(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
        # the previous screen goes too: the chat keeps only the current one, never what was typed
        manager.show_mode = ShowMode.DELETE_AND_SEND
        try:
            await handler(message, manager)
        except InputError as exc:
            manager.dialog_data["error"] = gettext(exc.msgid).format(**exc.values)
        finally:
            await forget_message(message)

    return MessageInput(on_message)
