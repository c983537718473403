"""Tables of the case store. Personal fields and free text are :class:`Encrypted`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy import text as sa_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ..standard import clock
from ..standard.lifecycle import NO_DEADLINE
from .crypto import Encrypted


def utcnow() -> datetime:
    """Timestamps come from the procedure's clock (set in tests), kept in UTC."""
    return clock.utc_now()


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Timestamp:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class District(Base, Timestamp):
    __tablename__ = "districts"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Organization(Base, Timestamp):
    __tablename__ = "organizations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"))
    address: Mapped[str | None] = mapped_column(String(500))
    # the head's surname, first name, patronymic, printed on Annex 1 (set by the command line or the head)
    head_name: Mapped[str | None] = mapped_column(Encrypted("organizations.head_name"))
    # where else the person can get help, shown at every exit and at the closing: {language: text} (set by the head)
    contacts: Mapped[dict | None] = mapped_column(Encrypted("organizations.contacts", json_value=True))
    district: Mapped[District] = relationship(lazy="joined")


class User(Base, Timestamp):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    role: Mapped[str] = mapped_column(String(20))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    full_name: Mapped[str | None] = mapped_column(Encrypted("users.full_name"))
    locale: Mapped[str | None] = mapped_column(String(5))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[str | None] = mapped_column(String(30))  # resocialization.Position: the post (Annex 5)
    organization: Mapped[Organization | None] = relationship(lazy="joined")


