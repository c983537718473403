"""The store's public face: :class:`Store` assembled from its parts, one per stage of a case. Each call takes the
acting user, checks scope by the one access rule (``base.StoreBase._load``), and writes its audit row in the same
transaction as the read or change (one unit of work per update: ``unit.py``). Dialogs call these; nothing else
runs SQL."""

from __future__ import annotations

from .admission import Admissions
from .conversation import Conversation
from .directory import Directory
from .oversight import Oversight
from .permits import Permits
from .reports import Reports
from .resocialization import Resocialization
from .retention import Retention
from .schedule import Scheduling
from .staff import Overview, Staff
from .statistics import Statistics


class Store(
    Directory,
    Conversation,
    Reports,
    Oversight,
    Permits,
    Admissions,
    Resocialization,
    Staff,
    Overview,
    Scheduling,
    Retention,
    Statistics,
):
    """The case store (see the module docstring)."""


__all__ = ["Store"]
