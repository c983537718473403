"""The admission documents (the agreement of Annex 3, the registration card of Annex 4, the para 21 information) in
every language: each label of the form and each value entered is in the extracted text (pypdf, and poppler's
pdftotext where it is installed); what is not known yet is a blank; the para 21 information names no one.

The catalogs do not have the new labels yet: a small overlay per language stands in for them (in the wording of the
glossary), so that the checks see the labels really pass through the document's gettext.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import fields, replace
from datetime import date

import pytest
from babel.dates import format_date

from bot.documents import labels as L
from bot.documents.admission import BLANK, NUMBERED
from bot.documents.model import AgreementDocument, CardDocument, CardRow, Extension, NoticeDocument
from bot.documents.pdf import ADMISSION_KINDS, ALL_KINDS, KINDS, RESOCIALIZATION_KINDS, filename
from bot.documents.render import render
from bot.standard import iin
from bot.standard.admission import FIELDS, FIELDS_BY_ID, NONE_ANSWER, SIGNATURE_NUMBERS
from bot.standard.deadlines import EXTENSION_GROUNDS
from tests.documents.test_render import CATALOGS, Extracted, flat, make_doc, tight

LOCALES = ("kk", "ru", "en")
KAZAKH_LETTERS = set("әғқңөұүһі")
PDFTOTEXT = shutil.which("pdftotext")

OVERLAY = {
    "kk": {
        L.DOCUMENT_TITLES["annex3"]: "Ресоциализация туралы үлгілік шарт",
        L.DOCUMENT_TITLES["annex4"]: "Қызмет алушының тіркеу карточкасы",
        L.DOCUMENT_TITLES["notice21"]: "Ішкі істер органдарына ақпарат (21-тармақ)",
        L.HEAD_OF_ORGANIZATION: "Ұйым басшысы",
        L.RECIPIENT_OF_SERVICES: "Қызмет алушы",
        L.NOT_KNOWN: "белгісіз",
        L.NONE_ANSWER: "жоқ",
        L.PARTIES: "{organization}, {head} атынан (бұдан әрі – ұйым), бір тараптан, және {born} туған {recipient} "
        "(бұдан әрі – қызмет алушы), екінші тараптан, бірлесіп Тараптар деп аталатындар, осы шартты жасасты:",
        L.NOTICE_CONFIDENTIAL: "Адамның дербес деректері құпия сақталады және осы ақпаратта көрсетілмейді.",
    },
    "ru": {
        L.DOCUMENT_TITLES["annex3"]: "Типовой договор о ресоциализации",
        L.DOCUMENT_TITLES["annex4"]: "Регистрационная карточка получателя услуг",
        L.DOCUMENT_TITLES["notice21"]: "Информация в органы внутренних дел (пункт 21)",
        L.HEAD_OF_ORGANIZATION: "Руководитель организации",
        L.RECIPIENT_OF_SERVICES: "Получатель услуг",
        L.NOT_KNOWN: "неизвестно",
        L.NONE_ANSWER: "нет",
        L.PARTIES: "{organization} в лице {head} (далее – организация), с одной стороны, и {recipient}, {born} года "
        "рождения (далее – получатель услуг), с другой стороны, вместе именуемые Стороны, заключили настоящий "
        "договор о нижеследующем:",
        L.NOTICE_CONFIDENTIAL: "Персональные данные лица сохраняются в тайне и в настоящей информации не приводятся.",
    },
}


def gettext_for(locale: str):
    if locale == "en":
        return lambda msgid: msgid
    overlay, catalog = OVERLAY[locale], CATALOGS[locale]
    return lambda msgid: overlay.get(msgid) or catalog.gettext(msgid)


def a_valid_iin(born: date, female: bool) -> str:
    """A synthetic IIN with a correct check digit: the date of birth, the century and sex, a serial."""
    century = (3 if born.year < 2000 else 5) + (1 if female else 0)
    for serial in range(1, 10_000):
        first11 = f"{born:%y%m%d}{century}{serial:04d}"
        check = iin.check_digit(first11)
        if check is not None:
            return first11 + str(check)
    raise AssertionError("no serial")


BORN = date(1999, 3, 9)
IIN = a_valid_iin(BORN, female=True)
ENTRIES = {
    "en": {
        "recipient": ("Testova", "Aigerim", "Synthetickyzy"),
        "organization": "Demo Shelter (synthetic), a crisis centre for testing only",
        "head": "Headova Demo Synthetic",
        "child": "Testova Juniora Synthetic",
        "place": "Demo city, Test region (synthetic)",
    },
    "kk": {
        "recipient": ("Тестова", "Әйгерім", "Синтетикқызы"),
        "organization": "Демо баспана (синтетикалық), Демо шаһарындағы тест дағдарыс орталығы",
        "head": "Басшыова Өнер Басшықызы",
        "child": "Тестова Кішкентай Синтетикқызы",
        "place": "Демо шаһары, Өзен тест ауданы (синтетикалық)",
    },
}
ENTRIES["ru"] = ENTRIES["en"]


def name_of(locale: str) -> str:
    return " ".join(ENTRIES[locale]["recipient"])


def day(value: date, locale: str) -> str:
    return format_date(value, "long", locale=locale)


def agreement(locale: str, **changes) -> AgreementDocument:
    entries = ENTRIES[locale]
    ground = EXTENSION_GROUNDS[1]
    doc = AgreementDocument(
        number="2026-0007",
        organization=entries["organization"],
        head_name=entries["head"],
        recipient=name_of(locale),
        birth_date=BORN,
        children=(entries["child"], "Testov Kichi Synthetic"),
        permit_on=date(2026, 1, 8),
        signed_on=date(2026, 1, 9),
        ends_on=date(2026, 7, 8),
        extension=Extension(ground.text, ground.subparagraph, 3, date(2026, 10, 8)),
        practice=True,
        edition="Order No. 138 of 24.02.2016 (synthetic edition line)",
    )
    return replace(doc, **changes)


def card_values(locale: str) -> dict[str, str]:
    surname, first_name, patronymic = ENTRIES[locale]["recipient"]
    return {
        "surname": surname,
        "first_name": first_name,
        "patronymic": patronymic,
        "sex": "female",
        "birth_date": BORN.isoformat(),
        "nationality": "Synthetic nationality",
        "birthplace": ENTRIES[locale]["place"],
        "address": "Demo city, Test street 1, apartment 2 (synthetic address)",
        "iin": IIN,
        "education": "Secondary vocational (synthetic)",
        "occupation": "Seamstress (synthetic)",
        "illnesses": "Childhood measles (synthetic); no tuberculosis",
        "health": "Satisfactory; headaches and poor sleep (synthetic)",
        "sent_by": "Demo district police department (synthetic)",
        "reported": "no",
    }


TABLES = {
    "documents": (
        CardRow(
            {
                "type": "identity_card",
                "number": "N0000001",
                "issued_on": "2015-04-01",
                "valid_until": "2025-04-01",
                "issued_by": "Ministry of Demo Affairs (synthetic)",
            }
        ),
        CardRow({"type": "passport", "number": "N1234567", "issued_on": "2019-01-02", "issued_by": "Demo service"}),
    ),
    "relatives": (
        CardRow(
            {
                "kinship": "mother",
                "name": "Testova Mama Synthetic",
                "birth_date": "1970-05-05",
                "residence": "Demo village",
            }
        ),
        CardRow({"kinship": "brother", "name": "Testov Aga Synthetic"}),
    ),
    "convictions": (
        CardRow(
            {"article": "Article 999 (synthetic)", "term": "1 year", "served": "2020-2021", "place": "Demo colony"}
        ),
    ),
}


def card(locale: str, **changes) -> CardDocument:
    doc = CardDocument(
        number="2026-0007",
        organization=ENTRIES[locale]["organization"],
        values=card_values(locale),
        unknown=frozenset(),
        tables=TABLES,
        filled_on=date(2026, 1, 10),
        specialist="Specialistova Demo Testovna",
        practice=True,
        edition="Order No. 138 of 24.02.2016 (synthetic edition line)",
    )
    return replace(doc, **changes)


def notice(locale: str, **changes) -> NoticeDocument:
    doc = NoticeDocument(
        number="2026-0007",
        organization=ENTRIES[locale]["organization"],
        organization_address="Demo city, Test street 1 (synthetic)",
        head_name=ENTRIES[locale]["head"],
        body="Police Department of the Demo district (synthetic)",
        turned_on=date(2026, 1, 5),
        declined_on=date(2026, 1, 9),
        sent_on=date(2026, 1, 12),
        reference="01-02/345",
        specialist="Specialistova Demo Testovna",
        practice=True,
    )
    return replace(doc, **changes)


class Rendered(Extracted):
    """A rendered document, and its text without the running header and footer of each page (a sentence or a table
    going on over a page break reads on)."""

    def __init__(self, kind: str, doc, locale: str) -> None:
        _ = gettext_for(locale)
        super().__init__(render(kind, doc, locale, _))
        running = [_(L.CASE_NUMBER).format(number=doc.number), _(L.CONFIDENTIAL)]
        running += [_(L.TRAINING)] if doc.practice else []
        self.header, self.footer = tight(" ".join(running)), tight(" · ".join(running))
        self.edition = tight(_(doc.edition)) if doc.edition else ""
        self.page_of = _(L.PAGE_OF)

    def bodies(self) -> list[str]:
        found = []
        for pages in self.every_page_set():
            body = []
            for number, page in enumerate(pages, start=1):
                text = tight(page)
                footer = self.footer + tight(self.page_of.format(page=number, pages=len(pages))) + self.edition
                assert text.startswith(self.header) and text.endswith(footer), (text[:100], text[-150:])
                body.append(text[len(self.header) : len(text) - len(footer)])
            found.append("".join(body))
        return found


def rendered(kind: str, doc, locale: str) -> Rendered:
    return Rendered(kind, doc, locale)


def texts(extracted: Rendered):
    """Per extractor: the squeezed text of the pages without their header and footer, and the whole spaced text."""
    return list(zip(extracted.bodies(), (flat(text) for text in extracted.every_text()), strict=True))


def pieces(template: str, values: dict[str, str]) -> list[str]:
    """The parts of a formatted sentence between its blanks (values ""), each of them printed in one run."""
    marked = template.format(**{k: v or f"\x00{k}\x00" for k, v in values.items()})
    return [part for index, part in enumerate(marked.split("\x00")) if index % 2 == 0 and part.strip()]


# --- Annex 3 ----------------------------------------------------------------------------------------------


def agreement_body(_) -> list[str]:
    """Every fixed text of the agreement, in the document's language."""
    items = []
    for title, lines in L.RIGHTS_ITEMS:
        items.append(_(title))
        items.extend(f"{number}) {_(line)}" for number, line in enumerate(lines, start=1))
    return [
        _(L.STANDARD_ANNEX["annex3"]),
        _(L.FORM),
        _(L.DOCUMENT_TITLES["annex3"]),
        _(L.SUBJECT),
        _(L.SUBJECT_TEXT),
        _(L.RIGHTS),
        *items,
        _(L.TERMINATION),
        _(L.TERMINATION_TEXT),
        _(L.FINAL),
        _(L.FINAL_TEXT),
        _(L.HEAD_OF_ORGANIZATION),
        _(L.RECIPIENT_OF_SERVICES),
        _(L.CAPTION_SIGNATURE),
        _(L.CAPTION_NAME),
    ]


