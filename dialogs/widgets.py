"""Widgets and helpers shared by the dialogs."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n, gettext
from aiogram_dialog import DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.api.internal import TextWidget
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Calendar, Row, calendar_kbd
from aiogram_dialog.widgets.kbd.calendar_kbd import (
    CalendarDaysView,
    CalendarMonthView,
    CalendarScope,
    CalendarUserConfig,
    CalendarYearsView,
)
from aiogram_dialog.widgets.text import Text
from babel import Locale

from bot.config import LOCALES
from bot.i18n import AUTONYMS, format_date
from bot.standard import N_, clock
from bot.standard.person import MAX_AGE, DateProblem, parse_date
from bot.store import Actor, Store

from .states import Menu

log = logging.getLogger(__name__)


class Screen(Window):
    """A Window sent with protect_content (no forwarding, no saving), since it may show personal data.

    A screen of buttons also answers a typed message or a sticker (removed and explained), and a button
    that none of its widgets owns (an old one, or one made up) gets a line saying so instead of silence.
    """

    def __init__(self, *widgets: Any, **kwargs: Any):
        if not any(isinstance(widget, MessageInput) for widget in widgets):
            widgets = (*widgets, STRAY)
        super().__init__(PRACTICE, *widgets, protect_content=True, **kwargs)

    async def process_callback(self, callback: CallbackQuery, dialog: Any, manager: DialogManager) -> bool:
        if await super().process_callback(callback, dialog, manager):
            return True
        log.info("a button no widget owns was tapped")
        manager.dialog_data["error"] = gettext("This button is no longer active.")
        return True


ROLE_TITLES = {
    "admin": N_("Administrator"),
    "head": N_("Head of organization"),
    "specialist": N_("Specialist"),
    "officer": N_("Officer of the authorized body"),
    "police": N_("Law enforcement representative"),
}

MAX_NAME = 100
MAX_SHORT = 200
MAX_REASON = 2000


def locale() -> str:
    return I18n.get_current().current_locale


class Tr(Text):
    """A catalog string (English msgid), translated in the user's language and formatted with the
    window's data: ``Tr("Case {number} saved")``."""

    def __init__(self, msgid: str, when: Any = None):
        super().__init__(when=when)
        self.msgid = msgid

    async def _render_text(self, data: dict, manager: DialogManager) -> str:
        text = gettext(self.msgid)
        return text.format_map(data) if "{" in text else text


# Every screen of a practice intake says so first (its getter sets "practice").
PRACTICE = Tr("🎓 TRAINING — not a real case\n", when="practice")


class LocalDate(Text):
    """``data["date"]`` formatted by Babel in the user's language (for the calendar)."""

    def __init__(self, pattern: str, brackets: bool = False):
        super().__init__()
        self.pattern = pattern
        self.brackets = brackets

    async def _render_text(self, data: dict, manager: DialogManager) -> str:
        text = format_date(data["date"], locale(), self.pattern)
        return f"[ {text} ]" if self.brackets else text


def _calendar_today(tz: Any) -> date:
    return clock.now().astimezone(tz).date()


# aiogram-dialog's calendar asks the system clock for "today" (which month it opens on, which day it marks);
# the bot's today is the procedure's clock, the same in production and settable in tests.
calendar_kbd.get_today = _calendar_today


class LocalCalendar(Calendar):
    """aiogram-dialog's calendar with month and weekday names from Babel's CLDR data."""

    def _init_views(self):
        cb = self._item_callback_data
        return {
            CalendarScope.DAYS: CalendarDaysView(
                cb,
                weekday_text=LocalDate("EEEEEE"),
                header_text=LocalDate("LLLL y"),
                next_month_text=LocalDate("LLL y"),
                prev_month_text=LocalDate("LLL y"),
            ),
            CalendarScope.MONTHS: CalendarMonthView(
                cb,
                month_text=LocalDate("LLL"),
                this_month_text=LocalDate("LLL", brackets=True),
                header_text=LocalDate("y"),
            ),
            CalendarScope.YEARS: CalendarYearsView(cb),
        }


class PastDateCalendar(LocalCalendar):
    """A calendar for dates up to today (Kazakhstan time), weeks starting as the user's locale has it."""

    async def _get_user_config(self, data: dict, manager: DialogManager) -> CalendarUserConfig:
        today = clock.today()
        return CalendarUserConfig(
            firstweekday=Locale.parse(locale()).first_week_day,
            timezone=clock.TZ,
            min_date=date(today.year - MAX_AGE, 1, 1),
            max_date=today,
        )


