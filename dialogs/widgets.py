"""Widgets shared by the dialogs: protected screens, catalog texts, calendars in the user's language, the
buttons that navigate (back to where a screen was opened from, the main menu, pages of a list), and the lines a
case shows in a list."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any, cast

from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext
from aiogram_dialog import DialogManager, ShowMode, StartMode, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Calendar, Column, Row, Select, calendar_kbd
from aiogram_dialog.widgets.kbd.calendar_kbd import (
    CalendarDaysView,
    CalendarMonthView,
    CalendarScope,
    CalendarUserConfig,
    CalendarYearsView,
)
from aiogram_dialog.widgets.text import Format, Text
from babel import Locale

from bot.config import LOCALES
from bot.i18n import AUTONYMS, format_date
from bot.standard import N_, clock
from bot.standard.contacts import contacts_for
from bot.standard.guide import CONTACTS_INTRO
from bot.standard.person import MAX_AGE

from .context import case_id, i18n, locale
from .inputs import NO_FILES, forget_message, is_media
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
            timezone=cast(Any, clock.TZ),  # a ZoneInfo works where the calendar expects a timezone
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


def choice(select_id: str, items: str, on_click: Any, *, key: str = "id", layout: Any = Column) -> Any:
    """A list of buttons, one per item of the getter's ``items`` (each a dict with its ``text`` and its ``key``)."""
    return layout(
        Select(Format("{item[text]}"), id=select_id, item_id_getter=lambda i: i[key], items=items, on_click=on_click)
    )


def pager() -> Row:
    return Row(
        Button(Tr("◀ Previous"), id="prev_page", on_click=on_previous_page, when="has_prev"),
        Button(Tr("More ▶"), id="next_page", on_click=on_next_page, when="has_next"),
    )


def for_person(
    msgids: Any,
    interview_language: str | None,
    *,
    ask: bool = False,
    hint: bool = True,
    values: Mapping[str, Any] | None = None,
) -> str:
    """Text meant for the person, as a card. Fixed texts (the rights, confidentiality, consent: ``ask`` False) are
    marked to be read aloud word for word; questions (``ask``) are wording for the specialist to put themselves,
    looking at the person, while the interpreter interprets. When the interview language is another of kk, ru, en,
    the card shows it first, then the interface language; with any other interview language it tells the
    specialist that the interpreter translates. An empty msgid is a blank line; ``values`` fill placeholders; ``hint``
    False leaves out how to ask (a screen with a second card of questions says it once, under that one)."""
    catalogs = i18n()
    parts = [msgids] if isinstance(msgids, str) else list(msgids)

    def lines(text: Any) -> str:
        said = (text(m) if m else "" for m in parts)
        return "\n".join(line.format(**values) if values else line for line in said)

    mine, here = lines(gettext), locale()
    mark = "💬 " if ask else "🗣 "
    label = gettext("wording for the interpreter") if ask else gettext("read this aloud word for word")
    how = (
        "\n\n" + gettext("Ask the question yourself, looking at the person; the interpreter interprets.")
        if ask and hint
        else ""
    )
    if not interview_language or interview_language == here:
        own = gettext("ask in your own words, one question at a time") if ask else label
        return f"{mark}{own}\n{mine}"
    if interview_language in LOCALES:
        aloud = lines(lambda m: catalogs.gettext(m, locale=interview_language))
        return f"{mark}{AUTONYMS[interview_language]} · {label}\n{aloud}\n\n— {AUTONYMS[here]} —\n{mine}{how}"
    return f"{mark}{label}\n{mine}\n\n🗣 " + gettext(
        "The interpreter translates this from {language} into {interview}."
    ).format(language=AUTONYMS[here], interview=interview_language)


def case_button_text(line: Any, today: date, *middle: str) -> str:
    """A case in a list: «⚠️ 2026-0001 · … · 26.03.25», the mark only when overdue."""
    dl = line.deadline
    parts = [line.number, *middle] + ([format_date(dl.due, locale(), "short")] if dl else [])
    return ("⚠️ " if dl and dl.is_overdue(today) else "") + " · ".join(parts)


def day_text(day: date | None) -> str:
    """A day in the user's language, or "—" when there is none."""
    return format_date(day, locale()) if day else "—"


def due_line(deadline: Any, today: date) -> str:
    """«Due 26 March 2025 (para 15): Issue or refuse the permit …», marked when overdue."""
    if deadline is None:
        return ""
    text = gettext("Due {date} (para {paragraph}): {what}").format(
        date=format_date(deadline.due, locale()), paragraph=deadline.rule.paragraph, what=gettext(deadline.rule.text)
    )
    return ("⚠️ " + gettext("Overdue.") + " " + text) if deadline.is_overdue(today) else text


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


# --- where else the person can get help (the organization's referral contacts) --------------------------------

NO_CONTACTS = N_(
    "No referral contacts are set up yet: the head of the organization adds them under 👥 Team → 📇 Referral contacts."
)


def contacts_card(contacts: Mapping[str, str], interview_language: str | None, *, intro: bool = True) -> str:
    """Where else the person can get help, as a card for the person: the intro to read aloud (unless ``intro`` is
    False: a screen that has already said it), then the organization's list in the interview language (else the
    interface language, else any kept one, named when it is not the interview language, for the interpreter to
    translate). With no list set up, a line telling the specialist who adds one."""
    chosen = contacts_for(contacts, interview_language, locale())
    if chosen is None:
        return gettext(NO_CONTACTS)
    code, text = chosen
    named = f"— {AUTONYMS.get(code, code)} —\n" if code != (interview_language or locale()) else ""
    return (for_person(CONTACTS_INTRO, interview_language) + "\n\n" if intro else "") + named + text
