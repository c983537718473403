"""The intake: a new case, its answers step by step, the person and the children, the sheet, the verdict;
the specialist's unfinished intakes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..standard import clock, lifecycle
from ..standard.conversation import CONTRAINDICATIONS, PLACES
from ..standard.intake import Checklist, Interpreter, Investigation
from ..standard.lifecycle import Basis, Status
from ..standard.person import Citizenship
from ..standard.roles import Role
from ..standard.sheet import EDITIONS, Answer
from .base import (
    CHILD_FIELDS,
    PERSON_FIELDS,
    StoreBase,
)
from .facts import refresh_facts
from .models import (
    Case,
    Child,
    Counter,
    Organization,
    Person,
    SheetAnswer,
)
from .views import (
    Actor,
    CaseView,
    DraftSummary,
    Forbidden,
    NotFound,
    _view,
)

# What an intake's steps record on the case itself (the person and the children have tables of their own): all of it
# is erased when consent is refused or the intake is cancelled.
TYPED = ("investigation", "checklist", "interpreter", "interview_language", "contraindications", "talk")


class Intake(StoreBase):
    # --- cases -----------------------------------------------------------------------------

    async def _next_number(self, session: AsyncSession, year: int, series: str = "case") -> str:
        name = f"{series}-{year}"
        if await session.get(Counter, name) is None:
            try:
                async with session.begin_nested():
                    session.add(Counter(name=name, value=0))
            except IntegrityError:
                pass
        value = await session.scalar(
            update(Counter).where(Counter.name == name).values(value=Counter.value + 1).returning(Counter.value)
        )
        return f"{year}-{value:04d}"

    async def create_case(self, actor: Actor, basis: Basis, *, practice: bool = False) -> CaseView:
        if actor.role != Role.SPECIALIST or actor.organization_id is None:
            raise Forbidden("only a specialist of an organization starts an intake")
        async with self._tx() as session:
            org = await session.get(Organization, actor.organization_id)
            if org is None:
                raise NotFound(actor.organization_id)
            # the year of the procedure's clock: a case opened at 00:30 on 1 January in Almaty is of the new year
            number = await self._next_number(session, clock.today().year, "practice" if practice else "case")
            case = Case(
                number=f"T-{number}" if practice else number,
                practice=practice,
                organization_id=org.id,
                district_id=org.district_id,
                specialist_id=actor.id,
                status=Status.DRAFT.value,
                edition=self.edition.id,
                verdict_rule=self.verdict_rule,
                basis=basis.value,
            )
            session.add(case)
            await session.flush()
            await refresh_facts(session, case, await self.calendar())
            self._audit(
                session, actor, "case.create", case.id, f"basis={basis.value}" + (" practice" if practice else "")
            )
            await session.refresh(
                case, ["person", "answers", "children", "recipients", "report", "organization", "specialist", "decider"]
            )
            return _view(case)

    async def drafts(self, actor: Actor) -> list[DraftSummary]:
        """The actor's unfinished intakes: numbers and times only, nothing personal."""
        async with self._read() as session:
            rows = (
                await session.execute(
                    select(Case.id, Case.number, Case.updated_at)
                    .where(Case.specialist_id == actor.id, Case.status == Status.DRAFT.value)
                    .order_by(Case.updated_at.desc())
                )
            ).all()
            return [DraftSummary(*row) for row in rows]

    async def _change(
        self, actor: Actor, case_id: int, action: str, detail: str | None, change: Callable[[Case], None]
    ) -> CaseView:
        """One step of the intake by the case's specialist: the change, its audit row naming it, the new view."""
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            change(case)
            self._audit(session, actor, action, case.id, detail)
            return _view(case)

    async def set_basis(self, actor: Actor, case_id: int, basis: Basis) -> CaseView:
        return await self._change(
            actor, case_id, "intake.basis", basis.value, lambda case: setattr(case, "basis", basis.value)
        )

    async def set_investigation(
        self, actor: Actor, case_id: int, *, number: str | None = None, day: date | None = None
    ) -> CaseView:
        """Para 13-1: the investigation's register number, or the date it was registered."""

        def change(case: Case) -> None:
            record = Investigation.from_json(case.investigation)
            case.investigation = replace(record, number=number or record.number, date=day or record.date).to_json()

        return await self._change(actor, case_id, "intake.investigation", "number" if number else "date", change)

    def _checklist(self, change: Callable[[Checklist], Checklist]) -> Callable[[Case], None]:
        def apply(case: Case) -> None:
            case.checklist = change(Checklist.from_json(case.checklist)).to_json()

        return apply

    async def set_place(self, actor: Actor, case_id: int, place: str) -> CaseView:
        if place not in {p.id for p in PLACES}:
            raise ValueError(f"no place {place!r}")
        return await self._change(
            actor, case_id, "checklist.place", place, self._checklist(lambda c: replace(c, place=place))
        )

    async def tick_checklist_item(self, actor: Actor, case_id: int, item_id: str) -> CaseView:
        return await self._change(actor, case_id, "checklist.tick", item_id, self._checklist(lambda c: c.tick(item_id)))

    async def confirm_checklist(self, actor: Actor, case_id: int, reason: str | None = None) -> CaseView:
        """The conditions as ticked; unmet ones need ``reason`` (``ValueError`` without one)."""
        return await self._change(
            actor,
            case_id,
            "checklist.confirm",
            "reason" if reason else None,
            self._checklist(lambda c: c.confirm(reason)),
        )

    async def set_interview_language(self, actor: Actor, case_id: int, language: str) -> CaseView:
        return await self._change(
            actor, case_id, "intake.language", None, lambda case: setattr(case, "interview_language", language)
        )

    def _interpreter(self, change: Callable[[Interpreter], Interpreter]) -> Callable[[Case], None]:
        def apply(case: Case) -> None:
            case.interpreter = change(Interpreter.from_json(case.interpreter) or Interpreter()).to_json()

        return apply

    async def set_interpreter_present(self, actor: Actor, case_id: int, present: bool) -> CaseView:
        return await self._change(
            actor,
            case_id,
            "interpreter.present",
            "yes" if present else "no",
            self._interpreter(lambda i: replace(i, present=True) if present else Interpreter(present=False)),
        )

    async def set_interpreter_name(self, actor: Actor, case_id: int, name: str) -> CaseView:
        return await self._change(
            actor, case_id, "interpreter.name", None, self._interpreter(lambda i: replace(i, present=True, name=name))
        )

    async def set_interpreter_languages(self, actor: Actor, case_id: int, languages: str) -> CaseView:
        return await self._change(
            actor, case_id, "interpreter.languages", None, self._interpreter(lambda i: replace(i, languages=languages))
        )

    async def tick_interpreter_item(self, actor: Actor, case_id: int, item_id: str) -> CaseView:
        return await self._change(
            actor, case_id, "interpreter.tick", item_id, self._interpreter(lambda i: i.tick(item_id))
        )

    async def confirm_interpreter(self, actor: Actor, case_id: int) -> CaseView:
        return await self._change(actor, case_id, "interpreter.confirm", None, self._interpreter(Interpreter.confirm))

    async def finish_children(self, actor: Actor, case_id: int) -> CaseView:
        """The specialist has said whether children accompany the person (and named them)."""
        return await self._change(
            actor, case_id, "children.done", None, lambda case: setattr(case, "children_done", True)
        )

    async def record_no_contraindications(self, actor: Actor, case_id: int) -> CaseView:
        return await self._change(
            actor, case_id, "health.none", None, lambda case: setattr(case, "contraindications", [])
        )

    async def refer_for_contraindications(self, actor: Actor, case_id: int, items: list[str]) -> CaseView:
        """Para 6: a contraindication ends the intake in a referral to a healthcare organization."""
        if not items or set(items) - {item.id for item in CONTRAINDICATIONS}:
            raise ValueError("a referral names the contraindications that apply")
        return await self._close(
            actor, case_id, Status.MEDICAL_REFERRAL, lambda case: setattr(case, "contraindications", sorted(items))
        )

    async def record_not_eligible(self, actor: Actor, case_id: int) -> CaseView:
        """Para 5: a citizenship status the Standard does not cover ends the intake."""

        def change(case: Case) -> None:
            if case.person is None:
                case.person = Person()
            case.person.citizenship = Citizenship.OTHER.value

        return await self._close(actor, case_id, Status.NOT_ELIGIBLE, change)

    async def set_consent(self, actor: Actor, case_id: int, given: bool) -> CaseView:
        """Record consent. Refused: the intake closes and everything typed so far is erased."""
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            case.consent = given
            case.consent_at = clock.utc_now()
            if not given:
                lifecycle.check_transition(Status(case.status), Status.CONSENT_REFUSED)
                for name in TYPED:
                    setattr(case, name, None)
                case.person = None
                case.status = Status.CONSENT_REFUSED.value
                case.closed_at = case.consent_at
                await refresh_facts(session, case, await self.calendar())
            self._audit(session, actor, "case.consent", case.id, "given" if given else "refused")
            await session.flush()
            return _view(case)

    async def cancel_draft(self, actor: Actor, case_id: int) -> CaseView:
        """The specialist abandons an intake: everything typed for it is erased; the number, the outcome
        and the audit trail remain."""
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            lifecycle.check_transition(Status(case.status), Status.CANCELLED)
            for name in (*TYPED, "override_reason"):
                setattr(case, name, None)
            case.person = None
            case.children.clear()
            case.answers.clear()
            case.status = Status.CANCELLED.value
            case.closed_at = clock.utc_now()
            await refresh_facts(session, case, await self.calendar())
            self._audit(session, actor, "case.cancel", case.id)
            await session.flush()
            return _view(case)

    async def set_person(self, actor: Actor, case_id: int, **values: Any) -> CaseView:
        unknown = set(values) - set(PERSON_FIELDS)
        if unknown:
            raise ValueError(f"not a person field: {', '.join(sorted(unknown))}")
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            if not case.consent:
                raise Forbidden("no personal data before consent")
            if case.person is None:
                case.person = Person()
            for name, value in values.items():
                setattr(case.person, name, value.isoformat() if isinstance(value, date) else value)
            self._audit(session, actor, "person.update", case.id, ",".join(sorted(values)))
            await session.flush()
            return _view(case)

    async def answer_row(self, actor: Actor, case_id: int, row_id: str, answer: Answer, position: int) -> CaseView:
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            EDITIONS[case.edition].row(row_id)  # unknown rows raise KeyError
            existing = next((a for a in case.answers if a.row_id == row_id), None)
            if existing is None:
                case.answers.append(SheetAnswer(row_id=row_id, answer=answer.value))
            else:
                existing.answer = answer.value
            case.sheet_position = position
            self._audit(session, actor, "sheet.answer", case.id, row_id)
            await session.flush()
            return _view(case)

    async def set_sheet_position(self, actor: Actor, case_id: int, position: int) -> CaseView:
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            case.sheet_position = position
            await session.flush()
            return _view(case)

    async def close_case(
        self,
        actor: Actor,
        case_id: int,
        status: Status,
        *,
        suggested: bool | None = None,
        verdict: bool | None = None,
        override_reason: str | None = None,
    ) -> CaseView:
        """The intake ends: with the verdict (recognized or not, para 14), or identified on para 13-1."""

        def change(case: Case) -> None:
            case.suggested_verdict, case.verdict, case.override_reason = suggested, verdict, override_reason

        return await self._close(actor, case_id, status, change, "override" if override_reason else None)

    async def _close(
        self, actor: Actor, case_id: int, status: Status, change: Callable[[Case], None], note: str | None = None
    ) -> CaseView:
        calendar = await self.calendar()
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            lifecycle.check_transition(Status(case.status), status)
            change(case)
            case.status = status.value
            case.closed_at = clock.utc_now()
            if status in (Status.IDENTIFIED, Status.NOT_IDENTIFIED):
                case.identified_on = clock.today()
            await self._reschedule(session, case, calendar)
            self._audit(session, actor, "case.close", case.id, status.value + (f" {note}" if note else ""))
            return _view(case)

    # --- accompanying children (Annex 1) -------------------------------------------------------

    async def set_child(self, actor: Actor, case_id: int, position: int, **values: Any) -> CaseView:
        """Write fields of the child at ``position`` (0-based); ``position == len(children)`` adds one."""
        unknown = set(values) - set(CHILD_FIELDS)
        if unknown:
            raise ValueError(f"not a child field: {', '.join(sorted(unknown))}")
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            if not case.consent:
                raise Forbidden("no personal data before consent")
            if position == len(case.children):
                case.children.append(Child(surname="", first_name=""))
                self._audit(session, actor, "child.add", case.id)
            elif not 0 <= position < len(case.children):
                raise ValueError(f"no child at position {position}")
            child = case.children[position]
            for name, value in values.items():
                setattr(child, name, value.isoformat() if isinstance(value, date) else value)
            self._audit(session, actor, "child.update", case.id, ",".join(sorted(values)))
            await session.flush()
            return _view(case)

    async def remove_last_child(self, actor: Actor, case_id: int) -> CaseView:
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            if case.children:
                case.children.pop()
                self._audit(session, actor, "child.remove", case.id)
            await session.flush()
            return _view(case)
