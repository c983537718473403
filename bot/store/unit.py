"""One update, one unit of work: one session and one transaction, committed once at the end.

:class:`UnitOfWork` (the middleware that opens a unit for each update) puts the unit in a context variable; every
store call made while the update is handled (by the handler, the getters of the next screen, the dialog state)
runs in the unit's session instead of a transaction of its own. So the acting user and the case are read once (the
session's identity map hands the same rows back), a change and its audit row are written together, and the update
ends with one commit, or with a rollback when it failed. (On SQLite the database's one write lock is held from the
update's first write to its commit, which includes drawing the next screen: updates that change something are
serialized, as they were; reads are not. So nothing an update waits for while it holds that lock may be held by
another update: one user's updates take turns before the unit opens (access.py), and the dialog state locks per
key, not for all keys (fsm.py). Several processes use PostgreSQL, which locks rows.)

The audit trail gets at most one row per update and case: a later change of the same case in the same update
replaces the earlier row's action (a referral closes the case it updated: one ``case.close``), and a read adds
nothing where the update already changed or read that case. Messages to other users (``after_commit``) go out once
the unit is committed, so that no one is told of a change that might still be rolled back.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from .models import AuditEntry

log = logging.getLogger(__name__)

_current: contextvars.ContextVar[Unit | None] = contextvars.ContextVar("unit_of_work", default=None)


class Unit:
    """The session of one update, the audit rows it wrote per case, and what to do after the commit."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.audited: dict[int, AuditEntry] = {}  # case id -> the update's one audit row for that case
        self._after: list[Callable[[], Awaitable[None]]] = []
        self._undo: list[Callable[[], None]] = []
        self._before: list[Callable[[], Awaitable[None]]] = []
        self.pending: dict[Any, dict[str, dict[str, Any]]] = {}  # writes kept for one statement at the commit
        # the rows read in this update, held so that the session's identity map (weakly referencing) hands them back
        # without another query to the next call of the same update
        self.rows: list[Any] = []

    def audit(self, entry: AuditEntry) -> None:
        case_id = entry.case_id
        if case_id is None:
            self.session.add(entry)
            return
        earlier = self.audited.get(case_id)
        if earlier is None:
            self.audited[case_id] = entry
            self.session.add(entry)
        elif entry.action == "case.read":
            return  # the update already read or changed this case
        elif earlier.action == "case.read":  # a change made after the case was opened: the change is the row
            earlier.action, earlier.detail = entry.action, entry.detail
        else:  # a second change or export of the case in the same update: one row naming the last, with both
            earlier.action = entry.action
            details = [d for d in [*(earlier.detail or "").split(", "), entry.detail or ""] if d]
            earlier.detail = ", ".join(dict.fromkeys(details)) or None

    def after_commit(self, call: Callable[[], Awaitable[None]]) -> None:
        self._after.append(call)

    def before_commit(self, call: Callable[[], Awaitable[None]]) -> None:
        """Writes gathered during the update and made in one statement just before the commit."""
        self._before.append(call)

    def on_rollback(self, call: Callable[[], None]) -> None:
        """Something kept in memory beside the session (a cached row) to forget if the unit is rolled back."""
        self._undo.append(call)

    async def commit(self) -> None:
        """The writes gathered for the commit, then the commit."""
        for call in self._before:
            await call()
        await self.session.commit()

    async def notify(self) -> None:
        """What waited for the commit (messages to other users)."""
        for call in self._after:
            try:
                await call()
            except Exception:  # a notice that cannot go out does not undo what was committed
                log.exception("a call after the commit failed")


def current() -> Unit | None:
    """The unit of the update being handled, if any (the command line and the reminder loop have none)."""
    return _current.get()


@asynccontextmanager
async def writing(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """The session to write in: the update's unit (committed once, at the end of the update), else a transaction
    of its own (the command line, the reminder loop), committed when the block ends."""
    unit = current()
    if unit is not None:
        yield unit.session
        return
    async with sessions.begin() as session:
        yield session


@asynccontextmanager
async def reading(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """The session to read in: the update's unit when there is one, else a session of its own."""
    unit = current()
    if unit is not None:
        yield unit.session
        return
    async with sessions() as session:
        yield session


async def run_in_unit(session: AsyncSession, work: Callable[[Unit], Awaitable[Any]]) -> Any:
    """Run ``work`` in a new unit on ``session``: committed when it returns, rolled back when it raises."""
    unit = Unit(session)
    token = _current.set(unit)
    try:
        result = await work(unit)
        await unit.commit()  # inside the try: a failing write or commit rolls the unit back and forgets its cache
    except BaseException:
        await session.rollback()
        for undo in unit._undo:
            undo()
        raise
    finally:
        _current.reset(token)
    await unit.notify()
    return result
