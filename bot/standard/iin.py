"""The individual identification number (IIN, ЖСН / ИИН) of Kazakhstan: 12 digits, the last a check digit.

The first six digits are the date of birth (YYMMDD); the seventh gives the century of birth and the sex (1, 3, 5:
male, born in the 19th, 20th, 21st century; 2, 4, 6: female, likewise); the twelfth is the check digit. The check
digit is the weighted sum of the first eleven digits modulo 11, with the weights 1 to 11; when that is 10, the sum is
taken again with the weights 3, 4, ..., 11, 1, 2; when that is 10 too, the number is never issued. Numbers of
foreigners and stateless persons follow the same rules. Nothing here does I/O.
"""

from __future__ import annotations

import enum
from datetime import date

LENGTH = 12
FIRST_WEIGHTS = tuple(range(1, 12))
SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
CENTURIES = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class Problem(str, enum.Enum):
    FORMAT = "format"  # not 12 digits
    CHECK_DIGIT = "check_digit"  # a typing error: the check digit does not match
    BIRTH_DATE = "birth_date"  # the first seven digits are no date of birth
    OTHER_BIRTH_DATE = "other_birth_date"  # a date of birth other than the one recorded
    OTHER_SEX = "other_sex"  # a sex other than the one recorded


def normalize(text: str) -> str:
    """The digits as typed, without the spaces or dashes people put in to read them."""
    return "".join(ch for ch in text if ch not in " -\u00a0")


def check_digit(first11: str) -> int | None:
    """The check digit of the first eleven digits, or None if no valid number starts with them."""
    digits = [int(ch) for ch in first11]
    for weights in (FIRST_WEIGHTS, SECOND_WEIGHTS):
        value = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if value != 10:
            return value
    return None


def birth_date(iin: str) -> date | None:
    """The date of birth an IIN encodes (digits 1-7), None when they are no date."""
    century = CENTURIES.get(int(iin[6]))
    if century is None:
        return None
    try:
        return date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def sex(iin: str) -> str:
    """ "male" for an odd seventh digit, "female" for an even one (the values of ``person.Sex``)."""
    return "male" if int(iin[6]) % 2 else "female"


def check(text: str, *, born: date | None = None, of_sex: str | None = None) -> Problem | None:
    """What is wrong with ``text`` as an IIN, None when nothing is. With ``born`` and ``of_sex`` (from the card), the
    number must also encode that date of birth and that sex."""
    iin = normalize(text)
    if len(iin) != LENGTH or not iin.isascii() or not iin.isdigit():
        return Problem.FORMAT
    if check_digit(iin[:11]) != int(iin[11]):
        return Problem.CHECK_DIGIT
    encoded = birth_date(iin)
    if encoded is None:
        return Problem.BIRTH_DATE
    if born is not None and encoded != born:
        return Problem.OTHER_BIRTH_DATE
    if of_sex in ("male", "female") and sex(iin) != of_sex:
        return Problem.OTHER_SEX
    return None


def masked(iin: str) -> str:
    """The IIN as lists and screens show it: the last four digits only."""
    return "•" * 8 + iin[-4:] if len(iin) == LENGTH else "•" * LENGTH
