"""The intake as data: its records (the investigation, the conversation checklist, the interpreter) and its steps
in one table, from which the bot knows what is still missing, where an interrupted intake resumes, where ⬅ Back
goes and which section a step belongs to. Nothing here touches the store or Telegram."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from .conversation import CHECKLIST, INTERPRETER_CHECKLIST, INTERPRETER_ESSENTIAL
from .lifecycle import Basis

# --- the records ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Investigation:
    """Para 13-1: the pre-trial investigation in which the person is recognized as a victim."""

    number: str | None = None
    date: date | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Investigation:
        data = data or {}
        day = data.get("date")
        return cls(data.get("number"), date.fromisoformat(day) if day else None)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in (("number", self.number), ("date", self.date and self.date.isoformat())) if v}


def _marks(data: Mapping[str, Any] | None) -> dict[str, bool] | None:
    return {k: bool(v) for k, v in data.items()} if data is not None else None


@dataclass(frozen=True)
class Checklist:
    """Para 13: the place, and each condition of the room and of the specialist; ``items`` once confirmed (an
    unmet one with its written ``reason``), ``draft`` the marks being ticked before that."""

    place: str | None = None
    items: Mapping[str, bool] | None = None
    draft: Mapping[str, bool] = field(default_factory=dict)
    reason: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Checklist:
        data = data or {}
        return cls(data.get("place"), _marks(data.get("items")), _marks(data.get("draft")) or {}, data.get("reason"))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"place": self.place} if self.place else {}
        if self.items is not None:
            out["items"] = dict(self.items)
        if self.draft:
            out["draft"] = dict(self.draft)
        if self.reason:
            out["reason"] = self.reason
        return out

    @property
    def marks(self) -> Mapping[str, bool]:
        """What the screen shows ticked: the draft being ticked, else what was confirmed."""
        return self.draft or self.items or {}

    @property
    def unmet(self) -> list[str]:
        return [item.id for item in CHECKLIST if not self.marks.get(item.id)]

    def tick(self, item_id: str) -> Checklist:
        if item_id not in {item.id for item in CHECKLIST}:
            raise ValueError(f"no checklist item {item_id!r}")
        marks = {item.id: bool(self.marks.get(item.id)) for item in CHECKLIST}
        marks[item_id] = not marks[item_id]
        return replace(self, items=None, draft=marks)

    def confirm(self, reason: str | None = None) -> Checklist:
        """Confirmed as ticked; unmet conditions need a reason (``ValueError`` without one)."""
        marks = {item.id: bool(self.marks.get(item.id)) for item in CHECKLIST}
        if not all(marks.values()) and not reason:
            raise ValueError("unmet conditions need a reason")
        return replace(self, items=marks, draft={}, reason=reason if not all(marks.values()) else None)


@dataclass(frozen=True)
class Interpreter:
    """The interpreter (para 40): present or not; name and languages; the checklist, confirmed or being ticked."""

    present: bool | None = None
    name: str | None = None
    languages: str | None = None
    checklist: Mapping[str, bool] | None = None
    draft: Mapping[str, bool] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Interpreter | None:
        if data is None:
            return None
        return cls(
            data.get("present"),
            data.get("name"),
            data.get("languages"),
            _marks(data.get("checklist")),
            _marks(data.get("draft")) or {},
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"present": bool(self.present)}
        for key in ("name", "languages"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.checklist is not None:
            out["checklist"] = dict(self.checklist)
        if self.draft:
            out["draft"] = dict(self.draft)
        return out

    @property
    def marks(self) -> Mapping[str, bool]:
        return self.draft or self.checklist or {}

    @property
    def essentials_met(self) -> bool:
        return all(self.marks.get(item) for item in INTERPRETER_ESSENTIAL)

    def tick(self, item_id: str) -> Interpreter:
        if item_id not in {item.id for item in INTERPRETER_CHECKLIST}:
            raise ValueError(f"no interpreter checklist item {item_id!r}")
        marks = {item.id: bool(self.marks.get(item.id)) for item in INTERPRETER_CHECKLIST}
        marks[item_id] = not marks[item_id]
        return replace(self, checklist=None, draft=marks)

    def confirm(self) -> Interpreter:
        return replace(
            self, checklist={item.id: bool(self.marks.get(item.id)) for item in INTERPRETER_CHECKLIST}, draft={}
        )


# --- the steps ----------------------------------------------------------------------------------------------------


class IntakeCase(Protocol):
    """What the step table reads of a case (the store's ``CaseView`` has it)."""

    @property
    def basis(self) -> Basis | None: ...
    @property
    def investigation(self) -> Investigation: ...
    @property
    def checklist(self) -> Checklist: ...
    @property
    def interview_language(self) -> str | None: ...
    @property
    def interpreter(self) -> Interpreter | None: ...
    @property
    def consent(self) -> bool | None: ...
    @property
    def person(self) -> Any: ...
    @property
    def children_done(self) -> bool: ...
    @property
    def contraindications(self) -> list[str] | None: ...


def _always(case: IntakeCase) -> bool:
    return True


def _investigation(case: IntakeCase) -> bool:
    return case.basis is Basis.INVESTIGATION


def _with_interpreter(case: IntakeCase) -> bool:
    return bool(case.interpreter and case.interpreter.present)


@dataclass(frozen=True)
class Step:
    """One screen of the intake. A main step (``parent`` None) is asked in order while ``missing``; a sub-step
    hangs off its parent (⬅ Back returns to the parent) and is asked when it ``applies`` and is ``missing``."""

    id: str  # the name of its state in ``dialogs.states.Intake``
    section: int  # 1 basis, 2 conversation, 3 language, 4 consent, 5 person, 6 health (7 is the sheet)
    missing: Callable[[IntakeCase], bool] | None = None  # None: a screen that is never "missing" by itself
    applies: Callable[[IntakeCase], bool] = _always
    parent: str | None = None


SECTIONS = 7
STEPS: tuple[Step, ...] = (
    Step("basis", 1),
    Step("investigation_number", 1, lambda c: not c.investigation.number, _investigation),
    Step("investigation_date", 1, lambda c: not c.investigation.date, _investigation),
    Step("place", 2, lambda c: not c.checklist.place),
    Step("checklist", 2, lambda c: c.checklist.items is None),
    Step("checklist_reason", 2, parent="checklist"),
    Step("interview_language", 3, lambda c: not c.interview_language),
    Step("other_language", 3, parent="interview_language"),
    Step("interpreter", 3, lambda c: c.interpreter is None),
    Step(
        "interpreter_name",
        3,
        lambda c: not (c.interpreter or Interpreter()).name,
        _with_interpreter,
        parent="interpreter",
    ),
    Step(
        "interpreter_language",
        3,
        lambda c: not (c.interpreter or Interpreter()).languages,
        _with_interpreter,
        parent="interpreter_name",
    ),
    Step(
        "interpreter_checklist",
        3,
        lambda c: (c.interpreter or Interpreter()).checklist is None,
        _with_interpreter,
        parent="interpreter_language",
    ),
    Step("consent", 4, lambda c: not c.consent),
    Step("consent_refused", 4, parent="consent"),
    Step("surname", 5, lambda c: not c.person.surname),
    Step("first_name", 5, lambda c: not c.person.first_name),
    Step("patronymic", 5, lambda c: c.person.patronymic is None),
    Step("birth_date", 5, lambda c: c.person.birth_date is None),
    Step("birth_calendar", 5, parent="birth_date"),
    Step("sex", 5, lambda c: not c.person.sex),
    Step("citizenship", 5, lambda c: not c.person.citizenship),
    Step("not_eligible", 5, parent="citizenship"),
    Step("documents", 5, lambda c: not c.person.has_documents),
    Step("children", 5, lambda c: not c.children_done),
    Step("child_surname", 5, parent="children"),
    Step("child_first_name", 5, parent="child_surname"),
    Step("child_patronymic", 5, parent="child_first_name"),
    Step("child_birth_date", 5, parent="child_patronymic"),
    Step("child_relation", 5, parent="child_birth_date"),
    Step("contraindications", 6, lambda c: c.contraindications is None),
    Step("referral", 6, parent="contraindications"),
)
BY_ID = {step.id: step for step in STEPS}
MAIN = tuple(step for step in STEPS if step.parent is None)


def first_missing(case: IntakeCase) -> str | None:
    """The first step whose answer is not recorded: where an interrupted intake resumes (None: the sheet is next)."""
    for step in STEPS:
        if step.missing is not None and step.applies(case) and step.missing(case):
            return step.id
    return None


def step_back(step_id: str, case: IntakeCase | None) -> str | None:
    """Where ⬅ Back goes from ``step_id``: a sub-step's parent, else the previous main step that applies to the
    case (None from the first step: out of the intake)."""
    step = BY_ID[step_id]
    if step.parent is not None:
        return step.parent
    index = MAIN.index(step)
    for earlier in reversed(MAIN[:index]):
        if case is None or earlier.applies(case):
            return earlier.id
    return None


def section(step_id: str) -> int:
    return BY_ID[step_id].section
