"""The case store: the only place that runs SQL."""

from .api import Actor, CaseView, DraftSummary, Forbidden, NotFound, PersonView, Store

__all__ = ["Actor", "CaseView", "DraftSummary", "Forbidden", "NotFound", "PersonView", "Store"]
