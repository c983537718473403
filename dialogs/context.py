"""What the update carries for the dialogs: the store, the acting user, the case on the screen, the user's
language, and notices to other users (sent once the update's change is committed)."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.utils.i18n import I18n
from aiogram_dialog import DialogManager

from bot.i18n import format_date
from bot.store import Actor, Store

log = logging.getLogger(__name__)


def i18n() -> I18n:
    """The catalogs of the update being handled (aiogram's I18n context)."""
    current = I18n.get_current(no_error=False)  # raises when there is none
    assert current is not None
    return current


def locale() -> str:
    return i18n().current_locale


def start_value(manager: DialogManager, key: str) -> Any:
    """A value the dialog was started with (``start(state, data={key: value})``), or None."""
    data = manager.start_data
    return data.get(key) if isinstance(data, dict) else None


# --- access to what the middleware put in the update's data ---------------------------------


def store(manager: DialogManager) -> Store:
    return manager.middleware_data["store"]


def actor(manager: DialogManager) -> Actor:
    return manager.middleware_data["actor"]


def case_id(manager: DialogManager) -> int:
    return int(manager.dialog_data.get("case_id") or start_value(manager, "case_id"))


async def notify(manager: DialogManager, users: list[Actor], msgid: str, **values: Any) -> None:
    """Tell other users something, each in their own language, once the update's change is committed (never of a
    change that is rolled back); see :func:`send_notices`."""
    unit = manager.middleware_data.get("unit")
    catalogs, sender, bot = i18n(), manager.middleware_data.get("sender"), manager.middleware_data["bot"]

    async def send() -> None:
        await send_notices(catalogs, sender, bot, users, msgid, **values)

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