@pytest.mark.parametrize("locale", LOCALES)
def test_agreement_fills_the_parties_sections_term_children_and_the_addendum(locale):
    _, doc = gettext_for(locale), agreement(locale)
    extracted = rendered("annex3", doc, locale)
    without = rendered("annex3", replace(doc, extension=None), locale)
    assert len(extracted.pages) == len(without.pages) + 1  # the addendum on a page of its own
    assert 2 <= len(without.pages) <= 3
    parties = _(L.PARTIES).format(
        organization=doc.organization, head=doc.head_name, recipient=doc.recipient, born=day(BORN, locale)
    )
    ground = _(doc.extension.ground)
    ground = ground[0].lower() + ground[1:]  # inside the sentence
    for squeezed, _spaced in texts(extracted):
        for text in agreement_body(_):
            assert tight(text) in squeezed, text
        assert tight(_(L.SIGNED_ON).format(date=day(doc.signed_on, locale))) in squeezed
        assert tight(parties) in squeezed
        assert tight(_(L.PERMIT).format(date=day(doc.permit_on, locale))) in squeezed
        assert tight(_(L.CHILDREN_ADMITTED)) in squeezed
        assert tight(f"1) {doc.children[0]} 2) {doc.children[1]}") in squeezed
        term = _(L.TERM).format(start=day(doc.signed_on, locale), end=day(doc.ends_on, locale))
        assert tight(term) in squeezed
        assert tight(_(L.ADDENDUM_TITLE).format(number=doc.number, date=day(doc.signed_on, locale))) in squeezed
        assert tight(_(L.ADDENDUM_PARTIES).format(organization=doc.organization, recipient=doc.recipient)) in squeezed
        assert tight(_(L.ADDENDUM_GROUND).format(subparagraph="2", ground=ground)) in squeezed
        assert tight(_(L.ADDENDUM_TERM).format(months=3, date=day(doc.extension.ends_on, locale))) in squeezed
        assert tight(_(L.ADDENDUM_FINAL)) in squeezed
        assert squeezed.count(tight(doc.head_name)) >= 3  # the parties, two signature blocks
        assert BLANK in squeezed  # the addendum's own date of signing is written by hand
    for pages in extracted.every_page_set():
        last = tight(pages[-1])
        assert tight(_(L.ADDENDUM_TERM).format(months=3, date=day(doc.extension.ends_on, locale))) in last
        assert tight(_(L.SUBJECT)) not in last and tight(doc.head_name) in last and tight(doc.recipient) in last
    if locale != "en":
        assert _(L.DOCUMENT_TITLES["annex3"]) != L.DOCUMENT_TITLES["annex3"]  # really translated
    if locale == "kk":
        for text in extracted.every_text():
            assert set(text.lower()) >= KAZAKH_LETTERS


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("head", [True, False], ids=["head", "no-head"])
@pytest.mark.parametrize("signed", [True, False], ids=["signed", "unsigned"])
def test_agreement_leaves_a_blank_for_what_is_not_known(locale, head, signed):
    _ = gettext_for(locale)
    changes = {"extension": None, "children": ()}
    if not head:
        changes["head_name"] = ""
    if not signed:
        changes |= {"signed_on": None, "ends_on": None}
    doc = agreement(locale, **changes)
    extracted = rendered("annex3", doc, locale)
    assert 2 <= len(extracted.pages) <= 3
    values = {
        "organization": doc.organization,
        "head": doc.head_name,
        "recipient": doc.recipient,
        "born": day(BORN, locale),
    }
    for squeezed, spaced in texts(extracted):
        for text in agreement_body(_):
            assert tight(text) in squeezed, text
        for part in pieces(_(L.PARTIES), values):
            assert tight(part) in squeezed, part
        assert (tight(ENTRIES[locale]["head"]) in squeezed) is head
        assert (tight(_(L.CAPTION_HEAD)) in squeezed) is not head  # the blank says what goes there
        assert (tight(_(L.CAPTION_SIGNING_DATE)) in squeezed) is not signed
        assert (tight(day(date(2026, 1, 9), locale)) in squeezed) is signed
        assert (tight(day(date(2026, 7, 8), locale)) in squeezed) is signed
        assert (BLANK in spaced) is not (head and signed)
        term = {
            "start": day(doc.signed_on, locale) if signed else "",
            "end": day(date(2026, 7, 8), locale) if signed else "",
        }
        for part in pieces(_(L.TERM), term):
            assert tight(part) in squeezed, part
        assert tight(_(L.CHILDREN_ADMITTED)) not in squeezed
        assert tight(_(L.ADDENDUM_FINAL)) not in squeezed


