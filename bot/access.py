"""Who may use the bot: the user-loading middleware and the locale of each update.

Every update passes here first. Unknown or deactivated Telegram users get one localized line and
nothing else; registered users reach the dialogs with ``actor`` in the handler data,
and the update runs in the user's language.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject, Update, User
from aiogram.utils.i18n import I18n

from .config import Settings
from .i18n import pick_locale
from .standard import N_
from .store import InviteError, Store
from .store.unit import Unit

log = logging.getLogger(__name__)

UNREGISTERED = N_(
    "This bot is only for registered staff of social service organizations. Ask your administrator for an invitation."
)
DEACTIVATED = N_("Your access to this bot has been closed. If this is a mistake, ask your administrator.")
INVITE_REFUSALS = {
    "used": N_("This invitation has already been used. Ask for a new one."),
    "expired": N_("This invitation has expired. Ask for a new one."),
}

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class AccessMiddleware(BaseMiddleware):
    def __init__(self, store: Store, i18n: I18n, settings: Settings):
        self.store = store
        self.i18n = i18n
        self.settings = settings
        # one user's updates are handled one after another in this process (a double tap waits for the first
        # tap's commit): an update never holds the database's write lock while it waits for the same user's other
        # update, which would wait for that lock in turn. Other users' updates run side by side.
        self._turns: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def _turn(self, user_id: int) -> asyncio.Lock:
        lock = self._turns.get(user_id)
        if lock is None:
            lock = self._turns[user_id] = asyncio.Lock()
        return lock

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or user.is_bot:
            return None
        # the whole update is one unit of work: the user read here, the case, the change, the dialog state
        async with self._turn(user.id):
            return await self.store.in_unit(lambda unit: self._handle(handler, event, data, user, unit))

    async def _handle(
        self, handler: Handler, event: TelegramObject, data: dict[str, Any], user: User, unit: Unit
    ) -> Any:
        data["unit"] = unit
        actor = await self.store.user_by_telegram(user.id)
        if actor is None and user.id in self.settings.admin_ids:
            actor = await self.store.ensure_admin(user.id)
        locale = pick_locale(actor.locale if actor else None, user.language_code, self.settings.default_locale)
        inner = event.event if isinstance(event, Update) else event
        with self.i18n.context(), self.i18n.use_locale(locale):
            code = invite_code(inner)
            if code and (actor is None or not actor.active):
                try:
                    actor = await self.store.redeem_invite(code, user.id)  # they pick a language next
                except InviteError as error:
                    log.info("refused an invitation: %s", error.reason)
                    await self._refuse(inner, INVITE_REFUSALS.get(error.reason, UNREGISTERED))
                    return None
            if actor is None or not actor.active:
                log.info("refused an update from an unregistered or deactivated user")
                await self._refuse(inner, UNREGISTERED if actor is None else DEACTIVATED)
                return None
            data["actor"] = actor
            return await handler(event, data)

    async def _refuse(self, inner: TelegramObject, msgid: str) -> None:
        text = self.i18n.gettext(msgid)
        if isinstance(inner, Message):
            await inner.answer(text)
        elif isinstance(inner, CallbackQuery):
            await inner.answer(text, show_alert=True)


def invite_code(event: TelegramObject) -> str | None:
    """The code of a deep link ``https://t.me/<bot>?start=<code>``, which arrives as ``/start <code>``."""
    if isinstance(event, Message) and event.text and event.text.startswith("/start "):
        code = event.text.split(maxsplit=1)[1].strip()
        return code if 0 < len(code) <= 64 else None
    return None
