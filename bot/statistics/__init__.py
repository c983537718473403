"""Anonymized statistics for heads, officers and the ministry: the chart drawn on the phone (:mod:`.chart`) and the
exports, all built from the suppressed :class:`bot.standard.breakdowns.Report`."""

from __future__ import annotations

from collections.abc import Callable

from bot.standard.statistics import SCOPE_TITLES, Scope, ScopeKind


def scope_text(scope: Scope, gettext: Callable[[str], str]) -> str:
    """ "District: Almaly", "The whole country": the scope as the chart and the exports title it."""
    title = gettext(SCOPE_TITLES[scope.kind])
    return f"{title}: {scope.name}" if scope.name and scope.kind is not ScopeKind.COUNTRY else title
