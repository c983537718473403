"""Tables of resocialization (paras 27-45, Annexes 6 and 7), one recipient of services each: the needs assessment,
the versions of the individual plan, the monitoring journal and the events of the stay. Free text is
:class:`Encrypted`; ids, dates and the types of service are plain."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .crypto import Encrypted
from .models import Base


class NeedsAssessment(Base):
    """Paras 27-28: the needs found per type of service after observing the recipient, and their own opinion."""

    __tablename__ = "needs_assessments"
    recipient_id: Mapped[int] = mapped_column(ForeignKey("recipients.id", ondelete="CASCADE"), primary_key=True)
    observed_from: Mapped[date] = mapped_column(Date)
    observed_to: Mapped[date] = mapped_column(Date)
    needs: Mapped[dict] = mapped_column(Encrypted("needs_assessments.needs", json_value=True))  # {service: text}
    opinion: Mapped[str] = mapped_column(Encrypted("needs_assessments.opinion"))
    assessed_on: Mapped[date] = mapped_column(Date)
    assessed_by: Mapped[int] = mapped_column(ForeignKey("users.id"))


class Plan(Base):
    """One version of the individual plan (para 29, Annex 6): "draft", "approved" (by the head) or "superseded" (by
    the approval of a later version, para 32)."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("recipient_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("recipients.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    period_from: Mapped[date] = mapped_column(Date)
    period_to: Mapped[date] = mapped_column(Date)
    # [{"service": Service, "measure": text, "specialist_id": user id or None, "on": ISO date}, ...]
    items: Mapped[list] = mapped_column(Encrypted("plans.items", json_value=True))
    state: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(Encrypted("plans.reason"))  # why it was revised (para 32)
    created_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approved_on: Mapped[date | None] = mapped_column(Date)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approver_name: Mapped[str | None] = mapped_column(Encrypted("plans.approver_name"))


class MonitoringEntry(Base):
    """A line of the journal (Annex 7): one type of service in one quarter of the agreement."""

    __tablename__ = "monitoring_entries"
    __table_args__ = (UniqueConstraint("recipient_id", "quarter", "service"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("recipients.id", ondelete="CASCADE"), index=True)
    quarter: Mapped[int] = mapped_column(Integer)
    service: Mapped[str] = mapped_column(String(20))
    positive: Mapped[str] = mapped_column(Encrypted("monitoring_entries.positive"))
    no_change: Mapped[str] = mapped_column(Encrypted("monitoring_entries.no_change"))
    decision: Mapped[str] = mapped_column(Encrypted("monitoring_entries.decision"))
    areas: Mapped[str] = mapped_column(Text, default="")  # resocialization.CHANGE_AREAS ids, comma-separated
    on: Mapped[date] = mapped_column(Date)
    specialist_id: Mapped[int] = mapped_column(ForeignKey("users.id"))


class RecipientEvent(Base):
    """An event of the stay (para 43): "violation", "absence", "suspension", "resumption", "readmission"."""

    __tablename__ = "recipient_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("recipients.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    on: Mapped[date] = mapped_column(Date)
    by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str | None] = mapped_column(Encrypted("recipient_events.note"))
