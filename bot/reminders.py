"""Reminders before a deadline, on it, and when it has passed. Computed from the store on every pass and
claimed in the store before sending, so a restart loses none and no process sends one twice."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

from aiogram.utils.i18n import I18n

from .i18n import format_date
from .notify import SendManyError
from .standard import N_, clock
from .store import Store

log = logging.getLogger(__name__)

TEXTS = {
    "before": N_("Reminder, case {number}: «{what}» (para {paragraph}) is due {due}."),
    "due": N_("Today is the deadline, case {number}: «{what}» (para {paragraph})."),
    "overdue": N_("Overdue, case {number}: «{what}» (para {paragraph}) was due {due}."),
}


# Reminders claimed and sent at a time: a pass with thousands due (after a holiday) goes out in turns, so the
# bot's other processes take their share, and a process that dies holds back at most one batch's claims.
BATCH = 50


async def send_due_reminders(store: Store, sender: Any, i18n: I18n, now: datetime | None = None) -> int:
    """One pass: every reminder whose time has come and that no one has sent yet. Each is claimed first (another
    process, or an earlier pass, may have it), then all go out at once through the sender, which spaces them by
    chat and by bot; a reminder that could not be sent is given back for the next pass. Returns how many messages
    went out."""
    now = now or clock.now()
    due = await store.reminders_due(now)
    sent = 0
    for start in range(0, len(due), BATCH):
        sent += await _send_batch(store, sender, i18n, due[start : start + BATCH])
    if sent:
        log.info("sent %d reminder message(s)", sent)
    return sent


async def _send_batch(store: Store, sender: Any, i18n: I18n, due: list[Any]) -> int:
    claimed: list[tuple[tuple[Any, ...], list[tuple[int, str, dict[str, Any]]]]] = []
    for line, kind, recipients in due:
        deadline = line.deadline
        claim = (line.id, deadline.rule.id, kind, deadline.due)
        if not await store.mark_reminder(*claim):
            continue
        messages = []
        for user in recipients:
            locale = user.locale or i18n.default_locale
            messages.append(
                (
                    user.telegram_id,
                    i18n.gettext(TEXTS[kind], locale=locale).format(
                        number=line.number,
                        what=i18n.gettext(deadline.rule.text, locale=locale),
                        paragraph=deadline.rule.paragraph,
                        due=format_date(deadline.due, locale),
                    ),
                    {"protect_content": True},
                )
            )
        claimed.append((claim, messages))
    if not claimed:
        return 0
    flat = [message for _, messages in claimed for message in messages]
    try:
        results: list[Any] = await sender.send_many(flat)
    except SendManyError as error:
        results = error.results
    sent, at = 0, 0
    for claim, messages in claimed:
        mine = results[at : at + len(messages)]
        at += len(messages)
        if any(isinstance(result, Exception) for result in mine):
            await store.release_reminder(*claim)  # not lost: the next pass sends it again
        else:
            await store.confirm_reminder(*claim)
        sent += sum(result is not None and not isinstance(result, Exception) for result in mine)
    failed = sum(isinstance(result, Exception) for result in results)
    if failed:
        log.warning("%d reminder message(s) could not be sent; they are tried again on the next pass", failed)
    return sent


async def reminder_loop(store: Store, sender: object, i18n: I18n, every: float = 60) -> None:
    while True:
        try:
            await send_due_reminders(store, sender, i18n)
        except Exception:
            log.exception("reminder pass failed")
        await asyncio.sleep(every)