# --- navigation ------------------------------------------------------------------------------------


def go(state: Any):
    """A click handler that switches to ``state`` within the dialog."""

    async def handler(callback: CallbackQuery, _button: Any, manager: DialogManager) -> None:
        await manager.switch_to(state)

    return handler


def open_with_case(state: Any):
    """A click handler that opens ``state``'s dialog on the current case, on top of this screen: its
    «⬅ Back» (:func:`back`) returns here, to this screen with its buttons."""

    async def handler(callback: CallbackQuery, _button: Any, manager: DialogManager) -> None:
        await manager.start(state, data={"case_id": case_id(manager)})

    return handler


def opened_from_another_screen(manager: DialogManager) -> bool:
    """Whether this dialog was opened on top of another screen (which «⬅ Back» returns to)."""
    return len(manager.current_stack().intents) > 1


async def back(callback: Any, _button: Any, manager: DialogManager) -> None:
    """«⬅ Back»: to the screen this dialog was opened from, redrawn as it was with its buttons (an officer's
    permit decision, a head's case, a list); the main menu when there is none."""
    if opened_from_another_screen(manager):
        await manager.done()
    else:
        await manager.start(Menu.main, mode=StartMode.RESET_STACK)


async def replace_with(manager: DialogManager, state: Any, data: dict[str, Any]) -> None:
    """Close this dialog and open ``state`` in its place, so that its «⬅ Back» returns to where this one was
    opened from (the report, once finished, gives way to the documents)."""
    mode = manager.show_mode
    if opened_from_another_screen(manager):
        await manager.done(show_mode=ShowMode.NO_UPDATE)
        await manager.start(state, data=data, show_mode=mode)
    else:
        await manager.start(state, data=data, mode=StartMode.RESET_STACK, show_mode=mode)


async def to_menu(callback: CallbackQuery, _button: Any, manager: DialogManager) -> None:
    await manager.start(Menu.main, mode=StartMode.RESET_STACK)


MAIN_MENU = Button(Tr("🏠 Main menu"), id="menu", on_click=to_menu)


# --- lists paged in the store (keyset pages: the first page, then where the previous one ended) -----------------


def page_after(manager: DialogManager) -> tuple[date, str] | None:
    """Where the page on the screen starts (None: the first page)."""
    starts = manager.dialog_data.get("pages") or [None]
    key = starts[-1]
    return (date.fromisoformat(key[0]), key[1]) if key else None


def page_data(manager: DialogManager, page: Any) -> dict[str, Any]:
    """Remember where the next page starts; what the pager's buttons need."""
    manager.dialog_data["next_page"] = [page.next[0].isoformat(), page.next[1]] if page.next else None
    shown = len(manager.dialog_data.get("pages") or [None])
    return {"has_next": page.next is not None, "has_prev": shown > 1, "page_no": shown}


async def on_next_page(callback: CallbackQuery, _button: Any, manager: DialogManager) -> None:
    if manager.dialog_data.get("next_page"):
        manager.dialog_data["pages"] = [*(manager.dialog_data.get("pages") or [None]), manager.dialog_data["next_page"]]


async def on_previous_page(callback: CallbackQuery, _button: Any, manager: DialogManager) -> None:
    manager.dialog_data["pages"] = (manager.dialog_data.get("pages") or [None])[:-1] or [None]


def pager() -> Row:
    return Row(
        Button(Tr("◀ Previous"), id="prev_page", on_click=on_previous_page, when="has_prev"),
        Button(Tr("More ▶"), id="next_page", on_click=on_next_page, when="has_next"),
    )


# --- access to what the middleware put in the update's data ---------------------------------


def store(manager: DialogManager) -> Store:
    return manager.middleware_data["store"]


def actor(manager: DialogManager) -> Actor:
    return manager.middleware_data["actor"]


def case_id(manager: DialogManager) -> int:
    return int(manager.dialog_data.get("case_id") or manager.start_data["case_id"])


async def notify(manager: DialogManager, users: list[Actor], msgid: str, **values: Any) -> None:
    """Tell other users something, each in their own language, once the update's change is committed (never of a
    change that is rolled back); see :func:`send_notices`."""
    unit = manager.middleware_data.get("unit")
    i18n, sender, bot = I18n.get_current(), manager.middleware_data.get("sender"), manager.middleware_data["bot"]

    async def send() -> None:
        await send_notices(i18n, sender, bot, users, msgid, **values)

    if unit is not None:
        unit.after_commit(send)
    else:
        await send()


