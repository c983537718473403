"""Rules about the person: plausible dates of birth, age, eligibility (para 5)."""

from __future__ import annotations

import enum
import re
from datetime import date, datetime, tzinfo

MAX_AGE = 120
DATE_RE = re.compile(r"^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")


class Citizenship(str, enum.Enum):
    CITIZEN = "citizen"
    PERMANENT_RESIDENT = "permanent_resident"  # foreigner permanently residing in Kazakhstan
    STATELESS = "stateless"
    OTHER = "other"  # not covered by para 5

    @property
    def eligible(self) -> bool:
        return self is not Citizenship.OTHER


class Sex(str, enum.Enum):
    FEMALE = "female"
    MALE = "male"


class DateProblem(str, enum.Enum):
    FORMAT = "format"
    NO_SUCH_DAY = "no_such_day"
    FUTURE = "future"
    TOO_OLD = "too_old"


def parse_date(text: str) -> date | DateProblem:
    """Parse ``dd.mm.yyyy`` (also with ``/`` or ``-``)."""
    match = DATE_RE.match(text)
    if not match:
        return DateProblem.FORMAT
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return DateProblem.NO_SUCH_DAY


DATE_TIME_RE = re.compile(r"^\s*(\d{1,2}[./-]\d{1,2}[./-]\d{4})[\s,]+(\d{1,2})[:.](\d{2})\s*$")


def parse_date_time(text: str, tz: tzinfo) -> datetime | DateProblem:
    """Parse ``dd.mm.yyyy hh:mm`` as a time in ``tz``."""
    match = DATE_TIME_RE.match(text)
    if not match:
        return DateProblem.FORMAT
    day = parse_date(match.group(1))
    if isinstance(day, DateProblem):
        return day
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        return DateProblem.NO_SUCH_DAY
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_birth_date(birth: date, today: date) -> DateProblem | None:
    if birth > today:
        return DateProblem.FUTURE
    if age_on(birth, today) > MAX_AGE:
        return DateProblem.TOO_OLD
    return None


def check_past_date(day: date, today: date, earliest: date = date(1991, 12, 16)) -> DateProblem | None:
    """A date of a past event (an investigation's registration): not in the future, not absurdly old."""
    if day > today:
        return DateProblem.FUTURE
    if day < earliest:
        return DateProblem.TOO_OLD
    return None


def initials(surname: str, first_name: str, patronymic: str | None = None) -> str:
    parts = [p for p in (surname, first_name, patronymic) if p]
    return "".join(p.strip()[0].upper() + "." for p in parts if p.strip())
