"""The case store: the only place that runs SQL."""

from .api import (
    Actor, AuditLine, CaseSummary, CaseView, ChildView, DraftSummary, Forbidden, InviteError, NotFound, PersonView,
    ReportView, ShareRefused, Store,
)

__all__ = ["Actor", "AuditLine", "InviteError", "ShareRefused", "CaseSummary", "CaseView", "ChildView", "DraftSummary", "Forbidden", "NotFound", "PersonView",
           "ReportView", "Store"]