async def send_notices(i18n: I18n, sender: Any, bot: Any, users: list[Actor], msgid: str, **values: Any) -> None:
    """Tell other users something, each in their own language. The text names case numbers and dates only;
    it goes through the throttled sender when the bot has one (limits, 429)."""
    for user in users:
        user_locale = user.locale or i18n.default_locale
        text = i18n.gettext(msgid, locale=user_locale).format(
            **{k: format_date(v, user_locale) if isinstance(v, date) else v for k, v in values.items()}
        )
        if sender is not None:
            await sender.send(user.telegram_id, text, protect_content=True)  # drops unreachable chats itself
            continue
        try:
            await bot.send_message(user.telegram_id, text, protect_content=True)
        except (TelegramBadRequest, TelegramForbiddenError) as error:
            # a user who never opened the bot, or blocked it: the change stands, the notice is lost (logged)
            log.info("a notice could not be delivered: %s", type(error).__name__)


def for_person(msgids: Any, interview_language: str | None) -> str:
    """Text meant for the person, as a card: when the interview language is another of kk, ru, en, the
    card shows it first, marked to be read aloud, then the interface language; with any other interview
    language it tells the specialist that the interpreter translates from the interface language."""
    i18n = I18n.get_current()
    parts = [msgids] if isinstance(msgids, str) else list(msgids)
    mine = "\n".join(gettext(m) if m else "" for m in parts)
    here = locale()
    if not interview_language or interview_language == here:
        return mine
    if interview_language in LOCALES:
        aloud = "\n".join(i18n.gettext(m, locale=interview_language) if m else "" for m in parts)
        return (
            f"🗣 {AUTONYMS[interview_language]} · "
            + gettext("read this aloud")
            + f"\n{aloud}\n\n— {AUTONYMS[here]} —\n{mine}"
        )
    return (
        mine
        + "\n\n🗣 "
        + gettext("The interpreter translates this from {language} into {interview}.").format(
            language=AUTONYMS[here], interview=interview_language
        )
    )


def case_button_text(line: Any, today: date, *middle: str) -> str:
    """A case in a list: «⚠️ 2026-0001 · … · 26.03.25», the mark only when overdue."""
    dl = line.deadline
    parts = [line.number, *middle] + ([format_date(dl.due, locale(), "short")] if dl else [])
    return ("⚠️ " if dl and dl.is_overdue(today) else "") + " · ".join(parts)


def due_line(deadline: Any, today: date) -> str:
    """«Due 26 March 2025 (para 15): Issue or refuse the permit …», marked when overdue."""
    if deadline is None:
        return ""
    text = gettext("Due {date} (para {paragraph}): {what}").format(
        date=format_date(deadline.due, locale()), paragraph=deadline.rule.paragraph, what=gettext(deadline.rule.text)
    )
    return ("⚠️ " + gettext("Overdue.") + " " + text) if deadline.is_overdue(today) else text


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


class ErrorLine(Text):
    """The last refusal (already translated), shown once above the screen's text, then forgotten."""

    async def _render_text(self, data: dict, manager: DialogManager) -> str:
        error = manager.dialog_data.pop("error", None) if manager.has_context() else None
        return f"⚠️ {error}\n" if error else ""


ERROR = ErrorLine()


async def on_stray_message(message: Message, _widget: MessageInput, manager: DialogManager) -> None:
    manager.show_mode = ShowMode.DELETE_AND_SEND
    manager.dialog_data["error"] = gettext(NO_FILES if is_media(message) else "Please use the buttons on this screen.")
    await forget_message(message)  # it may hold personal data typed at the wrong moment


STRAY = MessageInput(on_stray_message)


__all__ = [
    "DATE_PROBLEMS",
    "ERROR",
    "MAIN_MENU",
    "NO_FILES",
    "ROLE_TITLES",
    "STRAY",
    "InputError",
    "LocalCalendar",
    "PastDateCalendar",
    "Screen",
    "TextWidget",
    "Tr",
    "actor",
    "back",
    "case_button_text",
    "case_id",
    "checked",
    "clean_name",
    "clean_text",
    "due_line",
    "for_person",
    "forget_message",
    "go",
    "is_media",
    "locale",
    "notify",
    "open_with_case",
    "opened_from_another_screen",
    "page_after",
    "page_data",
    "pager",
    "replace_with",
    "store",
    "text_step",
    "to_menu",
    "typed_date",
]
