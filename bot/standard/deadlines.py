"""The procedure's deadlines: Kazakhstan's working-day calendar and the Standard's time limits as data.

Working days are Monday to Friday, less the public holidays and days off that the ``holidays``
package knows for Kazakhstan (``holidays.KZ``: holidays, days off moved from a weekend by law, and
the government's yearly transfers, e.g. Friday 2025-01-03 off in exchange for Sunday 2025-01-05),
plus the working Saturdays and Sundays of those transfers (the package's ``weekend_workdays``),
plus what the administrator stores: ``extra_days_off`` and ``extra_working_days``.

Counting, as DESIGN.md puts it: "within N working days of X" is the N-th working day after X. X itself
never counts, even when it is a working day; a time limit that starts on a day off runs from the next
working day. So a case identified on Thursday 2025-03-20, just before Nauryz, is due at the authorized
body on Wednesday 2025-03-26 (21-25 March were days off). Calendar days are plain dates (X + N).
Months follow the Civil Code's rule for terms counted in months: the term ends on the same date of the
last month, or on that month's last day when it has no such date (see :func:`add_months`). Calendar and
month deadlines are not moved off a day off: they are validity periods, not acts to be done.

Which paragraphs are deadlines here:

* para 10: the organization identifies the applicant within one working day of the application. Kept:
  the organization itself must act, and the bot knows the start (the intake on an application).
* para 14: the sheet and the application go to the authorized body within one working day of
  identification.
* para 15: the authorized body issues (or refuses) the permit within three working days of receiving
  them, sends it to the organization within one working day of approval; the organization concludes the
  resocialization agreement within one working day of receiving the permit.
* para 16: the agreement is valid for six months; an extension, on the grounds of
  :data:`EXTENSION_GROUNDS`, is for three months at most.
* para 20: the registration card's data go into the social services portal within one working day after the card
  is filled (for each recipient of services: the person and each accompanying child).
* para 21: when the recipient declines to apply to internal affairs, the organization informs them within three
  working days; the clock runs from the day the recipient declined.
* para 9 is not a rule here: its "within one business day from the moment he is recognized as a victim"
  binds the authorized body or the police that write the direction. By the time a case with a direction
  reaches the bot, that time limit has already run its course, and no user of the bot can act on it.

"Business day" in the English text of paras 9, 10, 14 and 15 and "working day" are the same term
(рабочий день). Nothing here does I/O: the calendar is built in memory from the package's data.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal

import holidays

from . import N_
from .clock import TZ

Kind = Literal["working", "calendar", "months"]
YearSource = Callable[[int], tuple[frozenset[date], frozenset[date]]]  # year -> (days off, working weekend days)
COUNTRY = "KZ"
SATURDAY = 5  # date.weekday(): Saturday and Sunday are the weekend in Kazakhstan


# --- the calendar -------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def package_year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """What the ``holidays`` package says about ``year``: (days off, working weekend days).

    Days off are every date the package lists (holidays, days off moved from a weekend, transferred
    days off); working weekend days are the Saturdays and Sundays the government made working days
    in exchange. Both are limited to ``year``.
    """
    data = holidays.country_holidays(COUNTRY, years=year)
    days_off = frozenset(d for d in data if d.year == year)
    working = frozenset(d for d in getattr(data, "weekend_workdays", ()) if d.year == year)
    return days_off, working


class _Year:
    """One year's working days: a flag per day, the sorted ordinals, and how many precede each day."""

    __slots__ = ("before", "first", "flags", "ordinals")

    def __init__(self, year: int, is_working: Callable[[date], bool]) -> None:
        self.first = date(year, 1, 1).toordinal()
        last = date(year, 12, 31).toordinal()
        self.flags = bytearray(is_working(date.fromordinal(o)) for o in range(self.first, last + 1))
        self.ordinals = [self.first + i for i, flag in enumerate(self.flags) if flag]
        before, count = [], 0
        for flag in self.flags:
            before.append(count)
            count += flag
        before.append(count)
        self.before = before  # before[i]: working days among the first i days of the year