# --- Annex 4 ------------------------------------------------------------------------------------------------


def label(field_number: int, msgid: str, _) -> str:
    return f"{field_number}. {_(msgid)}"


def shown(field_id: str, raw: str, _, locale: str) -> str:
    spec = FIELDS_BY_ID[field_id]
    if spec.kind == "choice":
        return _(next(c.text for c in spec.choices if c.id == raw))
    if spec.kind == "date":
        return day(date.fromisoformat(raw), locale)
    return raw


def table_heads(field_id: str, _) -> list[str]:
    spec = FIELDS_BY_ID[field_id]
    return ([_(L.COL_NUMBER)] if field_id in NUMBERED else []) + [_(c.label) for c in spec.columns]


def row_text(field_id: str, number: int, row: CardRow, _, locale: str) -> str:
    cells = []
    for column in FIELDS_BY_ID[field_id].columns:
        raw = row.cells.get(column.id)
        if raw is None:
            cells.append(L.NONE)
        elif column.kind == "choice":
            cells.append(_(next(c.text for c in column.choices if c.id == raw)))
        elif column.kind == "date":
            cells.append(day(date.fromisoformat(raw), locale))
        else:
            cells.append(raw)
    return " ".join(([str(number)] if field_id in NUMBERED else []) + cells)


