"""The bot's flows. ``build_router()`` makes fresh Dialog objects each call, because a Dialog can be
attached to one Dispatcher only (tests build several)."""

from aiogram import Router

from . import cases, documents, evaluation, intake, report, saved, share, start, team


def build_router() -> Router:
    router = Router(name="dialogs")
    router.include_router(start.commands_router())
    for dialog in (*start.dialogs(), intake.dialog(), evaluation.dialog(), saved.dialog(), report.dialog(),
                   documents.dialog(), cases.dialog(), team.dialog(), share.dialog()):
        router.include_router(dialog)
    router.include_router(start.fallback_router())
    return router
