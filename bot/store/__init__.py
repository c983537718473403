"""The case store: the only place that runs SQL."""

from .api import Store
from .resocialization_views import PlanRefused, ResocializationView
from .views import (
    Actor,
    AlreadyDecided,
    AuditLine,
    CaseSummary,
    CaseView,
    ChildView,
    DraftSummary,
    Forbidden,
    InviteError,
    NotFound,
    PersonView,
    PoliceView,
    RecipientView,
    ReportView,
    ShareRefused,
    StatusLine,
    StatusPage,
)

__all__ = [
    "Actor",
    "AlreadyDecided",
    "AuditLine",
    "CaseSummary",
    "CaseView",
    "ChildView",
    "DraftSummary",
    "Forbidden",
    "InviteError",
    "NotFound",
    "PersonView",
    "PlanRefused",
    "PoliceView",
    "RecipientView",
    "ReportView",
    "ResocializationView",
    "ShareRefused",
    "StatusLine",
    "StatusPage",
    "Store",
]