def signature_labels(_) -> list[str]:
    return [label(n, text, _) for n, text in zip(SIGNATURE_NUMBERS, L.CARD_SIGNATURES, strict=True)]


@pytest.mark.parametrize("locale", LOCALES)
def test_card_prints_every_field_with_its_value(locale):
    _, doc = gettext_for(locale), card(locale)
    extracted = rendered("annex4", doc, locale)
    assert 1 <= len(extracted.pages) <= 3
    assert len(IIN) == 12 and iin.check(IIN, born=BORN, of_sex="female") is None
    for squeezed, spaced in texts(extracted):
        assert flat(_(L.DOCUMENT_TITLES["annex4"])) in spaced
        assert flat(_(L.STANDARD_ANNEX["annex4"])) in spaced
        assert tight(_(L.RECIPIENT_NUMBER).format(number=doc.number)) in squeezed
        assert tight(_(L.CARD_ORGANIZATION).format(organization=doc.organization)) in squeezed
        assert tight(_(L.CHILD_OF).split("{case}")[0]) not in squeezed
        for spec in FIELDS:
            assert flat(label(spec.number, spec.label, _)) in spaced, spec.id
            if spec.kind == "table":
                assert tight(label(spec.number, spec.label, _) + " ".join(table_heads(spec.id, _))) in squeezed
                for number, row in enumerate(doc.tables[spec.id], start=1):
                    assert tight(row_text(spec.id, number, row, _, locale)) in squeezed, (spec.id, number)
            else:
                value = shown(spec.id, doc.values[spec.id], _, locale)
                separator = " " if spec.kind == "long" else ": "
                assert tight(f"{label(spec.number, spec.label, _)}{separator}{value}") in squeezed, spec.id
        assert IIN in squeezed  # the card holds the whole IIN
        first, second, third = signature_labels(_)
        assert tight(f"{first}:") in squeezed
        assert tight(f"{second}: {day(doc.filled_on, locale)}") in squeezed
        assert tight(f"{third} {doc.specialist}") in squeezed
        for says in (L.NOT_KNOWN, L.NONE_ANSWER):  # every field answered
            assert not re.search(rf"(?<!\w){re.escape(flat(_(says)))}(?!\w)", spaced), says
    if locale == "kk":
        for text in extracted.every_text():
            assert set(text.lower()) >= KAZAKH_LETTERS
            assert "Әйгерім" in text


