"""A process that starts while Telegram is out of reach keeps running (its health check answers; updates come once
Telegram does): the start-up check whether the bot may join groups only logs that it could not ask."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import GetMe

from bot.chats import warn_if_groups_allowed


class Unreachable:
    async def me(self):
        raise TelegramNetworkError(method=GetMe(), message="ClientConnectorDNSError: api.telegram.org")


async def test_telegram_out_of_reach_at_start_is_logged_not_fatal(caplog):
    with caplog.at_level(logging.WARNING, logger="bot.chats"):
        await warn_if_groups_allowed(Unreachable())  # type: ignore[arg-type]
    assert "could not ask Telegram" in caplog.text and "api.telegram.org" not in caplog.text
