"""The bot's flows. ``build_router()`` makes fresh Dialog objects each call, because a Dialog can be
attached to one Dispatcher only (tests build several)."""

from aiogram import Router
from aiogram_dialog import Dialog

from . import (
    admission,
    breaks,
    card,
    cases,
    children,
    conversation,
    documents,
    drafts,
    ending,
    evaluation,
    intake,
    permit,
    person,
    plan,
    police,
    report,
    resocialization,
    saved,
    share,
    start,
    statistics,
    status,
    talk,
    team,
)


def build_router() -> Router:
    router = Router(name="dialogs")
    router.include_router(start.commands_router())
    router.include_router(status.status_router())
    router.include_router(drafts.drafts_router())
    for dialog in (
        *start.dialogs(),
        Dialog(*intake.WINDOWS, *conversation.WINDOWS, *talk.WINDOWS, *person.WINDOWS, *children.WINDOWS),
        breaks.dialog(),
        evaluation.dialog(),
        saved.dialog(),
        report.dialog(),
        documents.dialog(),
        cases.dialog(),
        team.dialog(),
        share.dialog(),
        permit.dialog(),
        Dialog(*admission.WINDOWS, *police.WINDOWS),
        card.dialog(),
        Dialog(*resocialization.WINDOWS, *plan.WINDOWS, *ending.WINDOWS),
        Dialog(ending.OVERVIEW),
        status.dialog(),
        drafts.dialog(),
        statistics.dialog(),
    ):
        router.include_router(dialog)
    router.include_router(start.fallback_router())
    return router
