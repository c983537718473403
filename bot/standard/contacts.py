"""Where else the person can get help: the referral contacts an organization's head sets up per language (the
organization's own 24-hour number, a medical point, the nearest crisis centre or NGO, the IOM office, the police),
shown to the person at every end of an intake and at the closing of the conversation. Numbers are local and change,
so none is written here: this module only checks a typed list and picks the one to show. Texts are English msgids
marked with ``N_``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from . import N_

LANGUAGES = ("kk", "ru", "en")  # the languages a list is kept in; the order is the last fallback's
MAX_CONTACTS = 1500  # characters per language
MAX_LINES = 20

TOO_LONG = N_("That is {length} characters; the limit here is {limit}. Please shorten it.")
TOO_MANY_LINES = N_("That is {lines} lines; the limit here is {limit}. Please keep one contact per line.")


class ContactsError(ValueError):
    """A list the head typed that cannot be kept; ``msgid`` says why, in words for the head."""

    def __init__(self, msgid: str, **values: Any):
        super().__init__(msgid)
        self.msgid = msgid
        self.values = values


def check_contacts(text: str) -> str:
    """The list as it is kept: each line stripped, no blank lines before or after, runs of blank lines kept to one
    (three or more line breaks become two). Refused (:class:`ContactsError`) over ``MAX_CONTACTS`` characters or
    ``MAX_LINES`` lines. An empty result is an empty list."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    kept = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    if len(kept) > MAX_CONTACTS:
        raise ContactsError(TOO_LONG, length=len(kept), limit=MAX_CONTACTS)
    count = len(kept.split("\n")) if kept else 0
    if count > MAX_LINES:
        raise ContactsError(TOO_MANY_LINES, lines=count, limit=MAX_LINES)
    return kept


def contacts_for(contacts: Mapping[str, str], language: str | None, fallback: str) -> tuple[str, str] | None:
    """The list to show the person, as (language code, text): in the interview ``language`` when there is one in it,
    else in ``fallback`` (the interface language), else the first of kk, ru, en that has one; None when none is set."""
    for code in (language, fallback, *LANGUAGES):
        if code and (text := (contacts.get(code) or "").strip()):
            return code, text
    return None
