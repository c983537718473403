"""The intake as data: its records (the investigation, the conversation checklist, the interpreter) and its steps
in one table, from which the bot knows what is still missing, where an interrupted intake resumes, where ⬅ Back
goes and which section a step belongs to. Nothing here touches the store or Telegram."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from .conversation import CHECKLIST, INTERPRETER_CHECKLIST, INTERPRETER_ESSENTIAL, MINOR_WAYS, NEEDS, URGENT, Item
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


def _every(items: tuple[Item, ...], marks: Mapping[str, bool]) -> dict[str, bool]:
    """Every item of a list with its mark (unmarked: False): what a confirmed list records."""
    return {item.id: bool(marks.get(item.id)) for item in items}


def _toggled(items: tuple[Item, ...], marks: Mapping[str, bool], item_id: str) -> dict[str, bool]:
    """The marks with one item flipped; ``ValueError`` for an item not on the list."""
    if item_id not in {item.id for item in items}:
        raise ValueError(f"no item {item_id!r}")
    every = _every(items, marks)
    return every | {item_id: not every[item_id]}


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
        return replace(self, items=None, draft=_toggled(CHECKLIST, self.marks, item_id))

    def confirm(self, reason: str | None = None) -> Checklist:
        """Confirmed as ticked; unmet conditions need a reason (``ValueError`` without one)."""
        marks = _every(CHECKLIST, self.marks)
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
    briefed: bool = False  # the specialist read the briefing to the interpreter

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
            bool(data.get("briefed")),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"present": bool(self.present)}
        for key in ("name", "languages"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.briefed:
            out["briefed"] = True
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
        return replace(self, checklist=None, draft=_toggled(INTERPRETER_CHECKLIST, self.marks, item_id))

    def confirm(self) -> Interpreter:
        return replace(self, checklist=_every(INTERPRETER_CHECKLIST, self.marks), draft={})

    def brief(self) -> Interpreter:
        """The briefing was read to the interpreter: recorded, and its checklist statement ticked."""
        marks = _every(INTERPRETER_CHECKLIST, self.marks) | {"briefed": True}
        return replace(self, briefed=True, checklist=None, draft=marks)


@dataclass(frozen=True)
class Talk:
    """The conversation with the person, in a practitioner's order: the immediate needs and safety check (``needs``
    once confirmed, ``draft`` while ticked), the minors path (``representative``: who stands by a person under 18,
    para 19), the opening read out and understood, the conversation closed (then the sheet)."""

    needs: Mapping[str, bool] | None = None
    draft: Mapping[str, bool] = field(default_factory=dict)
    representative: str | None = None
    opening: bool = False
    closed: bool = False

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Talk:
        data = data or {}
        return cls(
            _marks(data.get("needs")),
            _marks(data.get("draft")) or {},
            data.get("representative"),
            bool(data.get("opening")),
            bool(data.get("closed")),
        )

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.needs is not None:
            out["needs"] = dict(self.needs)
        if self.draft:
            out["draft"] = dict(self.draft)
        for key in ("representative", "opening", "closed"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out

    @property
    def marks(self) -> Mapping[str, bool]:
        return self.draft or self.needs or {}

    @property
    def urgent(self) -> list[str]:
        """The urgent answers confirmed, in the screen's order: each leads to what to do now."""
        return [need for need in URGENT if (self.needs or {}).get(need)]

    @property
    def may_be_minor(self) -> bool:
        """Flagged at the needs check: the person could be under 18 (the age may be unknown)."""
        return bool((self.needs or {}).get("minor"))

    def tick(self, need: str) -> Talk:
        return replace(self, needs=None, draft=_toggled(NEEDS, self.marks, need))

    def confirm(self) -> Talk:
        return replace(self, needs=_every(NEEDS, self.marks), draft={})

    def stand_by(self, way: str) -> Talk:
        if way not in {item.id for item in MINOR_WAYS}:
            raise ValueError(f"no way {way!r}")
        return replace(self, representative=way)


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
    @property
    def talk(self) -> Talk: ...
    @property
    def minor(self) -> bool: ...