class Counter(Base):
    """Per-year sequences for human-friendly case numbers."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class Case(Base, Timestamp):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    specialist_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(30), index=True)
    # A training intake: marked everywhere, never forwarded, never counted, erased after a day.
    practice: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    edition: Mapped[str] = mapped_column(String(40))
    verdict_rule: Mapped[str] = mapped_column(String(20))
    basis: Mapped[str | None] = mapped_column(String(20))
    # Para 13-1: the pre-trial investigation's register number and date.
    investigation: Mapped[dict | None] = mapped_column(Encrypted("cases.investigation", json_value=True))
    # Para 13: {"place": id, "items": {id: bool}, "reason": text}
    checklist: Mapped[dict | None] = mapped_column(Encrypted("cases.checklist", json_value=True))
    interview_language: Mapped[str | None] = mapped_column(Encrypted("cases.interview_language"))
    # {"present": bool, "name": text, "language": text}
    interpreter: Mapped[dict | None] = mapped_column(Encrypted("cases.interpreter", json_value=True))
    consent: Mapped[bool | None] = mapped_column(Boolean)
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    contraindications: Mapped[list | None] = mapped_column(Encrypted("cases.contraindications", json_value=True))
    # the conversation (bot.standard.intake.Talk): needs and safety, the minors path, the opening, the closing
    talk: Mapped[dict | None] = mapped_column(Encrypted("cases.talk", json_value=True))
    # Annex 1: the specialist has said whether children accompany the person (and named them)
    children_done: Mapped[bool | None] = mapped_column(Boolean)
    suggested_verdict: Mapped[bool | None] = mapped_column(Boolean)
    verdict: Mapped[bool | None] = mapped_column(Boolean)
    override_reason: Mapped[str | None] = mapped_column(Encrypted("cases.override_reason"))
    # Where the specialist is in the sheet, so that any device or process resumes there.
    sheet_position: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Forwarding and the permit (paras 14-16); dates are Kazakhstan calendar dates.
    identified_on: Mapped[date | None] = mapped_column(Date)
    forwarded_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_reason: Mapped[str | None] = mapped_column(Encrypted("cases.decision_reason"))
    agreement_signed_on: Mapped[date | None] = mapped_column(Date)
    agreement_ends_on: Mapped[date | None] = mapped_column(Date)
    extension_ground: Mapped[str | None] = mapped_column(String(40))
    # Admission (paras 17-21). The deadlines' start dates are kept on the case for its schedule: the earliest
    # registration card awaiting its portal entry (para 20), the day the recipient declined to apply to internal
    # affairs while they are not informed yet (para 21).
    portal_from: Mapped[date | None] = mapped_column(Date)
    police: Mapped[str | None] = mapped_column(String(10))  # admission.Police; None: not asked yet
    police_from: Mapped[date | None] = mapped_column(Date)
    police_declined_on: Mapped[date | None] = mapped_column(Date)
    police_informed_on: Mapped[date | None] = mapped_column(Date)
    police_informed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # {"body": the internal affairs body informed, "reference": the outgoing reference}
    police_notice: Mapped[dict | None] = mapped_column(Encrypted("cases.police_notice", json_value=True))
    # Resocialization (paras 27-31): the earliest deadline running for the recipients, and its rule's id.
    resoc_due: Mapped[date | None] = mapped_column(Date)
    resoc_rule: Mapped[str | None] = mapped_column(String(40))
    # The schedule (bot.standard.lifecycle.schedule), kept by the store on every change, so that lists page in
    # SQL in their order (overdue first, then by due date) and a reminder pass reads only the cases it reminds.
    next_due_on: Mapped[date] = mapped_column(Date, default=NO_DEADLINE, server_default=NO_DEADLINE.isoformat())
    next_reminder_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    __table_args__ = (
        Index("ix_cases_organization_due", "organization_id", "next_due_on", "number"),
        Index("ix_cases_district_due", "district_id", "next_due_on", "number"),
        Index("ix_cases_district_status_due", "district_id", "status", "next_due_on", "number"),
    )

    person: Mapped[Person | None] = relationship(
        back_populates="case", uselist=False, lazy="selectin", cascade="all, delete-orphan"
    )
    children: Mapped[list[Child]] = relationship(lazy="selectin", cascade="all, delete-orphan", order_by="Child.id")
    report: Mapped[Report | None] = relationship(lazy="selectin", uselist=False, cascade="all, delete-orphan")
    answers: Mapped[list[SheetAnswer]] = relationship(lazy="selectin", cascade="all, delete-orphan")
    recipients: Mapped[list[Recipient]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="Recipient.id"
    )
    organization: Mapped[Organization] = relationship(lazy="joined")
    specialist: Mapped[User] = relationship(lazy="joined", foreign_keys=[specialist_id])
    decider: Mapped[User | None] = relationship(lazy="joined", foreign_keys=[decided_by])


class Person(Base):
    __tablename__ = "persons"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    surname: Mapped[str | None] = mapped_column(Encrypted("persons.surname"))
    first_name: Mapped[str | None] = mapped_column(Encrypted("persons.first_name"))
    patronymic: Mapped[str | None] = mapped_column(Encrypted("persons.patronymic"))
    birth_date: Mapped[str | None] = mapped_column(Encrypted("persons.birth_date"))  # ISO date
    sex: Mapped[str | None] = mapped_column(Encrypted("persons.sex"))
    citizenship: Mapped[str | None] = mapped_column(Encrypted("persons.citizenship"))
    has_documents: Mapped[str | None] = mapped_column(Encrypted("persons.has_documents"))  # "yes" / "no"
    case: Mapped[Case] = relationship(back_populates="person")


class Child(Base):
    """An accompanying child named in the application (Annex 1)."""

    __tablename__ = "children"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    surname: Mapped[str] = mapped_column(Encrypted("children.surname"))
    first_name: Mapped[str] = mapped_column(Encrypted("children.first_name"))
    patronymic: Mapped[str | None] = mapped_column(Encrypted("children.patronymic"))
    birth_date: Mapped[str | None] = mapped_column(Encrypted("children.birth_date"))  # ISO date
    relation: Mapped[str | None] = mapped_column(Encrypted("children.relation"))


class Recipient(Base):
    """A recipient of services admitted with a case (paras 17-20): the person (``child_id`` None) or an accompanying
    child, each counted on their own (para 18), with their own number and registration card (Annex 4)."""

    __tablename__ = "recipients"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    child_id: Mapped[int | None] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"), unique=True)
    number: Mapped[str] = mapped_column(String(24), unique=True)  # the case's number, or "2026-0007/1"
    state: Mapped[str] = mapped_column(String(10))  # admission.RecipientState
    admitted_on: Mapped[date] = mapped_column(Date)
    card: Mapped[dict | None] = mapped_column(Encrypted("recipients.card", json_value=True))  # admission.Card
    card_filled_on: Mapped[date | None] = mapped_column(Date)
    card_filled_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    portal_entered_on: Mapped[date | None] = mapped_column(Date)
    portal_entered_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Para 19: {"guardianship": the guardianship authority, "center": the Center for Adaptation of Minors}
    referral: Mapped[dict | None] = mapped_column(Encrypted("recipients.referral", json_value=True))
    referred_on: Mapped[date | None] = mapped_column(Date)
    referred_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The end of services (chapter 7) by the head's order (para 44), and what was handed back (para 45).
    ended_kind: Mapped[str | None] = mapped_column(String(20))  # resocialization.Ending
    ended_ground: Mapped[str | None] = mapped_column(String(30))  # resocialization.GROUNDS id
    order_number: Mapped[str | None] = mapped_column(String(40))
    order_date: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    ended_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ended_referral: Mapped[str | None] = mapped_column(Encrypted("recipients.ended_referral"))  # para 42
    handed_back: Mapped[str | None] = mapped_column(Text)  # resocialization.HAND_BACK ids, comma-separated
    suspended_since: Mapped[date | None] = mapped_column(Date)  # in a health-care facility (para 43)
    absent_since: Mapped[date | None] = mapped_column(Date)  # left without notice (para 43 2)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Report(Base):
    """Annex 8. The narrative is kept as the parts the specialist sent, in order."""

    __tablename__ = "reports"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    held_at: Mapped[str | None] = mapped_column(Encrypted("reports.held_at"))  # ISO datetime
    venue: Mapped[str | None] = mapped_column(Encrypted("reports.venue"))
    circumstances: Mapped[str | None] = mapped_column(Encrypted("reports.circumstances"))
    narrative: Mapped[list | None] = mapped_column(Encrypted("reports.narrative", json_value=True))
    authorized_person: Mapped[str | None] = mapped_column(Encrypted("reports.authorized_person"))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class SheetAnswer(Base):
    __tablename__ = "sheet_answers"
    __table_args__ = (UniqueConstraint("case_id", "row_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    row_id: Mapped[str] = mapped_column(String(40))
    answer: Mapped[str] = mapped_column(Encrypted("sheet_answers.answer"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class AuditEntry(Base):
    """Append-only: the bot never updates or deletes these rows."""

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(60))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"), index=True)
    detail: Mapped[str | None] = mapped_column(Text)  # field names and outcomes, never personal values


class CalendarDay(Base):
    """The administrator's corrections to the holidays package: extra days off, transferred working days."""

    __tablename__ = "calendar_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # "off" or "working"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReminderSent(Base):
    """One row per reminder: claimed before sending, marked sent after. No restart and no second process
    sends it twice; a claim whose process died before sending goes stale and is taken over."""

    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("case_id", "rule_id", "kind", "due_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    rule_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10))
    due_on: Mapped[date] = mapped_column(Date)
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Invite(Base):
    """A single-use, expiring invitation. Only a hash of the code is kept."""

    __tablename__ = "invites"
    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Share(Base):
    """The report shared with a law enforcement agency (Annex 8 note): a written request and the person's
    written consent are both recorded, or nothing is shared."""

    __tablename__ = "shares"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    police_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    request: Mapped[dict] = mapped_column(Encrypted("shares.request", json_value=True))  # number, date
    consent_date: Mapped[str] = mapped_column(Encrypted("shares.consent_date"))  # ISO date
    shared_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    shared_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DialogState(Base):
    """aiogram FSM / aiogram-dialog state, kept durably so a restart loses nothing."""

    __tablename__ = "dialog_state"
    key: Mapped[str] = mapped_column(String(250), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[dict | None] = mapped_column(Encrypted("dialog_state.data", json_value=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class CaseFacts(Base):
    """What the statistics count of a case, in plain form (``bot.standard.statistics.Facts``): none of it is personal
    on its own, and counting decrypts nothing. Written by the store on every change; a practice intake has none."""

    __tablename__ = "case_facts"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[int] = mapped_column(Integer)
    district_id: Mapped[int] = mapped_column(Integer)
    opened_on: Mapped[date] = mapped_column(Date)  # the Kazakhstan day the intake started
    status: Mapped[str] = mapped_column(String(30))
    basis: Mapped[str | None] = mapped_column(String(20))
    edition: Mapped[str] = mapped_column(String(40))
    verdict: Mapped[bool | None] = mapped_column(Boolean)
    suggested: Mapped[bool | None] = mapped_column(Boolean)
    sex: Mapped[str | None] = mapped_column(String(10))
    minor: Mapped[bool | None] = mapped_column(Boolean)
    citizenship: Mapped[str | None] = mapped_column(String(20))
    present: Mapped[str] = mapped_column(Text, default="")  # the sheet rows found present, comma-separated ids
    # The deadlines (``statistics.DEADLINES``): the day each is due, and the day it was met (None while it runs).
    forward_due: Mapped[date | None] = mapped_column(Date)
    forward_done: Mapped[date | None] = mapped_column(Date)
    decision_due: Mapped[date | None] = mapped_column(Date)
    decision_done: Mapped[date | None] = mapped_column(Date)
    agreement_due: Mapped[date | None] = mapped_column(Date)
    agreement_done: Mapped[date | None] = mapped_column(Date)
    portal_due: Mapped[date | None] = mapped_column(Date)
    portal_done: Mapped[date | None] = mapped_column(Date)
    police_due: Mapped[date | None] = mapped_column(Date)
    police_done: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ix_case_facts_opened", "opened_on"),
        Index("ix_case_facts_district_opened", "district_id", "opened_on"),
        Index("ix_case_facts_organization_opened", "organization_id", "opened_on"),
        # the deadlines still running, to tell on the day of a report those past due
        *(
            Index(
                f"ix_case_facts_{name}_running",
                f"{name}_due",
                sqlite_where=sa_text(f"{name}_done IS NULL AND {name}_due IS NOT NULL"),
                postgresql_where=sa_text(f"{name}_done IS NULL AND {name}_due IS NOT NULL"),
            )
            for name in ("forward", "decision", "agreement", "portal", "police")
        ),
    )


class StatCount(Base):
    """The counted items of the cases (``statistics.items_of``) added up per month of the intakes' start and per
    organization, kept by the store with every change of a case's facts: a year's report adds up a few thousand
    rows, not a million cases."""

    __tablename__ = "stat_counts"
    month: Mapped[int] = mapped_column(Integer, primary_key=True)  # YYYYMM
    organization_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item: Mapped[str] = mapped_column(String(80), primary_key=True)
    district_id: Mapped[int] = mapped_column(Integer)
    n: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_stat_counts_district_month", "district_id", "month"),)
