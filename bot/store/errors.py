"""What the store refuses with: out of scope, not allowed, decided already, an unusable invitation, a share
without its grounds."""

from __future__ import annotations

from datetime import date


class NotFound(LookupError):
    """No such case for this user: absent and out of scope look the same."""


class Forbidden(PermissionError):
    pass


class AlreadyDecided(RuntimeError):
    """Another officer decided first; ``who`` and ``on`` say who and when."""

    def __init__(self, who: str, on: date | None):
        super().__init__(who)
        self.who = who
        self.on = on


class InviteError(LookupError):
    """An invitation that cannot be used: ``reason`` is "unknown", "used" or "expired"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ShareRefused(PermissionError):
    """Sharing with law enforcement needs both a written request and the person's written consent."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
