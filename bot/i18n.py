"""Catalogs, locale choice and Babel formatting.

The committed ``.po`` files are compiled in memory when the bot starts (no ``.mo`` files on disk),
and aiogram's :class:`I18n` serves them through its context variable.
"""

from __future__ import annotations

import gettext
import io
import tempfile
from datetime import date, datetime
from pathlib import Path

from aiogram.utils.i18n import I18n
from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import locales as _locales_package

from .config import LOCALES
from .standard.clock import TZ

LOCALES_DIR = Path(_locales_package.__file__).parent
DOMAIN = "messages"
# Language names as their speakers write them; the same in every interface language.
AUTONYMS = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def compile_catalog(po_path: Path) -> gettext.GNUTranslations:
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def load_catalogs(path: Path = LOCALES_DIR) -> dict[str, gettext.GNUTranslations]:
    translations = {}
    for locale in LOCALES:
        po_path = path / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po_path.exists():
            raise RuntimeError(f"catalog missing: {po_path}")
        translations[locale] = compile_catalog(po_path)
    return translations


def make_i18n(default_locale: str = "ru") -> I18n:
    """aiogram's I18n serving the catalogs compiled in memory.

    aiogram's I18n reads only ``.mo`` files from its folder, and a subclass would get a context
    variable of its own (aiogram's ``gettext`` reads I18n's), so it is built on an empty folder and
    handed the compiled catalogs.
    """
    with tempfile.TemporaryDirectory() as empty:
        i18n = I18n(path=empty, default_locale=default_locale, domain=DOMAIN)
    i18n.path = LOCALES_DIR
    i18n.locales = load_catalogs()
    return i18n


def pick_locale(stored: str | None, telegram_code: str | None, default: str) -> str:
    """The user's stored choice, else Telegram's language if we have it, else the default."""
    if stored in LOCALES:
        return stored
    code = (telegram_code or "").split("-")[0].lower()
    return code if code in LOCALES else default


def format_date(value: date, locale: str, fmt: str = "long") -> str:
    return _babel_date(value, format=fmt, locale=Locale.parse(locale))


def format_datetime(value: datetime, locale: str, fmt: str = "medium") -> str:
    return _babel_datetime(value, format=fmt, tzinfo=TZ, locale=Locale.parse(locale))