class WorkingCalendar:
    """Kazakhstan's working days: the ``holidays`` package's KZ data plus the administrator's overrides.

    ``extra_days_off``: dates that are not working days whatever the package says (a transfer the package
    does not know yet, a local day off). ``extra_working_days``: dates that are working days whatever the
    package says (typically a Saturday or Sunday made a working day by a transfer). A date listed in both
    is an error. Years are computed on first use and cached, so calls after warm-up cost microseconds.
    ``source`` replaces the package's data (tests; another country's law is not a use case).
    """

    def __init__(
        self,
        extra_days_off: Iterable[date] = frozenset(),
        extra_working_days: Iterable[date] = frozenset(),
        *,
        source: YearSource | None = None,
    ) -> None:
        self.extra_days_off: frozenset[date] = frozenset(extra_days_off)
        self.extra_working_days: frozenset[date] = frozenset(extra_working_days)
        self.source: YearSource = source or package_year
        both = self.extra_days_off & self.extra_working_days
        if both:
            listed = ", ".join(d.isoformat() for d in sorted(both))
            raise ValueError(f"dates listed both as days off and as working days: {listed}")
        self._years: dict[int, _Year] = {}

    def __repr__(self) -> str:
        return (
            f"WorkingCalendar(extra_days_off={sorted(self.extra_days_off)!r}, "
            f"extra_working_days={sorted(self.extra_working_days)!r})"
        )

    def with_overrides(self, *, days_off: Iterable[date] = (), working_days: Iterable[date] = ()) -> WorkingCalendar:
        """A new calendar with these overrides added (a date moves from one list to the other if asked)."""
        days_off, working_days = frozenset(days_off), frozenset(working_days)
        return WorkingCalendar(
            (self.extra_days_off - working_days) | days_off,
            (self.extra_working_days - days_off) | working_days,
            source=self.source,
        )

    def _year(self, year: int) -> _Year:
        data = self._years.get(year)
        if data is None:
            days_off, weekend_working = self.source(year)

            def is_working(d: date) -> bool:
                if d in self.extra_working_days:
                    return True
                if d in self.extra_days_off:
                    return False
                if d.weekday() >= SATURDAY:
                    return d in weekend_working
                return d not in days_off

            data = self._years[year] = _Year(year, is_working)
        return data

    def is_working_day(self, d: date) -> bool:
        data = self._year(d.year)
        return bool(data.flags[d.toordinal() - data.first])

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself never counts); before it if ``n`` < 0.

        ``n == 0`` gives ``start`` itself.
        """
        if n == 0:
            return start
        year = start.year
        data = self._year(year)
        index = start.toordinal() - data.first
        if n > 0:
            position = data.before[index + 1] + n - 1  # index into this year's working days
            while position >= len(data.ordinals):
                position -= len(data.ordinals)
                year += 1
                data = self._year(year)
        else:
            position = data.before[index] + n
            while position < 0:
                year -= 1
                data = self._year(year)
                position += len(data.ordinals)
        return date.fromordinal(data.ordinals[position])

    def working_days_between(self, a: date, b: date) -> int:
        """How many working days ``d`` have ``a < d <= b`` (negative if ``b`` is before ``a``).

        The inverse of :meth:`add_working_days` for ``n >= 0``:
        ``working_days_between(x, add_working_days(x, n)) == n``.
        """
        if b < a:
            return -self.working_days_between(b, a)
        first, last = self._year(a.year), self._year(b.year)
        through_a = first.before[a.toordinal() - first.first + 1]
        through_b = last.before[b.toordinal() - last.first + 1]
        if a.year == b.year:
            return through_b - through_a
        middle = sum(len(self._year(y).ordinals) for y in range(a.year + 1, b.year))
        return len(first.ordinals) - through_a + middle + through_b


# --- the rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A time limit of the Standard. ``text`` is an msgid saying what must happen by the due date;
    ``days`` counts working days, calendar days or months after the start event, as ``kind`` says."""

    id: str
    paragraph: str
    text: str
    days: int
    kind: Kind


IDENTIFICATION = Rule(
    "identification", "10", N_("Identify the applicant together with the authorized body"), 1, "working"
)
SEND_TO_AUTHORIZED_BODY = Rule(
    "send_to_authorized_body",
    "14",
    N_("Send the evaluation sheet and the application to the authorized body"),
    1,
    "working",
)
PERMIT_DECISION = Rule(
    "permit_decision", "15", N_("Issue or refuse the permit to provide special social services"), 3, "working"
)
PERMIT_TO_ORGANIZATION = Rule("permit_to_organization", "15", N_("Send the permit to the organization"), 1, "working")
AGREEMENT = Rule(
    "agreement", "15", N_("Conclude the resocialization agreement with the recipient of services"), 1, "working"
)
AGREEMENT_TERM = Rule("agreement_term", "16", N_("The resocialization agreement expires"), 6, "months")
AGREEMENT_EXTENSION = Rule(
    "agreement_extension", "16", N_("The extended resocialization agreement expires at the latest"), 3, "months"
)
PORTAL_ENTRY = Rule(
    "portal_entry", "20", N_("Enter the registration card's data into the social services portal"), 1, "working"
)
POLICE_NOTICE = Rule(
    "police_notice",
    "21",
    N_("Inform the internal affairs bodies that the person turned to the organization"),
    3,
    "working",
)

RULES: tuple[Rule, ...] = (
    IDENTIFICATION,
    SEND_TO_AUTHORIZED_BODY,
    PERMIT_DECISION,
    PERMIT_TO_ORGANIZATION,
    AGREEMENT,
    AGREEMENT_TERM,
    AGREEMENT_EXTENSION,
    PORTAL_ENTRY,
    POLICE_NOTICE,
)
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}

