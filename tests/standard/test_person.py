from datetime import date

import pytest

from bot.standard.person import (
    DateProblem,
    age_on,
    check_birth_date,
    check_past_date,
    initials,
    parse_date,
)

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("05.03.1998", date(1998, 3, 5)),
        (" 5/3/1998 ", date(1998, 3, 5)),
        ("05-03-1998", date(1998, 3, 5)),
        ("1998-03-05", DateProblem.FORMAT),
        ("5 March 1998", DateProblem.FORMAT),
        ("", DateProblem.FORMAT),
        ("31.02.2000", DateProblem.NO_SUCH_DAY),
        ("00.01.2000", DateProblem.NO_SUCH_DAY),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_birth_dates():
    assert check_birth_date(TODAY, TODAY) is None
    assert check_birth_date(date(2026, 11, 25), TODAY) is DateProblem.FUTURE
    assert check_birth_date(date(1906, 11, 24), TODAY) is None  # 120 today
    assert check_birth_date(date(1905, 11, 24), TODAY) is DateProblem.TOO_OLD  # 121 today
    assert age_on(date(2008, 11, 25), TODAY) == 17 and age_on(date(2008, 11, 24), TODAY) == 18


def test_past_dates_and_initials():
    assert check_past_date(date(2026, 11, 25), TODAY) is DateProblem.FUTURE
    assert check_past_date(date(1990, 1, 1), TODAY) is DateProblem.TOO_OLD
    assert initials("Testova", "Synthia", "") == "T.S."
