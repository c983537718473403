"""The procedure's clock: Kazakhstan time (one zone, UTC+5, since 1 March 2024)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Almaty")


def now() -> datetime:
    return datetime.now(TZ)


def today() -> date:
    return now().date()
