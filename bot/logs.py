"""The console and the log: the bot's own lines, not third-party chatter; one JSON object a line with
``LOG_FORMAT=json`` (for journald and container log collectors).

``bot.*`` and ``dialogs.*`` log at ``LOG_LEVEL``; every other library (aiogram's "Start polling", Alembic's
plugin set-up, fontTools' subsetting of the documents' font, aiosqlite, ...) only from WARNING up. Each line
of an update carries its ``update_id`` (set by :class:`UpdateContext`, the first middleware), and nothing
personal: the bot never logs typed text, names or message texts, only ids, counts and kinds of errors.
"""

from __future__ import annotations

import contextvars
import logging
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

OWN = ("bot", "dialogs")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(update_id)s"

log = logging.getLogger(__name__)
_update_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("update_id", default=None)


class _UpdateId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.update_id = _update_id.get()
        return True


def setup_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Configure the root logger once for the command line (``run``, ``webhook``, ``demo``, every subcommand)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_UpdateId())
    if fmt == "json":
        from pythonjsonlogger.json import JsonFormatter

        handler.setFormatter(
            JsonFormatter(
                JSON_FIELDS,
                rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                json_ensure_ascii=False,
            )
        )
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(max(logging.WARNING, logging.getLevelName(level)))  # third parties: warnings and errors
    for name in OWN:
        logging.getLogger(name).setLevel(level)


def _kind(event: TelegramObject) -> str:
    if not isinstance(event, Update):
        return type(event).__name__
    try:
        return event.event_type
    except Exception:  # an update of a kind this aiogram does not know
        return "unknown update"


class UpdateContext(BaseMiddleware):
    """Every log line written while an update is handled names the update (and nothing from it); one
    access line per update says its kind and how long it took, for latency and error-rate dashboards."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        token = _update_id.set(event.update_id if isinstance(event, Update) else None)
        kind = _kind(event)
        started = time.perf_counter()
        outcome = "failed"
        try:
            result = await handler(event, data)
            outcome = "handled"
            return result
        finally:
            log.info("%s %s in %.0f ms", outcome, kind, (time.perf_counter() - started) * 1000)
            _update_id.reset(token)
