"""The bot works in private chats only (DESIGN.md, confidentiality): nothing is ever shown in a group.

:class:`PrivateChatsOnly` is the first middleware of every update. An update from a group, a supergroup or a
channel never reaches a screen, whoever sent it: the bot added to a group says one line there, in the language
of the user who added it, and leaves (``leaveChat``); a command, a text or a tap on an old button in a group gets
nothing (a tap only has its spinner stopped); channel posts, inline queries and the other kinds of update the
bot never asked for are dropped. Telegram lets a bot be added to groups unless @BotFather forbids it
(``/setjoingroups``): :func:`warn_if_groups_allowed` says so once in the log at start.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Chat, ChatMemberUpdated, Message, TelegramObject, Update
from aiogram.utils.i18n import I18n

from .i18n import pick_locale
from .standard import N_
from .store import Store

log = logging.getLogger(__name__)

PRIVATE_ONLY = N_(
    "This bot works only in a private chat: it shows nothing in groups and leaves them. Write to it directly."
)
JOINED = frozenset({"member", "administrator", "restricted"})
# what a private chat brings that a person does; everything else is dropped before any handler
HANDLED = frozenset({"message", "edited_message", "callback_query", "my_chat_member"})

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def update_chat(update: Update) -> Chat | None:
    event = update.event
    if update.callback_query is not None:
        message = update.callback_query.message
        return message.chat if message is not None else None
    return getattr(event, "chat", None)


class PrivateChatsOnly(BaseMiddleware):
    def __init__(self, store: Store, i18n: I18n, default_locale: str):
        self.store = store
        self.i18n = i18n
        self.default_locale = default_locale

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        try:
            kind = event.event_type
        except Exception:
            kind = "unknown"
        if kind not in HANDLED:
            log.info("dropped an update of a kind the bot does not handle: %s", kind)
            return None
        chat = update_chat(event)
        if chat is not None and chat.type == "private":
            return await handler(event, data)
        bot: Bot = data["bot"]
        if event.my_chat_member is not None and chat is not None:
            await self._leave(bot, event.my_chat_member)
        elif event.callback_query is not None:
            with contextlib.suppress(TelegramAPIError):  # stop an old button's spinner in a group; show nothing
                await event.callback_query.answer()
        log.info("ignored an update from a %s chat", chat.type if chat else "unknown")
        return None

    async def _leave(self, bot: Bot, change: ChatMemberUpdated) -> None:
        if change.new_chat_member.status not in JOINED:
            return  # removed or left: nothing to do
        chat = change.chat
        if chat.type != "channel":
            actor = await self.store.user_by_telegram(change.from_user.id)
            locale = pick_locale(actor.locale if actor else None, change.from_user.language_code, self.default_locale)
            try:
                await bot.send_message(chat.id, self.i18n.gettext(PRIVATE_ONLY, locale=locale))
            except TelegramAPIError as error:
                log.info("could not say why the bot leaves a group: %s", type(error).__name__)
        try:
            await bot.leave_chat(chat.id)
            log.warning("added to a %s chat: left it (disable groups with @BotFather /setjoingroups)", chat.type)
        except TelegramAPIError as error:
            log.warning("could not leave a %s chat: %s", chat.type, type(error).__name__)


def private_router() -> Router:
    """What a private chat brings besides screens: an edited message is never an answer, and its copy is
    deleted like a typed answer; the bot blocked or unblocked needs nothing. (A webhook asks Telegram for the
    kinds of update that have handlers, so these also make sure ``my_chat_member`` arrives.)"""
    router = Router(name="private_chat")

    @router.edited_message()
    async def edited(message: Message) -> None:
        try:
            await message.delete()
        except TelegramAPIError:
            log.info("could not delete an edited message (too old or already gone)")

    @router.my_chat_member()
    async def chat_member(update: ChatMemberUpdated) -> None:
        log.info("the bot's membership in a private chat changed: %s", update.new_chat_member.status)

    return router


async def warn_if_groups_allowed(bot: Bot) -> None:
    """A courtesy check at start: Telegram out of reach then (a network blip, a firewall) must not stop the process,
    which serves its health check and takes updates once Telegram answers."""
    try:
        me = await bot.me()
    except TelegramAPIError as exc:  # TelegramNetworkError included
        log.warning("could not ask Telegram whether the bot can join groups: %s", type(exc).__name__)
        return
    if me.can_join_groups:
        log.warning(
            "the bot can be added to groups: it leaves them at once, but disable this with @BotFather "
            "(/setjoingroups → Disable)"
        )
