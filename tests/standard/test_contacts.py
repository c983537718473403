"""The referral contacts as typed by the head (kept tidy, refused when too long) and the list shown to the person."""

from __future__ import annotations

import pytest

from bot.standard.contacts import (
    MAX_CONTACTS,
    MAX_LINES,
    TOO_LONG,
    TOO_MANY_LINES,
    ContactsError,
    check_contacts,
    contacts_for,
)

CONTACTS = {"kk": "Полиция — 102", "ru": "Полиция — 102 (ru)", "en": "Police — 102"}


@pytest.mark.parametrize(
    ("language", "fallback", "expected"),
    [
        ("kk", "ru", ("kk", CONTACTS["kk"])),  # the interview language first
        (None, "en", ("en", CONTACTS["en"])),  # no interview language: the interface language
        ("uz", "ru", ("ru", CONTACTS["ru"])),  # a language the list is not kept in: the interface language
    ],
)
def test_the_list_in_the_interview_language_else_the_interface_language(language, fallback, expected):
    assert contacts_for(CONTACTS, language, fallback) == expected


def test_else_the_first_kept_of_kk_ru_en_and_none_when_none_is_set():
    assert contacts_for({"en": "Police — 102", "ru": "Полиция — 102"}, "kk", "kk") == ("ru", "Полиция — 102")
    assert contacts_for({"en": "Police — 102", "kk": "  "}, "kk", "uz") == ("en", "Police — 102")
    assert contacts_for({}, "kk", "ru") is None
    assert contacts_for({"ru": "", "kk": " \n "}, None, "en") is None


def test_typed_lists_are_kept_tidy():
    typed = "\n\n  Crisis centre (24 h) — +7 700 000 00 01  \r\n\tIOM — +7 700 000 00 02\n\n\n\n\nPolice — 102\n \n\n"
    assert check_contacts(typed) == "Crisis centre (24 h) — +7 700 000 00 01\nIOM — +7 700 000 00 02\n\nPolice — 102"
    assert check_contacts("A\n\nB") == "A\n\nB"  # one blank line between groups stays
    assert check_contacts(" \n\n ") == ""


def test_too_long_or_too_many_lines_is_refused_with_a_catalog_text():
    assert check_contacts("x" * MAX_CONTACTS) == "x" * MAX_CONTACTS
    with pytest.raises(ContactsError) as error:
        check_contacts("x" * (MAX_CONTACTS + 1))
    assert error.value.msgid == TOO_LONG and error.value.values == {"length": MAX_CONTACTS + 1, "limit": MAX_CONTACTS}
    assert check_contacts("\n".join(["Police — 102"] * MAX_LINES)).count("\n") == MAX_LINES - 1
    with pytest.raises(ContactsError) as error:
        check_contacts("\n".join(["Police — 102"] * (MAX_LINES + 1)) + "\n\n")
    assert error.value.msgid == TOO_MANY_LINES and error.value.values == {"lines": MAX_LINES + 1, "limit": MAX_LINES}
    assert isinstance(error.value, ValueError)
