"""Admission after the agreement (paras 17-21): the recipients of services of a case, their registration cards and
portal entries, the children's legal representative or their referral to guardianship, informing internal affairs.

Every change is made by the case's specialist while the agreement runs, checked by ``bot.standard.admission`` (a
refused value raises its :class:`CardError`, nothing is written), audited with field names and recipient numbers
only, and keeps the case's schedule (para 20 and para 21 deadlines) in step.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from ..standard import N_, clock
from ..standard.admission import (
    FIELDS_BY_ID,
    MAX_ROWS,
    Card,
    CardError,
    Police,
    RecipientState,
    check_row,
    check_value,
    prefill,
    referral_check,
)
from ..standard.lifecycle import Status
from .base import StoreBase
from .models import Case, Child, Recipient
from .resocialization_rows import refresh_case
from .views import Actor, CaseView, Forbidden, _view

SIGNED = (Status.AGREEMENT_SIGNED.value,)


def admit(case: Case, on: date) -> None:
    """Give the case its recipients of services, once: the person under the case's number, and each accompanying
    child under the case's number and its place ("2026-0007/1"), each with a card pre-filled from the intake."""
    have = {r.child_id for r in case.recipients}
    person = case.person
    if None not in have:
        card = prefill(
            surname=person.surname if person else None,
            first_name=person.first_name if person else None,
            patronymic=person.patronymic if person else None,
            sex=person.sex if person else None,
            birth_date=date.fromisoformat(person.birth_date) if person and person.birth_date else None,
        )
        if person and person.has_documents == "no":
            card = card.with_rows("documents", ())
        case.recipients.append(_recipient(case.number, RecipientState.ADMITTED, on, card))
    for place, child in enumerate(case.children, start=1):
        if child.id not in have:
            row = _recipient(f"{case.number}/{place}", RecipientState.PENDING, on, _child_card(child))
            row.child_id = child.id
            case.recipients.append(row)


def _recipient(number: str, state: RecipientState, on: date, card: Card) -> Recipient:
    return Recipient(number=number, state=state.value, admitted_on=on, card=card.to_json())


def _child_card(child: Child) -> Card:
    return prefill(
        surname=child.surname,
        first_name=child.first_name,
        patronymic=child.patronymic,
        sex=None,
        birth_date=date.fromisoformat(child.birth_date) if child.birth_date else None,
    ).with_value("reported", "no")


def _portal_from(case: Case) -> date | None:
    """The earliest card filled and not yet entered into the portal (para 20)."""
    waiting = [r.card_filled_on for r in case.recipients if r.card_filled_on and not r.portal_entered_on]
    return min(waiting) if waiting else None


