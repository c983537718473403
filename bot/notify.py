"""Outgoing messages (notifications, reminders) that keep within Telegram's limits and survive 429.

Telegram lets a bot send about one message per second to one chat and about thirty per second in all
(Bots FAQ, "My bot is hitting limits"); beyond that it answers 429 Too Many Requests with ``retry_after``.
:class:`Sender` wraps ``Bot.send_message`` so that every outgoing message:

* waits until ``per_chat`` seconds have passed since the previous attempt in the same chat;
* takes a slot of the bot-wide limiter (an :class:`aiolimiter.AsyncLimiter` with room for one message,
  refilled ``per_second`` times a second, so sends are spread evenly and never burst);
* holds back while a 429 is in force: a 429 on any chat pauses *every* send of this ``Sender`` until its
  ``retry_after`` has passed (plus a little random jitter, so the waiting senders do not all wake at once),
  and the message that got it is retried, up to ``max_attempts`` attempts in all;
* is dropped (``None``, logged at INFO) when the user blocked the bot or the chat does not exist.

With several processes (webhook behind a load balancer) the limits are the bot's, not each process's: with
``REDIS_URL`` set every ``Sender`` takes its slots from one :class:`SharedBudget` in Redis, which spaces the
bot's messages and each chat's across all processes by Redis's clock and holds all of them back during a 429.

Messages to one chat go out one at a time, in the order ``send`` was called (a per-chat FIFO lock held
across retries), so a retried message is never overtaken by a later one. The per-chat state is created
on first use and pruned once the chat is idle, so memory stays bounded by the recently active chats.

Logs carry chat ids, counts and error kinds only, never message texts (they may carry case numbers).
One ``Sender`` per bot and per event loop; share it between all the code that sends notifications.

Every other call of the bot (the screens a user's own taps bring) goes through :class:`RetryAfter`, a
request middleware of the bot's session: on a 429 it waits ``retry_after`` and asks again, a few times, so a
user's screen is not lost to a flood limit. The ``Sender``'s calls pass through it untouched: the ``Sender``
handles its own 429s and pauses all notifications and reminders together.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Message
from aiolimiter import AsyncLimiter

__all__ = ["RetryAfter", "SendManyError", "Sender", "SharedBudget"]

log = logging.getLogger(__name__)

# set while a Sender makes its request: it deals with 429 itself
_SENDER_CALL: contextvars.ContextVar[bool] = contextvars.ContextVar("sender_call", default=False)


class RetryAfter(BaseRequestMiddleware):
    """On 429 Too Many Requests, wait what Telegram says and ask again (``max_attempts`` in all), unless the
    wait is longer than ``max_wait`` seconds: then the error goes up as it came."""

    def __init__(self, max_attempts: int = 3, max_wait: float = 30.0) -> None:
        self.max_attempts, self.max_wait = max_attempts, max_wait

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        attempt = 1
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if _SENDER_CALL.get() or attempt >= self.max_attempts or error.retry_after > self.max_wait:
                    raise
                log.warning(
                    "%s: Telegram 429, waiting %s s (attempt %d/%d)",
                    type(method).__name__,
                    error.retry_after,
                    attempt,
                    self.max_attempts,
                )
                await asyncio.sleep(error.retry_after)
                attempt += 1


_CHAT_NOT_FOUND = "chat not found"


class SendManyError(Exception):
    """Some messages of :meth:`Sender.send_many` failed with an unexpected error.

    Every other message was still attempted. ``results`` has one entry per item, in item order: the
    sent :class:`~aiogram.types.Message`, ``None`` (chat unreachable) or the exception of that item;
    ``errors`` lists ``(index, exception)`` for the failed items.
    """

    def __init__(self, results: list[Message | Exception | None], errors: list[tuple[int, Exception]]):
        kinds = sorted({type(error).__name__ for _, error in errors})
        super().__init__(f"{len(errors)} of {len(results)} messages failed ({', '.join(kinds)})")
        self.results = results
        self.errors = errors


@dataclass
class _ChatState:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # FIFO: keeps the order of sends
    users: int = 0  # sends holding or waiting for the lock
    last_attempt: float = -math.inf  # loop time of the latest request to this chat


# Telegram's limits are the bot's, whatever the number of processes; a shared budget keeps a small margin below
# them, because requests spaced exactly in Redis time arrive a few milliseconds apart from jitter.
SHARED_MARGIN = 0.93
# A chat's messages are spaced a quarter more than Telegram's second: a message that leaves its process late (a busy
# core) must not arrive within a second of the next one, and no chat needs more than a message a second anyway.
CHAT_MARGIN = 0.8

# One atomic step in Redis (a script runs alone): reserve the bot's next slot and the chat's next slot, never
# before a 429 pause ends, by Redis's own clock (the same for every process). The theoretical arrival times
# (GCRA without burst) are kept with a time-to-live, so idle chats cost nothing. Returns microseconds to wait.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local slot = now
for i = 1, 3 do
  local v = tonumber(redis.call('GET', KEYS[i]) or '0')
  if v > slot then slot = v end
end
local bot_next = slot + tonumber(ARGV[1])
local chat_next = slot + tonumber(ARGV[2])
redis.call('SET', KEYS[1], bot_next, 'PX', math.ceil((bot_next - now) / 1000) + 1000)
redis.call('SET', KEYS[2], chat_next, 'PX', math.ceil((chat_next - now) / 1000) + 1000)
return slot - now
"""
# A 429 pauses every process: the pause ends at Redis's now + retry_after (the later of two pauses wins).
# Returns microseconds left of the pause, which ARGV[1] = 0 only asks for.
_PAUSE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local untl = tonumber(redis.call('GET', KEYS[1]) or '0')
local asked = now + tonumber(ARGV[1])
if tonumber(ARGV[1]) > 0 and asked > untl then
  untl = asked
  redis.call('SET', KEYS[1], untl, 'PX', math.ceil((untl - now) / 1000) + 1000)