# What starts each rule's clock (for the store and the dialogs; not shown to users):
#   identification           the date of the person's application (basis: application)
#   send_to_authorized_body  the date of identification as a victim
#   permit_decision          the date the authorized body received the sheet and the application
#   permit_to_organization   the date the permit was approved
#   agreement                the date the organization received the permit
#   agreement_term           the date the agreement was signed
#   agreement_extension      the end date of the agreement's six-month term (see agreement_term)
#   portal_entry             the date a registration card was filled (the earliest not yet entered into the portal)
#   police_notice            the date the recipient declined to apply to internal affairs themselves


@dataclass(frozen=True)
class ExtensionGround:
    """A ground on which para 16 allows the agreement to be extended (by three months at most)."""

    id: str
    paragraph: str
    subparagraph: str
    text: str


EXTENSION_GROUNDS: tuple[ExtensionGround, ...] = (
    ExtensionGround(
        "criminal_case", "16", "1", N_("The criminal case concerning the recipient of services has not been completed")
    ),
    ExtensionGround(
        "inpatient_treatment",
        "16",
        "2",
        N_("The recipient of services is in in-patient treatment in a medical organization"),
    ),
)


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months``, on the same day of the month or that month's last day if it is shorter.

    2026-08-31 + 6 months is 2027-02-28; 2027-08-31 + 6 months is 2028-02-29.
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, _calendar.monthrange(year, month)[1]))


def due(rule: Rule, start: date, calendar: WorkingCalendar) -> date:
    """The last day on which ``rule`` is met when its clock starts on ``start``.

    * ``working``: the ``days``-th working day after ``start``.
    * ``calendar``: ``start`` + ``days``.
    * ``months``: ``start`` + ``days`` months (see :func:`add_months`). For the agreement (para 16) this is
      the last day of its validity, included: under the Civil Code a term counted in months starts the
      day after the event (the signing) and expires on the corresponding date of the last month, so an
      agreement signed on 2026-03-10 is in force through 2026-09-10, and one signed on 2026-08-31 through
      2027-02-28. It is not moved when it falls on a day off. An extension (``agreement_extension``) is
      counted from that end date, not from the signing: 2027-02-28 + 3 months = 2027-05-28, never later
      than three months after the end of the term.
    """
    if rule.kind == "working":
        return calendar.add_working_days(start, rule.days)
    if rule.kind == "calendar":
        return start + timedelta(days=rule.days)
    if rule.kind == "months":
        return add_months(start, rule.days)
    raise ValueError(f"unknown kind of deadline: {rule.kind!r}")


@dataclass(frozen=True)
class Deadline:
    rule: Rule
    start: date
    due: date

    def is_overdue(self, today: date) -> bool:
        """Overdue from the day after the due date; on the due date itself there is still time."""
        return today > self.due

    def days_left(self, today: date) -> int:
        """Calendar days until the due date: 0 on the due date, negative once overdue."""
        return (self.due - today).days

    def working_days_left(self, today: date, calendar: WorkingCalendar) -> int:
        """Working days after ``today`` up to and including the due date: 0 on the due date, negative once
        working days have passed since it (still 0 on a weekend right after it: ask :meth:`is_overdue`)."""
        return calendar.working_days_between(today, self.due)


def deadline(rule: Rule, start: date, calendar: WorkingCalendar) -> Deadline:
    return Deadline(rule=rule, start=start, due=due(rule, start, calendar))


# --- reminders ----------------------------------------------------------------------------------

ReminderKind = Literal["before", "due", "overdue"]
REMINDER_TIME = time(10, 0)


@dataclass(frozen=True)
class Reminder:
    kind: ReminderKind
    at: datetime  # aware, Kazakhstan time


def reminder_times(
    deadline: Deadline, calendar: WorkingCalendar, *, at: time = REMINDER_TIME, before: int = 1
) -> tuple[Reminder, ...]:
    """When to remind about ``deadline``, always on working days at ``at`` Kazakhstan time:

    * ``before``: ``before`` working days before the due day;
    * ``due``: on the due date (on the last working day before it if the due date is a day off, which only
      calendar and month deadlines can be);
    * ``overdue``: on the first working day after the due date.

    Reminders on or before the start date are left out (a one-working-day limit gets no "before"
    reminder). The result is in time order.
    """
    due_day = deadline.due if calendar.is_working_day(deadline.due) else calendar.add_working_days(deadline.due, -1)
    days: list[tuple[ReminderKind, date]] = []
    if before > 0:
        days.append(("before", calendar.add_working_days(due_day, -before)))
    days.append(("due", due_day))
    days.append(("overdue", calendar.add_working_days(deadline.due, 1)))
    return tuple(Reminder(kind, datetime.combine(day, at, tzinfo=TZ)) for kind, day in days if day > deadline.start)