def next_label(field_id: str, _) -> str:
    """The label printed after the field's own (the next field, or signature 19)."""
    index = [spec.id for spec in FIELDS].index(field_id)
    if index + 1 < len(FIELDS):
        following = FIELDS[index + 1]
        return label(following.number, following.label, _)
    return signature_labels(_)[0]


@pytest.mark.parametrize("locale", LOCALES)
def test_child_card_with_unknowns_unanswered_fields_and_tables(locale):
    _ = gettext_for(locale)
    values = {"surname": "Testova", "first_name": "Juniora", "sex": "female", "birth_date": "2018-06-01"}
    unknown = frozenset({"patronymic", "birthplace", "iin", "illnesses"})
    doc = card(
        locale,
        number="2026-0007/1",
        child_of="2026-0007",
        values=values,
        unknown=unknown,
        tables={"documents": ()},
        filled_on=None,
    )
    extracted = rendered("annex4", doc, locale)
    assert 1 <= len(extracted.pages) <= 3
    answered = set(values) | unknown | {"documents"}
    for squeezed, _spaced in texts(extracted):
        assert tight(_(L.RECIPIENT_NUMBER).format(number="2026-0007/1")) in squeezed
        assert tight(_(L.CHILD_OF).format(case="2026-0007")) in squeezed
        for field_id in unknown:
            spec = FIELDS_BY_ID[field_id]
            says = _(L.NONE_ANSWER if field_id in NONE_ANSWER else L.NOT_KNOWN)
            separator = " " if spec.kind == "long" else ": "
            assert tight(f"{label(spec.number, spec.label, _)}{separator}{says}") in squeezed, field_id
        for spec in FIELDS:
            if spec.id not in answered and spec.kind != "table":  # a line to write on, and nothing else
                assert tight(f"{label(spec.number, spec.label, _)}:{next_label(spec.id, _)}") in squeezed, spec.id
        # an empty table: one row saying none; a table not answered: numbered rows to fill in by hand
        assert tight(" ".join(table_heads("documents", _)) + _(L.NONE_ANSWER)) in squeezed
        for field_id in ("relatives", "convictions"):
            assert tight(" ".join(table_heads(field_id, _)) + "1 2 3" + next_label(field_id, _)) in squeezed
        first, second, third = signature_labels(_)
        assert tight(f"{first}:{second}:{third}") in squeezed  # nor signed, nor dated yet
        assert tight(day(date(2018, 6, 1), locale)) in squeezed


