"""The intake: a new case, its answers step by step, the person and the children, the sheet, the verdict;
the specialist's unfinished intakes."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..standard import clock, lifecycle
from ..standard.lifecycle import Basis, Status
from ..standard.roles import Role
from ..standard.sheet import EDITIONS, Answer
from .base import (
    CASE_FIELDS,
    CHILD_FIELDS,
    PERSON_FIELDS,
    StoreBase,
)
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
    _view,
)


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
            self._audit(
                session, actor, "case.create", case.id, f"basis={basis.value}" + (" practice" if practice else "")
            )
            await session.refresh(
                case, ["person", "answers", "children", "report", "organization", "specialist", "decider"]
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

    async def update_case(self, actor: Actor, case_id: int, **values: Any) -> CaseView:
        unknown = set(values) - set(CASE_FIELDS)
        if unknown:
            raise ValueError(f"not a case field: {', '.join(sorted(unknown))}")
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            for name, value in values.items():
                setattr(case, name, value.value if isinstance(value, Basis) else value)
            self._audit(session, actor, "case.update", case.id, ",".join(sorted(values)))
            await session.flush()
            return _view(case)

    async def set_consent(self, actor: Actor, case_id: int, given: bool) -> CaseView:
        """Record consent. Refused: the intake closes and everything typed so far is erased."""
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            case.consent = given
            case.consent_at = clock.utc_now()
            if not given:
                lifecycle.check_transition(Status(case.status), Status.CONSENT_REFUSED)
                for name in ("investigation", "checklist", "interpreter", "interview_language", "contraindications"):
                    setattr(case, name, None)
                case.person = None
                case.status = Status.CONSENT_REFUSED.value
                case.closed_at = case.consent_at
            self._audit(session, actor, "case.consent", case.id, "given" if given else "refused")
            await session.flush()
            return _view(case)

    async def cancel_draft(self, actor: Actor, case_id: int) -> CaseView:
        """The specialist abandons an intake: everything typed for it is erased; the number, the outcome
        and the audit trail remain."""
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            lifecycle.check_transition(Status(case.status), Status.CANCELLED)
            for name in (
                "investigation",
                "checklist",
                "interpreter",
                "interview_language",
                "contraindications",
                "override_reason",
            ):
                setattr(case, name, None)
            case.person = None
            case.children.clear()
            case.answers.clear()
            case.status = Status.CANCELLED.value
            case.closed_at = clock.utc_now()
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
        calendar = await self.calendar()
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True)
            lifecycle.check_transition(Status(case.status), status)
            case.status = status.value
            case.suggested_verdict = suggested
            case.verdict = verdict
            case.override_reason = override_reason
            case.closed_at = clock.utc_now()
            if status in (Status.IDENTIFIED, Status.NOT_IDENTIFIED):
                case.identified_on = clock.today()
            detail = status.value + (" override" if override_reason else "")
            await self._reschedule(session, case, calendar)
            self._audit(session, actor, "case.close", case.id, detail)
            await session.flush()
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
