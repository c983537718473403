"""The procedure's clock: Kazakhstan time (one zone, UTC+5, since 1 March 2024).

Every legal day of the bot comes from here: case numbers take :func:`today`'s year, deadlines count from
it, "a date in the future" and ages are judged against it, and the store's timestamps are :func:`now`
too. A test sets the clock with :func:`set_source` (or :class:`FakeClock`); nothing else does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Almaty")

Source = Callable[[], datetime]


def _system() -> datetime:
    return datetime.now(TZ)


_source: Source = _system


def now() -> datetime:
    """The current moment, aware, in Kazakhstan time."""
    return _source().astimezone(TZ)


def utc_now() -> datetime:
    """The same moment in UTC (how the store keeps timestamps)."""
    return now().astimezone(UTC)


def today() -> date:
    """Today in Kazakhstan: the legal day, whatever the server's time zone."""
    return now().date()


def set_source(source: Source | None) -> None:
    """Replace the clock (tests); ``None`` gives the system clock back."""
    global _source
    _source = source or _system


class FakeClock:
    """A clock that starts at ``start`` and runs on with real time (``tick``), or stands still; it can be
    moved with :meth:`set` and :meth:`advance`. Install it with ``set_source(clock)``."""

    def __init__(self, start: datetime, *, tick: bool = True) -> None:
        if start.tzinfo is None:
            raise ValueError("the fake clock needs an aware datetime")
        self.tick = tick
        self.set(start)

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("the fake clock needs an aware datetime")
        self._start = moment
        self._since = time.monotonic()

    def advance(self, delta: timedelta) -> None:
        self.set(self() + delta)

    def __call__(self) -> datetime:
        elapsed = time.monotonic() - self._since if self.tick else 0.0
        return self._start + timedelta(seconds=elapsed)