def test_every_field_that_offers_none_prints_none_when_unknown():
    offering = {spec.id for spec in FIELDS if spec.unknown and "«None»" in spec.prompt}
    assert offering == NONE_ANSWER
    assert {spec.id for spec in FIELDS if spec.kind == "table"} >= NUMBERED


@pytest.mark.parametrize("locale", ("en", "kk"))
def test_adult_card_with_every_unknown_and_an_empty_table(locale):
    _ = gettext_for(locale)
    unknown = frozenset(spec.id for spec in FIELDS if spec.unknown)
    values = {k: v for k, v in card_values(locale).items() if k not in unknown and k != "nationality"}
    doc = card(locale, values=values, unknown=unknown, tables={**TABLES, "convictions": ()})
    for squeezed, _spaced in texts(rendered("annex4", doc, locale)):
        for spec in FIELDS:
            if spec.id in unknown:
                says = _(L.NONE_ANSWER if spec.id in NONE_ANSWER else L.NOT_KNOWN)
                separator = " " if spec.kind == "long" else ": "
                assert tight(f"{label(spec.number, spec.label, _)}{separator}{says}") in squeezed, spec.id
        assert tight(f"{label(6, FIELDS_BY_ID['nationality'].label, _)}:{next_label('nationality', _)}") in squeezed
        assert (
            tight(" ".join(table_heads("convictions", _)) + _(L.NONE_ANSWER) + next_label("convictions", _)) in squeezed
        )
        assert IIN not in squeezed


