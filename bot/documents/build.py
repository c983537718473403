"""From a case in the store to what its documents show."""

from __future__ import annotations

from ..standard.admission import Police, RecipientState
from ..standard.clock import TZ
from ..standard.deadlines import EXTENSION_GROUNDS, add_months
from ..standard.lifecycle import ASSESSED, Basis, Status
from ..standard.sheet import Answer, block_totals, total_result
from ..standard.verdict import RULES
from ..store import CaseView, RecipientView
from .model import (
    AgreementDocument,
    CardDocument,
    CardRow,
    CaseDocument,
    Child,
    Extension,
    NoticeDocument,
    Report,
    SheetBlock,
    SheetLine,
)
from .pdf import Document

ANNEX1, ANNEX2, ANNEX8 = "annex1", "annex2", "annex8"
ANNEX3, ANNEX4, NOTICE21 = "annex3", "annex4", "notice21"
SHEET_DONE = ASSESSED
AGREEMENT_STAGE = frozenset({Status.PERMIT_ISSUED, Status.AGREEMENT_SIGNED})


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
    return tuple(kinds) + admission_kinds(case)


def admission_kinds(case: CaseView) -> tuple[str, ...]:
    """After the permit: the agreement (to prepare it before signing, Annex 3); after the agreement, the
    registration card of each admitted recipient ("annex4-0" the person's, "annex4-1" the first child's, a form
    with blanks until filled: Annex 4) and the information to internal affairs once the person declined (para 21)."""
    if case.practice or case.status not in AGREEMENT_STAGE:
        return ()
    kinds = [ANNEX3]
    for recipient in case.recipients:
        if recipient.state is RecipientState.ADMITTED:
            kinds.append(f"{ANNEX4}-{0 if recipient.child is None else recipient.child + 1}")
    if case.police.state in (Police.DECLINED, Police.INFORMED):
        kinds.append(NOTICE21)
    return tuple(kinds)


def render_kind(kind: str) -> str:
    """The form a kind of the case prints: every "annex4-k" is an Annex 4."""
    return ANNEX4 if kind.startswith(ANNEX4 + "-") else kind


def recipient_of(case: CaseView, kind: str) -> RecipientView:
    """The recipient whose card "annex4-k" is: 0 the person, k the k-th accompanying child."""
    place = int(kind.rsplit("-", 1)[1])
    return next(r for r in case.recipients if (r.child is None if place == 0 else r.child == place - 1))


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


def _full_name(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def agreement_for(case: CaseView) -> AgreementDocument:
    """Annex 3 filled from the case: the organization and its head, the recipient, the term, the extension."""
    person = case.person
    term_ends = add_months(case.agreement_signed_on, 6) if case.agreement_signed_on else None
    extension = None
    if case.extension_ground and case.agreement_ends_on and term_ends:
        ground = next(g for g in EXTENSION_GROUNDS if g.id == case.extension_ground)
        months = next((m for m in (1, 2, 3) if add_months(term_ends, m) == case.agreement_ends_on), 3)
        extension = Extension(ground.text, ground.subparagraph, months, case.agreement_ends_on)
    children = tuple(
        _full_name(case.children[r.child].surname, case.children[r.child].first_name, case.children[r.child].patronymic)
        for r in case.recipients
        if r.child is not None and r.state is not RecipientState.REFERRED
    )
    if not case.recipients:  # prepared before the signing: the children named in the application
        children = tuple(_full_name(c.surname, c.first_name, c.patronymic) for c in case.children)
    return AgreementDocument(
        number=case.number,
        organization=case.organization_name,
        head_name=case.head_name,
        recipient=_full_name(person.surname, person.first_name, person.patronymic),
        birth_date=person.birth_date,
        children=children,
        permit_on=case.decided_on,
        signed_on=case.agreement_signed_on,
        ends_on=term_ends,
        extension=extension,
        practice=case.practice,
        edition=case.edition.title,
    )


def card_for(case: CaseView, recipient: RecipientView) -> CardDocument:
    """Annex 4 of one recipient: what the card holds, blanks where it is not answered yet."""
    card = recipient.card
    return CardDocument(
        number=recipient.number,
        organization=case.organization_name,
        values=dict(card.values),
        unknown=card.unknown,
        tables={k: tuple(CardRow(dict(r)) for r in rows) for k, rows in card.tables.items()},
        filled_on=recipient.card_filled_on,
        specialist=recipient.card_filled_by_name or case.specialist_name,
        child_of=case.number if recipient.child is not None else None,
        practice=case.practice,
        edition=case.edition.title,
    )


def notice_for(case: CaseView) -> NoticeDocument:
    """Para 21: the information to internal affairs, which names no one (the case number is the reference)."""
    police = case.police
    assert police.declined_on is not None, "the information follows the person's refusal to apply"
    return NoticeDocument(
        number=case.number,
        organization=case.organization_name,
        organization_address=case.organization_address,
        head_name=case.head_name,
        body=police.body,
        turned_on=case.created_at.astimezone(TZ).date() if case.created_at else None,
        declined_on=police.declined_on,
        sent_on=police.informed_on,
        reference=police.reference,
        specialist=police.informed_by_name or case.specialist_name,
        practice=case.practice,
        edition=case.edition.title,
    )


def document_of(case: CaseView, kind: str) -> Document:
    """The document of ``kind`` (one of :func:`available`), to render as :func:`render_kind` says."""
    if kind == ANNEX3:
        return agreement_for(case)
    if kind.startswith(ANNEX4 + "-"):
        return card_for(case, recipient_of(case, kind))
    if kind == NOTICE21:
        return notice_for(case)
    return document_for(case)