def _always(case: IntakeCase) -> bool:
    return True


def _investigation(case: IntakeCase) -> bool:
    return case.basis is Basis.INVESTIGATION


def _with_interpreter(case: IntakeCase) -> bool:
    return bool(case.interpreter and case.interpreter.present)


def _minor(case: IntakeCase) -> bool:
    return case.minor


def _conversation(case: IntakeCase) -> bool:
    """The conversation and its sheet: not on para 13-1, where the investigation has recognized the person."""
    return case.basis is not Basis.INVESTIGATION


@dataclass(frozen=True)
class Step:
    """One screen of the intake. A main step (``parent`` None) is asked in order while ``missing``; a sub-step
    hangs off its parent (⬅ Back returns to the parent) and is asked when it ``applies`` and is ``missing``."""

    id: str  # the name of its state in ``dialogs.states.Intake``
    section: (
        int  # 1 basis, 2 room, 3 language, 4 needs, 5 health, 6 opening and consent, 7 person, 8 talk (9 the sheet)
    )
    missing: Callable[[IntakeCase], bool] | None = None  # None: a screen that is never "missing" by itself
    applies: Callable[[IntakeCase], bool] = _always
    parent: str | None = None


SECTIONS = 9
STEPS: tuple[Step, ...] = (
    Step("basis", 1),
    Step("investigation_number", 1, lambda c: not c.investigation.number, _investigation),
    Step("investigation_date", 1, lambda c: not c.investigation.date, _investigation),
    # before the person comes in: the place and the room, the language, the interpreter and their briefing
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
        "interpreter_briefing",
        3,
        lambda c: not (c.interpreter or Interpreter()).briefed,
        _with_interpreter,
        parent="interpreter_language",
    ),
    Step(
        "interpreter_checklist",
        3,
        lambda c: (c.interpreter or Interpreter()).checklist is None,
        _with_interpreter,
        parent="interpreter_briefing",
    ),
    # the first thing with the person: their needs and safety; a possible minor's representative (para 19), also
    # asked once the date of birth shows the person is under 18
    Step("needs", 4, lambda c: c.talk.needs is None),
    Step("needs_action", 4, parent="needs"),
    Step("minor", 4, lambda c: not c.talk.representative, _minor),
    # para 6, judged by the specialist, before anything personal is asked
    Step("contraindications", 5, lambda c: c.contraindications is None),
    Step("referral", 5, parent="contraindications"),
    # the opening, then consent (Annex 1): no personal data before both
    Step("opening", 6, lambda c: not c.talk.opening),
    Step("consent", 6, lambda c: not c.consent),
    Step("consent_refused", 6, parent="consent"),
    Step("surname", 7, lambda c: not c.person.surname),
    Step("first_name", 7, lambda c: not c.person.first_name),
    Step("patronymic", 7, lambda c: c.person.patronymic is None),
    Step("birth_date", 7, lambda c: c.person.birth_date is None),
    Step("birth_calendar", 7, parent="birth_date"),
    Step("sex", 7, lambda c: not c.person.sex),
    Step("citizenship", 7, lambda c: not c.person.citizenship),
    Step("not_eligible", 7, parent="citizenship"),
    Step("documents", 7, lambda c: not c.person.has_documents),
    Step("children", 7, lambda c: not c.children_done),
    Step("child_surname", 7, parent="children"),
    Step("child_first_name", 7, parent="child_surname"),
    Step("child_patronymic", 7, parent="child_first_name"),
    Step("child_birth_date", 7, parent="child_patronymic"),
    Step("child_relation", 7, parent="child_birth_date"),
    # the conversation: the person's own account, the topics in the order of a story, the closing; then the sheet
    Step("conversation", 8, lambda c: not c.talk.closed, _conversation),
    Step("topic", 8, parent="conversation"),
    Step("closing", 8, parent="conversation"),
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
