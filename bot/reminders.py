"""Reminders before a deadline, on it, and when it has passed. Computed from the store on every pass and
claimed in the store before sending, so a restart loses none and no process sends one twice."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from aiogram.utils.i18n import I18n

from .i18n import format_date
from .standard import N_, clock
from .store import Store

log = logging.getLogger(__name__)

TEXTS = {
    "before": N_("Reminder, case {number}: «{what}» (para {paragraph}) is due {due}."),
    "due": N_("Today is the deadline, case {number}: «{what}» (para {paragraph})."),
    "overdue": N_("Overdue, case {number}: «{what}» (para {paragraph}) was due {due}."),
}


async def send_due_reminders(store: Store, sender: object, i18n: I18n, now: datetime | None = None) -> int:
    """One pass: every reminder whose time has come and that no one has sent yet. Returns how many
    messages went out."""
    now = now or clock.now()
    sent = 0
    for line, kind, recipients in await store.reminders_due(now):
        deadline = line.deadline
        claim = (line.id, deadline.rule.id, kind, deadline.due)
        if not await store.mark_reminder(*claim):
            continue  # another process, or an earlier pass, has it
        messages = []
        for user in recipients:
            locale = user.locale or i18n.default_locale
            messages.append((user.telegram_id, i18n.gettext(TEXTS[kind], locale=locale).format(
                number=line.number, what=i18n.gettext(deadline.rule.text, locale=locale),
                paragraph=deadline.rule.paragraph, due=format_date(deadline.due, locale)), {"protect_content": True}))
        try:
            results = await sender.send_many(messages)
        except Exception:
            await store.release_reminder(*claim)  # not lost: the next pass sends it again
            raise
        await store.confirm_reminder(*claim)
        sent += sum(result is not None for result in results)
    if sent:
        log.info("sent %d reminder message(s)", sent)
    return sent


async def reminder_loop(store: Store, sender: object, i18n: I18n, every: float = 60) -> None:
    while True:
        try:
            await send_due_reminders(store, sender, i18n)
        except Exception:  # noqa: BLE001 - a failed pass is retried on the next one
            log.exception("reminder pass failed")
        await asyncio.sleep(every)
