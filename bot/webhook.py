"""``intake-bot webhook``: Telegram posts each update to an aiohttp server; several processes behind a load
balancer serve one bot when the store is PostgreSQL and the dialog state is in Redis (no process keeps state
of its own, reminders are claimed in the database).

* ``POST <path of WEBHOOK_URL>``: the update, accepted only with Telegram's secret-token header
  (``X-Telegram-Bot-Api-Secret-Token`` = ``WEBHOOK_SECRET``; anything else gets 401). The answer goes back only
  once the update is handled: a process that dies mid-update never answered, so Telegram (or the load
  balancer) delivers it again, to this process or another one.
* ``GET /health``: 200 when the database and Redis answer, 503 naming the one that did not. No secret, no data.
* SIGTERM or SIGINT: stop taking requests, finish the updates in flight (up to ``SHUTDOWN_TIMEOUT`` seconds),
  then stop the reminders and close the store.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Any

from aiogram import Bot
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError

from .app import App, build_app, make_bot, set_commands, start_background
from .chats import warn_if_groups_allowed
from .config import Settings

log = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT = 30.0
HEALTH_PATH = "/health"


async def health_report(app: App) -> tuple[bool, dict[str, str]]:
    """Whether this process can serve: the database answers, and Redis does where it holds the dialog state."""
    checks: dict[str, Any] = {"database": app.store.ping()}
    redis = getattr(app.storage, "redis", None)
    if redis is not None:
        checks["redis"] = redis.ping()
    report: dict[str, str] = {}
    for name, check in checks.items():
        try:
            await asyncio.wait_for(check, timeout=3)
            report[name] = "ok"
        except Exception as exc:
            report[name] = f"unavailable ({type(exc).__name__})"
    healthy = all(value == "ok" for value in report.values())
    return healthy, {"status": "ok" if healthy else "unavailable", **report}


class UpdateHandler(SimpleRequestHandler):
    """aiogram's handler, with a body that is no Telegram update (not JSON, ``{}``, a message without its fields)
    answered 400 and one log line instead of a 500 and a traceback. The secret is checked before (401)."""

    async def _handle_request(self, bot: Bot, request: web.Request) -> web.Response:
        try:
            update = Update.model_validate(await request.json(loads=bot.session.json_loads), context={"bot": bot})
        except (ValueError, TypeError, ValidationError) as error:  # JSONDecodeError is a ValueError
            log.warning(
                "webhook: refused a post that is not a Telegram update (%s, %s bytes)",
                type(error).__name__,
                request.content_length,
            )
            return web.Response(status=400, text="Bad Request: not a Telegram update")
        result: Any = await self.dispatcher.feed_webhook_update(bot, update, **self.data)
        return web.Response(body=self._build_response_writer(bot=bot, result=result))


def make_web_app(app: App, bot: Bot) -> web.Application:
    settings = app.settings
    # handle_in_background=False: answer Telegram only after the update is handled (see the module docstring)
    updates = UpdateHandler(app.dispatcher, bot, handle_in_background=False, secret_token=settings.webhook_secret)

    async def health(request: web.Request) -> web.Response:
        healthy, report = await health_report(app)
        return web.json_response(report, status=200 if healthy else 503)

    web_app = web.Application(client_max_size=1024 * 1024)  # an update is small; a document upload is a file_id
    # the route only: SimpleRequestHandler.register would close the bot's session at shutdown, before the
    # updates in flight have made their last calls
    web_app.router.add_post(settings.webhook_path, updates.handle)
    web_app.router.add_get(HEALTH_PATH, health)
    return web_app


async def run_webhook(settings: Settings, *, shutdown_timeout: float = SHUTDOWN_TIMEOUT) -> None:
    app = await build_app(settings)
    bot = make_bot(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    runner = web.AppRunner(
        make_web_app(app, bot), access_log=None, handle_signals=False, shutdown_timeout=shutdown_timeout
    )
    chores: list[asyncio.Task[None]] = []
    try:
        await runner.setup()
        host, port = settings.listen_host_port
        await web.TCPSite(runner, host, port).start()
        chores = start_background(app, bot)
        await warn_if_groups_allowed(bot)
        if settings.webhook_set:
            await bot.set_webhook(
                settings.webhook_url or "",
                secret_token=settings.webhook_secret,
                allowed_updates=app.dispatcher.resolve_used_update_types(),
            )
            await set_commands(bot, app.i18n)
        await app.dispatcher.emit_startup(bot=bot)
        log.info("webhook: listening on %s:%d", host, port)
        await stop.wait()
        log.info("webhook: stopping, finishing the updates in flight")
    finally:
        await runner.cleanup()  # closes the listener, waits for handlers in flight, then the connections
        for task in chores:
            task.cancel()
        await asyncio.gather(*chores, return_exceptions=True)
        await app.dispatcher.emit_shutdown(bot=bot)
        await bot.session.close()
        await app.close()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        log.info("webhook: stopped")
