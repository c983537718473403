"""The catalogs: every string the code shows is in them, kk and ru translate every entry (none empty,
none fuzzy), placeholders match the source, and Kazakh is written in Cyrillic."""

from __future__ import annotations

import re
import subprocess

import pytest
from babel.messages.pofile import read_po

from bot.catalogs import ROOT, extract_command
from bot.config import LOCALES

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def catalog(locale: str):
    with (ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


@pytest.fixture(scope="module")
def code_msgids(tmp_path_factory) -> set[str]:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(extract_command(pot), check=True, capture_output=True, cwd=ROOT)
    with pot.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_in_the_code_is_in_the_catalog(code_msgids, locale):
    ids = {m.id for m in catalog(locale) if m.id}
    missing = code_msgids - ids
    assert not missing, f"run `python -m bot.catalogs` and translate: {sorted(missing)[:5]}"
    assert not ids - code_msgids, f"stale entries: {sorted(ids - code_msgids)[:5]}"


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_kk_and_ru_have_no_empty_or_fuzzy_entry_and_keep_placeholders(locale):
    for message in catalog(locale):
        if not message.id:
            continue
        assert message.string, f"{locale}: untranslated {message.id!r}"
        assert not message.fuzzy, f"{locale}: fuzzy {message.id!r}"
        assert sorted(PLACEHOLDER.findall(message.id)) == sorted(PLACEHOLDER.findall(message.string)), (
            f"{locale}: placeholders differ in {message.id!r}"
        )


def test_kazakh_is_cyrillic_with_its_own_letters():
    strings = [m.string for m in catalog("kk") if m.id]
    commands = re.compile(r"/[a-z]+|intake-bot|t\.me")  # bot commands and program names stay as they are
    latin_words = [s for s in strings if re.search(r"[A-Za-z]{4,}", commands.sub("", PLACEHOLDER.sub("", s)))]
    assert not latin_words, latin_words[:3]
    assert set("әғқңөұүі") <= set("".join(strings).lower())


def test_glossary_terms_are_used():
    kk, ru = catalog("kk"), catalog("ru")
    assert (
        "бағалау парағы"
        in kk[
            "Intake {number} · evaluation sheet\nBlock {block_no} of {blocks}: "
            "{block_title}\nRow {row_no} · {in_block} of {block_rows} in this block · "
            "{answered} of {rows} answered\n"
        ].string
    )
    assert (
        "оценочн"
        in ru[
            "Intake {number} · results of the evaluation sheet\n\nPurpose: {total_purpose} "
            "({present_purpose})\nActions: {total_actions} ({present_actions})\nMeans: "
            "{total_means} ({present_means})\nHarm: {total_harm} ({present_harm})\nTotal result: "
            "{total}\n\nSuggested verdict: {suggested}\n{reason}\n\nRule «{rule}»: "
            "{rule_description}"
        ].string
    )
    assert ru["Recognized as a victim"].string.lower().startswith("признан")
    assert kk["Recognized as a victim"].string.lower().startswith("құрбаны деп танылды")


def test_english_catalog_is_complete_by_fallback():
    """English msgstrs may stay empty (the msgid is the English text), but none may be fuzzy."""
    assert not [m.id for m in catalog("en") if m.id and m.fuzzy]


def test_the_committed_template_is_current(code_msgids):
    with (ROOT / "locales" / "messages.pot").open("rb") as handle:
        assert {m.id for m in read_po(handle) if m.id} == code_msgids
