"""What the screens and the documents of resocialization (paras 27-45, Annexes 6 and 7) read of one recipient of
services: plain, frozen views (decrypted), built by the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..standard.resocialization import PLAN_PROBLEMS, Due, Ending, PlanProblem, Position, Service


class PlanRefused(ValueError):
    """A value resocialization refuses, nothing written: ``problem`` says why (its message is
    ``resocialization.PLAN_PROBLEMS[problem]``, formatted with ``values``: {start}, {end} as dates)."""

    def __init__(self, problem: PlanProblem, **values: Any):
        super().__init__(PLAN_PROBLEMS[problem])
        self.problem = problem
        self.values: dict[str, Any] = values


@dataclass(frozen=True)
class NeedsView:
    """The needs assessment (paras 27-28)."""

    observed_from: date
    observed_to: date
    needs: dict[Service, str]  # per type of service: the need found ("" where there is none)
    opinion: str  # the recipient's own opinion
    assessed_on: date
    assessed_by: str  # the specialist's name


@dataclass(frozen=True)
class PlanItemView:
    service: Service
    measure: str  # what is done (Annex 6 column 3)
    specialist_id: int | None
    specialist: str  # the responsible specialist's name (column 4)
    on: date  # the date set (column 5)


@dataclass(frozen=True)
class PlanView:
    """One version of the individual plan (para 29, Annex 6). A revision (para 32) is a new version; the approved
    version before it stays in force until the head approves the new one."""

    version: int  # 1, 2, ...
    period_from: date
    period_to: date
    items: tuple[PlanItemView, ...]
    state: str  # "draft", "approved", "superseded"
    reason: str | None  # why it was revised (None for the first)
    created_on: date
    created_by: str
    approved_on: date | None = None
    approver: str | None = None  # the head's surname, first name, patronymic, as the approval block prints them

    def items_of(self, service: Service) -> tuple[PlanItemView, ...]:
        return tuple(item for item in self.items if item.service is service)


@dataclass(frozen=True)
class MonitoringView:
    """One line of the journal (Annex 7): a type of service in a quarter."""

    quarter: int
    service: Service
    positive: str  # positive changes, described ("" if none)
    areas: tuple[str, ...]  # resocialization.CHANGE_AREAS ids the positive changes are in
    no_change: str  # no changes or deterioration, with the reasons ("" if none)
    decision: str  # the decision on adjusting the plan ("" : no adjustment)
    on: date
    specialist_id: int | None
    specialist: str


@dataclass(frozen=True)
class EventView:
    """A recorded event of the stay: "violation", "absence", "suspension", "resumption", "readmission"."""

    kind: str
    on: date
    by: str
    note: str = ""


@dataclass(frozen=True)
class EndingView:
    """How services ended (chapter 7), on the head's order (para 44), and what was handed back (para 45)."""

    kind: Ending
    ground: str  # resocialization.GROUNDS id
    order_number: str
    order_date: date
    ended_on: date
    decided_by: str  # the head's name
    referral: str | None = None  # para 42: the medical or social organization the recipient is referred to
    handed_back: frozenset[str] = frozenset()  # resocialization.HAND_BACK ids ticked off


@dataclass(frozen=True)
class ResocializationView:
    case_id: int
    case_number: str
    recipient_id: int
    number: str  # the recipient's own number ("2026-0007" or "2026-0007/1")
    name: str  # the recipient's surname, first name, patronymic
    birth_date: date | None
    organization: str
    admitted_on: date
    signed: date  # the agreement
    ends: date  # the agreement's last day (extended, if so)
    identification: tuple[str, ...]  # the sheet rows found present at identification (shown at the assessment)
    practice: bool = False
    needs: NeedsView | None = None
    plans: tuple[PlanView, ...] = ()  # oldest first
    monitoring: tuple[MonitoringView, ...] = ()
    events: tuple[EventView, ...] = ()
    ending: EndingView | None = None
    suspended_since: date | None = None
    absent_since: date | None = None
    violations: int = 0
    dues: tuple[Due, ...] = ()
    own_specialist_id: int | None = None
    may_record: frozenset[Service] = field(default_factory=frozenset)  # what the viewing user may record
    position: Position | None = None  # the viewing user's post

    @property
    def plan(self) -> PlanView | None:
        """The plan in force: the newest approved version."""
        approved = [p for p in self.plans if p.state == "approved"]
        return approved[-1] if approved else None

    @property
    def draft(self) -> PlanView | None:
        return self.plans[-1] if self.plans and self.plans[-1].state == "draft" else None

    @property
    def read_only(self) -> bool:
        """Services ended: nothing changes any more but the ticks of what was handed back (para 45)."""
        return self.ending is not None

    def quarter(self, n: int) -> tuple[MonitoringView, ...]:
        return tuple(m for m in self.monitoring if m.quarter == n)