def words_outside_the_text_area(data: bytes) -> list[str]:
    """Words whose box (pdftotext -bbox, in points) leaves the page's text column between the margins."""
    html = subprocess.run(
        [PDFTOTEXT, "-bbox", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")
    left, right = 18 / 25.4 * 72 - 1, (210 - 18) / 25.4 * 72 + 1
    found = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)
    assert found
    return [word for x_min, x_max, word in found if float(x_min) < left or float(x_max) > right]


def test_long_values_wrap_and_nothing_is_lost():
    _ = gettext_for("en")
    health = ("QZSTART synthetic health note: recurring headaches, poor sleep, no fever; " * 20)[:994] + " QZEND"
    address = "Demo city, " + "Verylongsyntheticstreetname" * 8 + " house 1, " + "apartment block " * 12
    relatives = tuple(
        CardRow(
            {
                "kinship": f"cousin {n}",
                "name": f"Testov Relative{n:02d} Synthetic",
                "birth_date": "1980-01-01",
                "residence": f"QZREL{n:02d} Demo village, " + "a long synthetic address with street and house " * 3,
            }
        )
        for n in range(12)
    )
    values = {**card_values("en"), "health": health, "illnesses": health.replace("QZ", "QY"), "address": address}
    doc = card("en", values=values, tables={**TABLES, "relatives": relatives}, practice=False)
    assert len(health) == 1000
    extracted = rendered("annex4", doc, "en")
    assert 3 <= len(extracted.pages) <= 7
    for squeezed, _spaced in texts(extracted):
        assert tight(health) in squeezed and tight(address) in squeezed
        positions = [squeezed.find(f"QZREL{n:02d}") for n in range(12)]
        assert min(positions) >= 0 and positions == sorted(positions)
        for number, row in enumerate(relatives, start=1):
            assert tight(row_text("relatives", number, row, _, "en")) in squeezed
        assert tight(f"{signature_labels(_)[2]} {doc.specialist}") in squeezed
    for text in extracted.every_text():
        assert flat(L.TRAINING) not in flat(text)
    if PDFTOTEXT:
        assert words_outside_the_text_area(extracted.data) == []


# --- Para 21 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_notice_informs_of_the_fact_and_names_no_one(locale):
    _, doc = gettext_for(locale), notice(locale)
    # The same person's card and agreement carry the name, the date of birth and the IIN; the notice does not.
    card_text = " ".join(rendered("annex4", card(locale), locale).every_text())
    assert tight(ENTRIES[locale]["recipient"][1]) in tight(card_text)
    extracted = rendered("notice21", doc, locale)
    assert len(extracted.pages) == 1
    statement = _(L.NOTICE_TEXT).format(
        organization=doc.organization, date=day(doc.turned_on, locale), number=doc.number
    )
    for squeezed, spaced in texts(extracted):
        assert flat(_(L.DOCUMENT_TITLES["notice21"])) in spaced
        assert tight(_(L.NOTICE_TO) + doc.body) in squeezed
        assert tight(doc.organization + doc.organization_address) in squeezed
        assert tight(_(L.OUTGOING).format(reference=doc.reference, date=day(doc.sent_on, locale))) in squeezed
        assert tight(statement) in squeezed
        assert tight(_(L.NOTICE_DECLINED).format(date=day(doc.declined_on, locale))) in squeezed
        assert tight(_(L.NOTICE_CONFIDENTIAL)) in squeezed
        assert tight(f"{_(L.HEAD_OF_ORGANIZATION)} {doc.head_name}") in squeezed
        assert tight(_(L.PREPARED_BY).format(specialist=doc.specialist)) in squeezed
        for personal in (*ENTRIES[locale]["recipient"], IIN, day(BORN, locale), "Synthetickyzy", "Aigerim"):
            assert tight(personal) not in squeezed, personal
        assert BLANK not in spaced
    fields_of_notice = {f.name for f in fields(NoticeDocument)}
    assert not fields_of_notice & {"surname", "first_name", "patronymic", "birth_date", "recipient", "iin", "values"}


@pytest.mark.parametrize("locale", LOCALES)
def test_notice_not_sent_yet_leaves_blanks(locale):
    _ = gettext_for(locale)
    doc = notice(locale, body="", sent_on=None, reference="", turned_on=None, head_name="")
    extracted = rendered("notice21", doc, locale)
    assert len(extracted.pages) == 1
    for squeezed, spaced in texts(extracted):
        assert tight(_(L.CAPTION_BODY)) in squeezed
        assert tight(_(L.CAPTION_REFERENCE)) in squeezed
        assert spaced.count(BLANK) >= 3  # the reference, its date, the date the person turned to the organization
        for part in pieces(_(L.NOTICE_TEXT), {"organization": doc.organization, "date": "", "number": doc.number}):
            assert tight(part) in squeezed
        assert tight(day(date(2026, 1, 5), locale)) not in squeezed
        assert tight(_(L.NOTICE_DECLINED).format(date=day(doc.declined_on, locale))) in squeezed


# --- Every document ---------------------------------------------------------------------------------------------

SAMPLES = {
    "annex3": agreement,
    "annex4": card,
    "notice21": notice,
}


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", ADMISSION_KINDS)
def test_every_page_has_the_number_confidential_page_x_of_y_and_the_training_notice(kind, locale):
    _, doc = gettext_for(locale), SAMPLES[kind](locale, edition="Synthetic edition of the procedure")
    extracted = rendered(kind, doc, locale)
    for pages in extracted.every_page_set():
        for number, page in enumerate(pages, start=1):
            text = flat(page)
            assert flat(_(L.PAGE_OF).format(page=number, pages=len(pages))) in text
            assert flat(_(L.CASE_NUMBER).format(number=doc.number)) in text
            assert _(L.CONFIDENTIAL) in text
            assert flat(_(L.TRAINING)) in text
            assert "Synthetic edition of the procedure" in text
    real = rendered(kind, replace(doc, practice=False), locale)
    for text in real.every_text():
        assert flat(_(L.TRAINING)) not in flat(text)


def test_kinds_and_the_documents_they_are_rendered_from():
    assert ALL_KINDS == KINDS + ADMISSION_KINDS + RESOCIALIZATION_KINDS and KINDS == ("annex1", "annex2", "annex8")
    _, case = gettext_for("en"), make_doc()
    for kind in ADMISSION_KINDS:
        with pytest.raises(ValueError):
            render(kind, case, "en", _)
        with pytest.raises(ValueError):
            filename(kind, case, "en")
    with pytest.raises(ValueError):
        render("annex1", agreement("en"), "en", _)
    with pytest.raises(ValueError):
        render("annex3", card("en"), "en", _)
    with pytest.raises(ValueError):
        render("annex5", notice("en"), "en", _)
    assert filename("annex3", agreement("en"), "ru") == "annex3-2026-0007-ru.pdf"
    assert filename("annex4", card("en", number="2026-0007/1"), "kk") == "annex4-2026-0007-1-kk.pdf"
    assert filename("notice21", notice("en"), "en") == "notice21-2026-0007-en.pdf"
