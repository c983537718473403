"""The report (Annex 8) and the reads behind the documents."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..standard import clock
from .base import (
    REPORT_FIELDS,
    REPORTABLE,
    StoreBase,
)
from .models import (
    Report,
)
from .views import (
    Actor,
    CaseView,
    _view,
)


class Reports(StoreBase):
    # --- the report (Annex 8) --------------------------------------------------------------------

    async def update_report(self, actor: Actor, case_id: int, **values: Any) -> CaseView:
        """Write report fields; ``narrative`` is the whole list of parts. Only the case's specialist,
        once the verdict is recorded."""
        unknown = set(values) - set(REPORT_FIELDS)
        if unknown:
            raise ValueError(f"not a report field: {', '.join(sorted(unknown))}")
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True, statuses=REPORTABLE)
            if case.report is None:
                case.report = Report()
            for name, value in values.items():
                if isinstance(value, datetime):
                    value = value.isoformat()
                elif name == "narrative":
                    value = list(value)
                setattr(case.report, name, value)
            self._audit(session, actor, "report.update", case.id, ",".join(sorted(values)))
            await session.flush()
            return _view(case)

    async def complete_report(self, actor: Actor, case_id: int) -> CaseView:
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True, statuses=REPORTABLE)
            report = case.report
            missing = [name for name in REPORT_FIELDS if not getattr(report, name, None)] if report else ["report"]
            if missing or report is None:
                raise ValueError(f"the report lacks: {', '.join(missing)}")
            report.completed_at = clock.utc_now()
            self._audit(session, actor, "report.complete", case.id)
            await session.flush()
            return _view(case)

    # --- documents and lists ----------------------------------------------------------------------

    async def case_for_document(self, actor: Actor, case_id: int, kind: str, locale: str) -> CaseView:
        """The case, read to render a document; the export is audited with the document's kind."""
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=False)
            self._audit(session, actor, "document.export", case.id, f"{kind} {locale}")
            return _view(case)
