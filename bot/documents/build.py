"""From a case in the store to what its documents show."""

from __future__ import annotations

from datetime import timedelta

from ..standard.admission import Police, RecipientState
from ..standard.clock import TZ
from ..standard.deadlines import EXTENSION_GROUNDS, add_months
from ..standard.lifecycle import ASSESSED, Basis, Status
from ..standard.resocialization import SERVICES, quarter_ends
from ..standard.sheet import CURRENT_EDITION, Answer, block_totals, total_result
from ..standard.verdict import RULES
from ..store import CaseView, RecipientView
from ..store.resocialization_views import PlanView, ResocializationView
from .model import (
    AgreementDocument,
    CardDocument,
    CardRow,
    CaseDocument,
    Child,
    Extension,
    JournalDocument,
    JournalEntry,
    JournalQuarter,
    NoticeDocument,
    PlanDocument,
    PlanEntry,
    Report,
    SheetBlock,
    SheetLine,
)
from .pdf import Document

ANNEX1, ANNEX2, ANNEX8 = "annex1", "annex2", "annex8"
ANNEX3, ANNEX4, NOTICE21 = "annex3", "annex4", "notice21"
ANNEX6, ANNEX7 = "annex6", "annex7"
SHEET_DONE = ASSESSED
AGREEMENT_STAGE = frozenset({Status.PERMIT_ISSUED, Status.AGREEMENT_SIGNED, Status.SERVICES_ENDED})


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


# --- resocialization (paras 29-31): the individual plan (Annex 6) and the monitoring journal (Annex 7) ----------


def plan_version(view: ResocializationView, version: int | None = None) -> PlanView:
    """The plan's ``version``; by default the plan in force (the newest approved), or before any approval the
    newest draft. ValueError when there is no such plan."""
    if version is None:
        plan = view.plan or (view.plans[-1] if view.plans else None)
    else:
        plan = next((p for p in view.plans if p.version == version), None)
    if plan is None:
        raise ValueError(f"recipient {view.number} has no individual plan{'' if version is None else f' v{version}'}")
    return plan


def plan_document(
    view: ResocializationView, version: int | None = None, *, edition: str = CURRENT_EDITION.title
) -> PlanDocument:
    """Annex 6: one version of the individual plan (see :func:`plan_version`), every type of service with its
    measures by date; the approval block once the head approved it, the date of revision for a version after the
    first. ``edition`` is the procedure printed on every page (the view does not carry the case's)."""
    plan = plan_version(view, version)
    needs = view.needs
    approved = plan.approved_on is not None and plan.state != "draft"
    return PlanDocument(
        number=view.number,
        organization=view.organization,
        head_name=(plan.approver or "") if approved else "",
        approved_on=plan.approved_on if approved else None,
        recipient=view.name,
        birth_date=view.birth_date,
        admitted_on=view.admitted_on,
        observed_from=needs.observed_from if needs else None,
        observed_to=needs.observed_to if needs else None,
        period_from=plan.period_from,
        period_to=plan.period_to,
        measures={
            service: tuple(
                PlanEntry(item.measure, item.specialist, item.on)
                for item in sorted(plan.items_of(service), key=lambda item: item.on)
            )
            for service in SERVICES
        },
        revised_on=plan.created_on if plan.version > 1 else None,
        specialist=plan.created_by,
        drawn_up_on=plan.created_on,
        version=plan.version,
        practice=view.practice,
        edition=edition,
    )


def journal_quarters(view: ResocializationView) -> tuple[JournalQuarter, ...]:
    """Every quarter of the agreement (para 31: from the day it was signed; the last one ends with it) with what
    its monitoring recorded per type of service; a quarter recorded beyond the term is kept, its period unknown."""
    ends = quarter_ends(view.signed, view.ends)
    count = max([len(ends), *(m.quarter for m in view.monitoring)])
    quarters = []
    for number in range(1, count + 1):
        end = ends[number - 1] if number <= len(ends) else None
        start = view.signed if number == 1 else ends[number - 2] + timedelta(days=1) if end else None
        entries = {
            service: tuple(
                JournalEntry(m.positive, m.areas, m.no_change, m.decision, m.on, m.specialist)
                for m in sorted(view.quarter(number), key=lambda m: m.on)
                if m.service is service
            )
            for service in SERVICES
        }
        quarters.append(JournalQuarter(number, start, end, entries))
    return tuple(quarters)


def journal_document(view: ResocializationView, *, edition: str = CURRENT_EDITION.title) -> JournalDocument:
    """Annex 7, kept per recipient: the period of the plan in force, the observation, every quarter of the
    agreement; signed by the specialist who drew up the plan in force (the one who monitors it, para 30)."""
    plan, needs = view.plan, view.needs
    return JournalDocument(
        number=view.number,
        organization=view.organization,
        recipient=view.name,
        birth_date=view.birth_date,
        plan_from=plan.period_from if plan else None,
        plan_to=plan.period_to if plan else None,
        observed_from=needs.observed_from if needs else None,
        observed_to=needs.observed_to if needs else None,
        quarters=journal_quarters(view),
        specialist=plan.created_by if plan else "",
        practice=view.practice,
        edition=edition,
    )