class Admissions(StoreBase):
    async def admission(self, actor: Actor, case_id: int, *, look: bool = False) -> CaseView:
        """The case with its recipients. A case whose agreement was recorded before admission existed gets its
        recipients when its own specialist opens it. ``look``: a person opens the admission (audited once)."""
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=False)
            if case.status in SIGNED and case.specialist_id == actor.id and not case.practice:
                before = len(case.recipients)
                admit(case, case.agreement_signed_on or clock.today())
                if len(case.recipients) != before:
                    self._audit(session, actor, "admission.open", case.id)
            if look:
                self._audit(session, actor, "case.read", case.id)
            await session.flush()
            return _view(case)

    async def _on_recipient(
        self,
        actor: Actor,
        case_id: int,
        recipient_id: int,
        action: str,
        change: Callable[[Case, Recipient], str | None],
    ) -> CaseView:
        """One change of one recipient by the case's specialist; ``change`` returns the audit detail."""
        calendar = await self.calendar()
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True, statuses=SIGNED)
            admit(case, case.agreement_signed_on or clock.today())
            recipient = next((r for r in case.recipients if r.id == recipient_id), None)
            if recipient is None:
                raise Forbidden("no such recipient of services in this case")
            admitted = recipient.state
            detail = change(case, recipient)
            case.portal_from = _portal_from(case)
            if recipient.state != admitted:  # a child admitted with the parent: their needs assessment is due
                await refresh_case(session, case, calendar)
            await self._reschedule(session, case, calendar)
            self._audit(session, actor, action, case.id, f"{recipient.number} {detail}" if detail else recipient.number)
            await session.flush()
            return _view(case)

    # --- the children (paras 17-19) ------------------------------------------------------------------------

    async def confirm_representative(self, actor: Actor, case_id: int, recipient_id: int) -> CaseView:
        """The person is the child's legal representative: the child is admitted with them (paras 17-18)."""

        def change(case: Case, recipient: Recipient) -> str | None:
            if recipient.child_id is None or recipient.state == RecipientState.REFERRED.value:
                raise Forbidden("only a child waiting for the answer is admitted with the parent")
            recipient.state = RecipientState.ADMITTED.value
            return None

        return await self._on_recipient(actor, case_id, recipient_id, "child.admit", change)

    async def refer_child(
        self, actor: Actor, case_id: int, recipient_id: int, *, guardianship: str, center: str, on: date
    ) -> CaseView:
        """A child without a legal representative: referred to the guardianship authority and the Center for
        Adaptation of Minors (para 19), recorded with to whom, when and by whom."""

        def change(case: Case, recipient: Recipient) -> str | None:
            if recipient.child_id is None or recipient.card_filled_on:
                raise Forbidden("only an accompanying child not registered yet is referred")
            referral_check(on, clock.today(), recipient.admitted_on)
            recipient.state = RecipientState.REFERRED.value
            recipient.referral = {"guardianship": guardianship, "center": center}
            recipient.referred_on, recipient.referred_by = on, actor.id
            return None

        return await self._on_recipient(actor, case_id, recipient_id, "child.refer", change)

    # --- the registration card (para 20, Annex 4) ---------------------------------------------------------------

    def _card_change(self, edit: Callable[[Card], Card], detail: str) -> Callable[[Case, Recipient], str | None]:
        def change(case: Case, recipient: Recipient) -> str | None:
            if recipient.state != RecipientState.ADMITTED.value:
                raise Forbidden("a card is filled for an admitted recipient of services")
            recipient.card = edit(Card.from_json(recipient.card)).to_json()
            return detail

        return change

    async def set_card_value(
        self, actor: Actor, case_id: int, recipient_id: int, field_id: str, value: str | date | None
    ) -> CaseView:
        """One field of the card: a value (checked), or None for "not known" / "none" where the form allows it."""
        spec = FIELDS_BY_ID[field_id]
        if spec.kind == "table":
            raise ValueError("a table is changed row by row")
        if value is None and not (spec.unknown or spec.optional):
            raise CardError(N_("This field needs an answer."))

        def edit(card: Card) -> Card:
            if value is None:
                return card.with_unknown(field_id)
            return card.with_value(field_id, check_value(card, field_id, value, clock.today()))

        return await self._on_recipient(actor, case_id, recipient_id, "card.update", self._card_change(edit, field_id))

    async def add_card_row(
        self, actor: Actor, case_id: int, recipient_id: int, table_id: str, row: dict[str, str]
    ) -> CaseView:
        """A row of a table of the card (documents, close relatives, criminal record), its cells checked already
        one by one (``admission.check_cell``); here the row is checked whole."""
        checked = check_row(table_id, row)

        def edit(card: Card) -> Card:
            rows = card.tables.get(table_id, ())
            if len(rows) >= MAX_ROWS:
                raise CardError(N_("This table is full."))
            return card.with_rows(table_id, (*rows, checked))

        return await self._on_recipient(actor, case_id, recipient_id, "card.update", self._card_change(edit, table_id))

    async def remove_card_row(
        self, actor: Actor, case_id: int, recipient_id: int, table_id: str, index: int
    ) -> CaseView:
        def edit(card: Card) -> Card:
            rows = card.tables.get(table_id, ())
            return card.with_rows(table_id, rows[:index] + rows[index + 1 :])

        return await self._on_recipient(actor, case_id, recipient_id, "card.update", self._card_change(edit, table_id))

    async def set_table_none(self, actor: Actor, case_id: int, recipient_id: int, table_id: str) -> CaseView:
        """The answer "none" to a table (no documents, no close relatives, no criminal record)."""
        return await self._on_recipient(
            actor,
            case_id,
            recipient_id,
            "card.update",
            self._card_change(lambda card: card.with_rows(table_id, ()), table_id),
        )

    async def complete_card(self, actor: Actor, case_id: int, recipient_id: int) -> CaseView:
        """The card is filled (field 20: today): its data go into the portal within one working day (para 20)."""

        def change(case: Case, recipient: Recipient) -> str | None:
            card = Card.from_json(recipient.card)
            if recipient.state != RecipientState.ADMITTED.value or card.missing():
                raise CardError(N_("The card is not complete yet."))
            if recipient.card_filled_on is None:
                recipient.card_filled_on, recipient.card_filled_by = clock.today(), actor.id
            return None

        return await self._on_recipient(actor, case_id, recipient_id, "card.fill", change)

    async def record_portal_entry(self, actor: Actor, case_id: int, recipient_id: int, on: date) -> CaseView:
        """The card's data entered into the social services portal on ``on`` by the actor (para 20)."""

        def change(case: Case, recipient: Recipient) -> str | None:
            if recipient.card_filled_on is None:
                raise CardError(N_("The card is not complete yet."))
            if on > clock.today():
                raise CardError(N_("This date is in the future."))
            if on < recipient.card_filled_on:
                raise CardError(N_("This date is before the card was filled."))
            recipient.portal_entered_on, recipient.portal_entered_by = on, actor.id
            return None

        return await self._on_recipient(actor, case_id, recipient_id, "card.portal", change)

    # --- informing internal affairs (para 21) ------------------------------------------------------------------

    async def record_police_answer(self, actor: Actor, case_id: int, applies: bool) -> CaseView:
        """Whether the recipient applies to internal affairs; if they decline, the organization informs them within
        three working days from today (para 21). The person's card says the same in its field 18."""
        calendar = await self.calendar()
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True, statuses=SIGNED)
            if case.police == Police.INFORMED.value:
                raise Forbidden("internal affairs were already informed")
            admit(case, case.agreement_signed_on or clock.today())
            today = clock.today()
            case.police = (Police.APPLIED if applies else Police.DECLINED).value
            case.police_declined_on = None if applies else today
            case.police_from = None if applies else today
            person = next(r for r in case.recipients if r.child_id is None)
            person.card = Card.from_json(person.card).with_value("reported", "yes" if applies else "no").to_json()
            await self._reschedule(session, case, calendar)
            self._audit(session, actor, "police.answer", case.id, case.police)
            await session.flush()
            return _view(case)

    async def record_police_notice(
        self, actor: Actor, case_id: int, *, body: str, reference: str, on: date
    ) -> CaseView:
        """The information sent to internal affairs (para 21): when, to which body, under what reference."""
        calendar = await self.calendar()
        async with self._tx() as session:
            case = await self._load(session, actor, case_id, write=True, statuses=SIGNED)
            if case.police not in (Police.DECLINED.value, Police.INFORMED.value):
                raise Forbidden("internal affairs are informed when the recipient declines to apply")
            referral_check(on, clock.today(), case.police_declined_on)
            case.police = Police.INFORMED.value
            case.police_notice = {"body": body, "reference": reference}
            case.police_informed_on, case.police_informed_by = on, actor.id
            case.police_from = None
            await self._reschedule(session, case, calendar)
            self._audit(session, actor, "police.inform", case.id)
            await session.flush()
            return _view(case)