end
if untl > now then return untl - now end
return 0
"""


class SharedBudget:
    """The bot-wide and per-chat limits and the 429 pauses, shared by every process of one bot through Redis.

    Each send reserves the next free moment for the bot and for its chat in one atomic script (Redis scripting,
    no lock), waits until then, and checks that no 429 pause began meanwhile; a 429 anywhere pauses all.
    """

    def __init__(
        self,
        redis: Any,
        bot_id: int,
        *,
        per_second: float = 30.0,
        per_chat: float = 1.0,
        margin: float = SHARED_MARGIN,
        chat_margin: float = CHAT_MARGIN,
    ) -> None:
        prefix = f"intake-bot:{bot_id}:telegram"
        self.redis = redis
        self.bot_key, self.pause_key, self.chat_prefix = f"{prefix}:bot", f"{prefix}:pause", f"{prefix}:chat:"
        self.bot_interval = round(1_000_000 / (per_second * margin))  # microseconds between two sends
        self.chat_interval = round(1_000_000 * per_chat / chat_margin)
        self._reserve = redis.register_script(_RESERVE)
        self._pause = redis.register_script(_PAUSE)

    async def reserve(self, chat_id: int) -> float:
        """Seconds to wait before the next message to ``chat_id`` may go out (its slot is taken)."""
        wait = await self._reserve(
            keys=[self.bot_key, f"{self.chat_prefix}{chat_id}", self.pause_key],
            args=[self.bot_interval, self.chat_interval],
        )
        return int(wait) / 1_000_000

    async def pause(self, seconds: float) -> None:
        """Hold every process back for ``seconds`` (Telegram's ``retry_after``)."""
        await self._pause(keys=[self.pause_key], args=[max(1, round(seconds * 1_000_000))])

    async def paused_for(self) -> float:
        return int(await self._pause(keys=[self.pause_key], args=[0])) / 1_000_000


class Sender:
    """Rate-limited, 429-aware ``send_message`` for one bot (see the module docstring)."""

    def __init__(
        self,
        bot: Bot,
        *,
        per_chat: float = 1.0,
        per_second: float = 30.0,
        max_attempts: int = 5,
        jitter: float = 0.25,
        shared: SharedBudget | None = None,
    ) -> None:
        """
        :param per_chat: least seconds between two messages to the same chat (0 = no per-chat spacing).
        :param per_second: most messages per second over the whole bot.
        :param max_attempts: attempts per message when Telegram answers 429; after the last one the
            ``TelegramRetryAfter`` propagates.
        :param jitter: up to this many random seconds added to each wait for a 429 pause to end.
        :param shared: the budget shared with the bot's other processes (Redis); then its limits and pauses
            apply instead of this process's own.
        """
        if per_chat < 0:
            raise ValueError("per_chat must be >= 0")
        if per_second <= 0:
            raise ValueError("per_second must be > 0")
        if max_attempts < 1:
            raise ValueError("max_attempts must be >= 1")
        if jitter < 0:
            raise ValueError("jitter must be >= 0")
        self.bot = bot
        self.per_chat = float(per_chat)
        self.per_second = float(per_second)
        self.max_attempts = max_attempts
        self.jitter = float(jitter)
        self.shared = shared
        # Room for one message, refilled every 1/per_second s: evenly spaced sends, no bursts.
        self._global = AsyncLimiter(1, 1 / self.per_second)
        self._chats: dict[int, _ChatState] = {}
        self._paused_until = -math.inf  # loop time until which a 429 holds every send back
        self._next_prune = -math.inf
        self._prune_every = max(self.per_chat, 0.01)

    @property
    def tracked_chats(self) -> int:
        """How many chats have per-chat state kept (busy or sent to within the last ``per_chat`` s)."""
        return len(self._chats)

    async def send(self, chat_id: int, text: str, **kwargs: Any) -> Message | None:
        """Send ``text`` to ``chat_id`` (``kwargs`` go to ``Bot.send_message``) within the limits.

        Returns the sent message, or ``None`` when the user blocked the bot or the chat is not found.
        Raises ``TelegramRetryAfter`` when still flood-limited after ``max_attempts`` attempts; any
        other error of the Bot API propagates unchanged.
        """
        loop = asyncio.get_running_loop()
        self._prune(loop.time())
        state = self._chats.get(chat_id)
        if state is None:
            state = self._chats[chat_id] = _ChatState()
        state.users += 1
        try:
            async with state.lock:
                return await self._send_locked(loop, chat_id, state, text, kwargs)
        finally:
            state.users -= 1

    async def send_many(self, items: Iterable[tuple[int, str, Mapping[str, Any] | None]]) -> list[Message | None]:
        """Send ``(chat_id, text, kwargs)`` items concurrently; results come back in item order.

        Messages to one chat go out one after another in item order; different chats go in parallel
        within the limits. If some items fail with an unexpected error the others are still sent, and
        :class:`SendManyError` (with every result) is raised at the end.
        """
        batch = [(chat_id, text, dict(kwargs or {})) for chat_id, text, kwargs in items]
        results: list[Message | Exception | None] = [None] * len(batch)
        by_chat: dict[int, list[int]] = {}
        for index, (chat_id, _, _) in enumerate(batch):
            by_chat.setdefault(chat_id, []).append(index)

        async def one_chat(indices: list[int]) -> None:
            for index in indices:
                chat_id, text, kwargs = batch[index]
                try:
                    results[index] = await self.send(chat_id, text, **kwargs)
                except Exception as error:
                    results[index] = error

        await asyncio.gather(*(one_chat(indices) for indices in by_chat.values()))
        errors = [(index, result) for index, result in enumerate(results) if isinstance(result, Exception)]
        delivered = sum(isinstance(result, Message) for result in results)
        log.info(
            "send_many: %d messages to %d chats: %d delivered, %d unreachable, %d failed",
            len(batch),
            len(by_chat),
            delivered,
            len(batch) - delivered - len(errors),
            len(errors),
        )
        if errors:
            raise SendManyError(results, errors) from errors[0][1]
        return results  # type: ignore[return-value]  # no exceptions left

    # ---- internals ----------------------------------------------------------------------------

    async def _send_locked(
        self, loop: asyncio.AbstractEventLoop, chat_id: int, state: _ChatState, text: str, kwargs: dict[str, Any]
    ) -> Message | None:
        attempt = 0
        while True:
            attempt += 1
            if self.shared is not None:
                await self._wait_shared_turn(chat_id)
            else:
                await self._wait_turn(loop, state)
            state.last_attempt = loop.time()
            token = _SENDER_CALL.set(True)
            try:
                return await self.bot.send_message(chat_id=chat_id, text=text, **kwargs)
            except TelegramRetryAfter as error:
                self._pause(loop, error.retry_after)
                if self.shared is not None:
                    await self.shared.pause(error.retry_after)
                if attempt >= self.max_attempts:
                    log.warning("chat %s: still flood-limited after %d attempts; giving up", chat_id, attempt)
                    raise
                log.warning(
                    "chat %s: Telegram 429 (attempt %d/%d); all sends paused for %s s",
                    chat_id,
                    attempt,
                    self.max_attempts,
                    error.retry_after,
                )
            except TelegramForbiddenError:
                log.info("chat %s: the bot is blocked or was removed; message dropped", chat_id)
                return None
            except (TelegramBadRequest, TelegramNotFound) as error:
                if _CHAT_NOT_FOUND not in error.message.lower():
                    raise
                log.info("chat %s: chat not found; message dropped", chat_id)
                return None
            finally:
                _SENDER_CALL.reset(token)

    async def _wait_turn(self, loop: asyncio.AbstractEventLoop, state: _ChatState) -> None:
        """Wait for the chat's spacing, any 429 pause and a bot-wide slot, in that order.

        Nothing is awaited between taking the bot-wide slot and the request, so both limits hold
        for the moments the requests actually go out.
        """
        delay = state.last_attempt + self.per_chat - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        while True:
            await self._wait_pause(loop)
            await self._global.acquire()
            if loop.time() >= self._paused_until:
                return
            # A 429 arrived while this send queued for its slot: wait it out and queue again.

    async def _wait_shared_turn(self, chat_id: int) -> None:
        """Take the next shared slot for the bot and the chat and wait for it; if a 429 pause began meanwhile,
        wait it out and take a new slot (the reserved one is left unused)."""
        assert self.shared is not None
        while True:
            delay = await self.shared.reserve(chat_id)
            if delay > 0:
                await asyncio.sleep(delay)
            left = await self.shared.paused_for()
            if left <= 0:
                return
            await asyncio.sleep(left + random.uniform(0, self.jitter))

    async def _wait_pause(self, loop: asyncio.AbstractEventLoop) -> None:
        while (delay := self._paused_until - loop.time()) > 0:  # noqa: ASYNC110 - a deadline moved by each 429
            await asyncio.sleep(delay + random.uniform(0, self.jitter))

    def _pause(self, loop: asyncio.AbstractEventLoop, retry_after: float) -> None:
        self._paused_until = max(self._paused_until, loop.time() + retry_after)

    def _prune(self, now: float) -> None:
        """Forget chats nobody is sending to whose spacing has run out (they would not wait anyway)."""
        if now < self._next_prune:
            return
        self._next_prune = now + self._prune_every
        idle = [
            chat_id
            for chat_id, state in self._chats.items()
            if state.users == 0 and now - state.last_attempt >= self.per_chat
        ]
        for chat_id in idle:
            del self._chats[chat_id]
