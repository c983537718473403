"""Tests of bot.notify.Sender against the fake Telegram server, with a real aiogram Bot.

A session middleware records when each sendMessage request leaves the bot and how it ended, so the
spacing between requests (per chat and bot-wide) and the 429 pauses can be checked from real timings.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
import pytest_asyncio
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramForbiddenError,
    TelegramRetryAfter,
)
from aiogram.methods import Response, SendMessage, TelegramMethod
from aiogram.types import Message

from bot.demo.fake_telegram import FakeTelegram
from bot.notify import Sender, SendManyError

TOKEN = "123:TEST"
TOLERANCE = 0.003  # seconds: timer and scheduling noise between the limiter and the recorder


@dataclass
class Attempt:
    chat_id: int
    text: str
    started: float  # loop time the request left the bot
    ended: float
    outcome: str  # "ok", "429" or the exception class name


class Recorder(BaseRequestMiddleware):
    """Records every sendMessage request; ``raise_for`` makes chosen chats fail with an API error."""

    def __init__(self) -> None:
        self.attempts: list[Attempt] = []
        self.raise_for: dict[int, type[TelegramAPIError]] = {}

    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Response[Any]:
        if not isinstance(method, SendMessage):
            return await make_request(bot, method)
        loop = asyncio.get_running_loop()
        started = loop.time()
        outcome = "ok"
        try:
            if method.chat_id in self.raise_for:
                raise self.raise_for[method.chat_id](method=method, message="Forbidden: bot was blocked by the user")
            return await make_request(bot, method)
        except TelegramRetryAfter:
            outcome = "429"
            raise
        except Exception as error:
            outcome = type(error).__name__
            raise
        finally:
            self.attempts.append(Attempt(method.chat_id, method.text, started, loop.time(), outcome))

    def starts(self, chat_id: int | None = None) -> list[float]:
        return sorted(a.started for a in self.attempts if chat_id is None or a.chat_id == chat_id)


pytestmark = pytest.mark.asyncio(loop_scope="module")


@dataclass
class Env:
    tg: FakeTelegram
    bot: Bot
    recorder: Recorder
    calls_before: int = 0  # sendMessage calls the fake had seen when the test began


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def server() -> AsyncIterator[Env]:
    """One fake server and one bot for the module: closing an aiogram session costs 0.25 s."""
    async with FakeTelegram() as tg:
        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url)))
        recorder = Recorder()
        bot.session.middleware(recorder)
        try:
            yield Env(tg, bot, recorder)
        finally:
            await bot.session.close()


@pytest_asyncio.fixture(loop_scope="module")
async def env(server: Env) -> AsyncIterator[Env]:
    """Each test starts with no faults pending and an empty record (chat ids differ per test)."""
    server.tg.fail_next("sendMessage", 0)
    server.recorder.attempts.clear()
    server.recorder.raise_for.clear()
    server.calls_before = _send_message_calls(server.tg)
    yield server
    server.tg.fail_next("sendMessage", 0)


def _greet(tg: FakeTelegram, *user_ids: int) -> None:
    """The fake answers "chat not found" until a user has written to the bot."""
    for user_id in user_ids:
        tg.send_text(user_id, "hi")


def _sent_texts(tg: FakeTelegram, user_id: int) -> list[str]:
    return [m.text for m in tg.messages(user_id)]


def _send_message_calls(tg: FakeTelegram) -> int:  # since the fake started
    return sum(1 for method, _ in tg.calls if method == "sendMessage")


def _min_gap(times: list[float]) -> float:
    return min((b - a for a, b in itertools.pairwise(times)), default=float("inf"))


def _max_in_window(times: list[float], window: float) -> int:
    """Most requests that started within any half-open interval of ``window`` seconds."""
    best, first = 0, 0
    for last, started in enumerate(times):
        while started - times[first] >= window:
            first += 1
        best = max(best, last - first + 1)
    return best


async def test_burst_with_429_delivers_everything_once_in_order_within_limits(env: Env) -> None:
    tg, recorder = env.tg, env.recorder
    chats = [1001, 1002, 1003]
    _greet(tg, *chats)
    per_chat, per_second = 0.05, 200.0
    sender = Sender(env.bot, per_chat=per_chat, per_second=per_second, jitter=0.02)
    items = [(chats[i % 3], f"reminder {i:02d} for case T-{i:03d}", {}) for i in range(45)]
    tg.fail_next("sendMessage", 4, retry_after=1)

    loop = asyncio.get_running_loop()
    started = loop.time()
    results = await sender.send_many(items)
    elapsed = loop.time() - started

    # Every message delivered exactly once, each chat in the order sent, results in item order.
    assert all(isinstance(r, Message) for r in results)
    assert [r.text for r in results] == [text for _, text, _ in items]
    for chat in chats:
        assert _sent_texts(tg, chat) == [text for chat_id, text, _ in items if chat_id == chat]
    assert len({text for _, text, _ in items}) == 45
    assert _send_message_calls(tg) - env.calls_before == 45 + 4  # one retry per 429, nothing else resent

    # The 429 pause was honoured: nobody sent anything within retry_after of a 429.
    assert elapsed >= 1.0
    rejected = [a for a in recorder.attempts if a.outcome == "429"]
    assert len(rejected) == 4
    for refusal in rejected:
        during_pause = [a for a in recorder.attempts if refusal.ended < a.started < refusal.ended + 1.0]
        assert during_pause == []

    # Per-chat spacing between all attempts (429s included) and the bot-wide rate.
    for chat in chats:
        assert _min_gap(recorder.starts(chat)) >= per_chat - TOLERANCE
    everything = recorder.starts()
    # The bot-wide rate is checked over windows, as Telegram counts it: the limiter spaces the moments it hands out
    # slots, and a busy machine can hold one request back between its slot and the fake server so that the next
    # lands right after it; a gap between two requests is scheduling noise, a window's count is the rate.
    assert _max_in_window(everything, 1.0) <= per_second
    assert _max_in_window(everything, 0.1) <= per_second * 0.1 + 1
    print(f"\nburst: 45 messages, 4x 429, {elapsed:.2f} s")


async def test_default_limits_space_one_chat_but_not_different_chats(env: Env) -> None:
    tg = env.tg
    _greet(tg, 2001, 2002, 2003, 2004)
    sender = Sender(env.bot)  # per_chat=1.0, per_second=30
    loop = asyncio.get_running_loop()

    started = loop.time()
    await sender.send_many([(2001, f"one chat {i}", {}) for i in range(3)])
    one_chat = loop.time() - started
    assert 2.0 - TOLERANCE <= one_chat < 2.8
    assert _min_gap(env.recorder.starts(2001)) >= 1.0 - TOLERANCE
    assert _sent_texts(tg, 2001) == ["one chat 0", "one chat 1", "one chat 2"]

    started = loop.time()
    await sender.send_many([(chat, "three chats", {}) for chat in (2002, 2003, 2004)])
    three_chats = loop.time() - started
    assert three_chats < 0.5
    print(f"\nper_chat=1.0: 3 to one chat {one_chat:.2f} s, 3 to three chats {three_chats:.3f} s")


async def test_global_rate_spreads_messages_to_many_chats(env: Env) -> None:
    chats = list(range(3001, 3013))
    _greet(env.tg, *chats)
    sender = Sender(env.bot, per_second=20.0)
    loop = asyncio.get_running_loop()

    started = loop.time()
    await sender.send_many([(chat, "notice", {}) for chat in chats])
    elapsed = loop.time() - started

    everything = env.recorder.starts()
    assert len(everything) == 12
    assert elapsed >= 11 / 20 - TOLERANCE
    assert _max_in_window(everything, 0.25) <= 20 * 0.25 + 1  # over windows, as above
    assert _max_in_window(everything, 0.5) <= 20 * 0.5 + 1


async def test_unreachable_chats_return_none_and_others_still_go(env: Env, caplog: pytest.LogCaptureFixture) -> None:
    tg = env.tg
    reachable, never_wrote, blocked = 4001, 4002, 4003
    _greet(tg, reachable, blocked)
    env.recorder.raise_for[blocked] = TelegramForbiddenError
    sender = Sender(env.bot, per_chat=0.01, per_second=200)
    caplog.set_level(logging.INFO, logger="bot.notify")

    assert await sender.send(never_wrote, "case T-555 secret") is None
    assert await sender.send(blocked, "case T-556 secret") is None
    results = await sender.send_many(
        [
            (reachable, "first T-557", {}),
            (never_wrote, "case T-558 secret", {}),
            (blocked, "case T-559 secret", {}),
            (reachable, "second T-560", {}),
        ]
    )

    assert [type(r).__name__ for r in results] == ["Message", "NoneType", "NoneType", "Message"]
    assert _sent_texts(tg, reachable) == ["first T-557", "second T-560"]
    assert _sent_texts(tg, blocked) == []
    assert any(str(never_wrote) in r.getMessage() for r in caplog.records if r.levelno == logging.INFO)
    assert any(str(blocked) in r.getMessage() for r in caplog.records if r.levelno == logging.INFO)
    assert "T-5" not in caplog.text  # texts are never logged


async def test_other_errors_propagate(env: Env) -> None:
    _greet(env.tg, 5001)
    sender = Sender(env.bot, per_chat=0.01, per_second=200)
    with pytest.raises(TelegramAPIError, match="message text is empty"):
        await sender.send(5001, " ")
    with pytest.raises(SendManyError) as caught:
        await sender.send_many([(5001, " ", {}), (5001, "after the bad one", {})])
    assert isinstance(caught.value.results[0], TelegramAPIError)
    assert isinstance(caught.value.results[1], Message)
    assert [index for index, _ in caught.value.errors] == [0]


async def test_gives_up_after_max_attempts(env: Env, caplog: pytest.LogCaptureFixture) -> None:
    tg = env.tg
    _greet(tg, 6001)
    sender = Sender(env.bot, per_chat=0.01, per_second=200, max_attempts=2, jitter=0.02)
    tg.fail_next("sendMessage", 100, retry_after=1)
    loop = asyncio.get_running_loop()

    started = loop.time()
    with pytest.raises(TelegramRetryAfter):
        await sender.send(6001, "case T-600")
    assert loop.time() - started >= 1.0
    assert _send_message_calls(tg) - env.calls_before == 2
    assert [a.outcome for a in env.recorder.attempts] == ["429", "429"]
    assert "T-600" not in caplog.text


async def test_chat_state_is_dropped_when_idle(env: Env) -> None:
    _greet(env.tg, 7001, 7002, 7003, 7004)
    sender = Sender(env.bot, per_chat=0.05, per_second=200)
    await sender.send_many([(chat, "ping", {}) for chat in (7001, 7002, 7003)])
    assert sender.tracked_chats == 3
    await asyncio.sleep(0.1)
    await sender.send(7004, "ping")
    assert sender.tracked_chats == 1


async def test_concurrent_sends_to_one_chat_keep_call_order(env: Env) -> None:
    _greet(env.tg, 8001, 8002)
    sender = Sender(env.bot, per_chat=0.01, per_second=500)
    texts = [f"update {i}" for i in range(6)]
    results = await asyncio.gather(*(sender.send(8001 if i % 2 == 0 else 8002, text) for i, text in enumerate(texts)))
    assert [r.text for r in results] == texts
    assert _sent_texts(env.tg, 8001) == texts[0::2]
    assert _sent_texts(env.tg, 8002) == texts[1::2]


async def test_a_screen_meeting_429_waits_and_goes_out_while_the_sender_keeps_its_own(
    env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    """The bot's own calls (a user's screen) wait out a 429 and are asked again, three times at most; the
    Sender's calls are left to the Sender, which pauses every notification."""
    from bot.app import make_bot
    from bot.config import load_settings

    bot = make_bot(load_settings(bot_token="123456789:RETRY-TEST", telegram_api_url=env.tg.base_url))
    _greet(env.tg, 9101)
    try:
        env.tg.fail_next("sendMessage", 1, retry_after=1)
        started = asyncio.get_running_loop().time()
        message = await bot.send_message(9101, "a screen")
        assert message.text == "a screen" and asyncio.get_running_loop().time() - started >= 1

        env.tg.fail_next("sendMessage", 3, retry_after=1)
        before = _send_message_calls(env.tg)
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(9101, "still limited")
        assert _send_message_calls(env.tg) - before == 3

        env.tg.fail_next("sendMessage", 1, retry_after=1)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="bot.notify"):
            assert await Sender(bot, per_chat=0).send(9101, "a reminder")
        assert "all sends paused" in caplog.text  # the Sender saw the 429 itself
        assert "SendMessage: Telegram 429" not in caplog.text  # and the middleware did not
    finally:
        await bot.session.close()
