"""From a case in the store to what its documents show."""

from __future__ import annotations

from ..standard.lifecycle import ASSESSED, Basis
from ..standard.sheet import Answer, block_totals, total_result
from ..standard.verdict import RULES
from ..store import CaseView
from .model import CaseDocument, Child, Report, SheetBlock, SheetLine

ANNEX1, ANNEX2, ANNEX8 = "annex1", "annex2", "annex8"
SHEET_DONE = ASSESSED


def available(case: CaseView) -> tuple[str, ...]:
    """Which documents the case has so far: the application once the person consented and is named,
    the sheet once the verdict is recorded, the report once it is complete."""
    kinds = []
    if case.consent and case.person.surname:
        kinds.append(ANNEX1)
    if case.status in SHEET_DONE:
        kinds.append(ANNEX2)
    if case.report and case.report.completed:
        kinds.append(ANNEX8)
    return tuple(kinds)


def sheet_blocks(case: CaseView) -> tuple[SheetBlock, ...]:
    """The evaluation sheet's blocks with each row's answer and points (none on para 13-1, or before the verdict)."""
    if case.basis is Basis.INVESTIGATION or case.status not in SHEET_DONE:
        return ()
    edition, answers = case.edition, case.answers
    totals = block_totals(edition, answers)
    return tuple(
        SheetBlock(
            number=block.number,
            title=block.title,
            total=totals[block.id],
            lines=tuple(
                SheetLine(
                    row.number,
                    row.text,
                    answers.get(row.id),
                    edition.points(row) if answers.get(row.id) is Answer.PRESENT else 0,
                )
                for row in block.rows
            ),
        )
        for block in edition.blocks
    )


def report_of(case: CaseView) -> Report | None:
    report = case.report
    if not (report and report.completed and report.held_at):
        return None
    return Report(
        report.held_at,
        report.venue or "",
        report.circumstances or "",
        "\n\n".join(report.narrative),
        report.authorized_person or "",
    )


def document_for(case: CaseView) -> CaseDocument:
    blocks = sheet_blocks(case)
    investigation = None
    if case.basis is Basis.INVESTIGATION and case.investigation.date:
        investigation = (case.investigation.number or "", case.investigation.date)
    rule = RULES[case.verdict_rule]
    person = case.person
    return CaseDocument(
        number=case.number,
        organization=case.organization_name,
        surname=person.surname or "",
        first_name=person.first_name or "",
        patronymic=person.patronymic or "",
        birth_date=person.birth_date,
        consent_at=case.consent_at,
        children=tuple(Child(c.surname, c.first_name, c.patronymic, c.birth_date, c.relation) for c in case.children),
        blocks=blocks,
        total=total_result(case.edition, case.answers) if blocks else 0,
        suggested=case.suggested_verdict,
        verdict=case.verdict,
        rule_title=rule.title,
        rule_description=rule.description,
        override_reason=case.override_reason,
        specialist=case.specialist_name,
        investigation=investigation,
        report=report_of(case),
        created_at=case.created_at,
        practice=case.practice,
        edition=case.edition.title,
        head_name=case.head_name,
    )
