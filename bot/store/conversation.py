"""The conversation with the person, in a practitioner's order: the interpreter's briefing, the immediate needs and
safety check, the minors path (para 19), the opening read out, the conversation closed before the sheet. Each is
a step of the intake (``Intake._change``): audited, with ids only (the needs are health and safety data)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..standard.intake import Interpreter, Talk
from .intake import Intake
from .models import Case
from .views import Actor, CaseView


class Conversation(Intake):
    async def brief_interpreter(self, actor: Actor, case_id: int) -> CaseView:
        return await self._change(actor, case_id, "interpreter.briefed", None, self._interpreter(Interpreter.brief))

    # --- the conversation: needs and safety, the minors path, the opening, the closing ------------------------

    def _talk(self, change: Callable[[Talk], Talk]) -> Callable[[Case], None]:
        def apply(case: Case) -> None:
            case.talk = change(Talk.from_json(case.talk)).to_json()

        return apply

    async def tick_need(self, actor: Actor, case_id: int, need: str) -> CaseView:
        return await self._change(actor, case_id, "talk.need", None, self._talk(lambda t: t.tick(need)))

    async def confirm_needs(self, actor: Actor, case_id: int) -> CaseView:
        """The needs and safety check as ticked (the audit row says only that it was done: the answers are health
        and safety data)."""
        return await self._change(actor, case_id, "talk.needs", None, self._talk(Talk.confirm))

    async def stand_by_minor(self, actor: Actor, case_id: int, way: str) -> CaseView:
        """Para 19: who stands by a person under 18 (a legal representative, or the guardianship authority)."""
        return await self._change(actor, case_id, "talk.minor", way, self._talk(lambda t: t.stand_by(way)))

    async def read_opening(self, actor: Actor, case_id: int) -> CaseView:
        return await self._change(actor, case_id, "talk.opening", None, self._talk(lambda t: replace(t, opening=True)))

    async def close_conversation(self, actor: Actor, case_id: int) -> CaseView:
        return await self._change(actor, case_id, "talk.closed", None, self._talk(lambda t: replace(t, closed=True)))
