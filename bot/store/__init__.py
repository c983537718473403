"""The case store: the only place that runs SQL."""

from .api import (
    Actor, CaseSummary, CaseView, ChildView, DraftSummary, Forbidden, NotFound, PersonView, ReportView, Store,
)

__all__ = ["Actor", "CaseSummary", "CaseView", "ChildView", "DraftSummary", "Forbidden", "NotFound", "PersonView",
           "ReportView", "Store"]
