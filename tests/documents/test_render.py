"""The three PDF documents (Annexes 1, 2 and 8) in every language: real, extractable text.

Everything is checked on the extracted text (pypdf, and poppler's pdftotext where it is installed).
Extraction breaks lines inside wrapped cells and paragraphs, so long texts are compared with all
whitespace removed, short labels with whitespace collapsed.
"""

from __future__ import annotations

import builtins
import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date, datetime

import pytest
from babel.dates import format_date, format_time
from pypdf import PdfReader

from bot.documents import (
    KINDS,
    CaseDocument,
    Child,
    Report,
    SheetBlock,
    SheetLine,
    filename,
    render,
)
from bot.documents.labels import (
    CASE_NUMBER,
    CHILD_NAME,
    CONFIDENTIAL,
    CONSENT,
    FIELDS,
    INVESTIGATION,
    NO_CHILDREN,
    NOT_RECOGNIZED,
    NOT_REQUIRED,
    NOTE_LINES,
    PAGE_OF,
    RECOGNIZED,
    TO_HEAD,
    TOTAL_PER_BLOCK,
    TOTAL_RESULT,
    TRAINING,
)
from bot.i18n import load_catalogs
from bot.standard.clock import TZ
from bot.standard.sheet import CURRENT_EDITION, Answer, block_totals
from bot.standard.verdict import RULES

LOCALES = ("kk", "ru", "en")
KAZAKH_LETTERS = set("әғқңөұүһі")
PDFTOTEXT = shutil.which("pdftotext")

# The labels the checks rely on, in the wording handed to the catalogs; the catalogs fill in the rest
# (row texts, block titles, rule texts), and English is the msgid itself.
OVERLAY = {
    "ru": {
        CONFIDENTIAL: "КОНФИДЕНЦИАЛЬНО",
        CASE_NUMBER: "Дело № {number}",
        PAGE_OF: "Страница {page} из {pages}",
        TRAINING: "ОБУЧЕНИЕ — не настоящее дело",
        TOTAL_PER_BLOCK: "Итого по блоку",
        TOTAL_RESULT: "Общий результат",
        RECOGNIZED: "Признан(а) жертвой жестокого обращения в результате действий, связанных с торговлей "
        "людьми, другими видами их эксплуатации, а также похищением людей",
        NOT_RECOGNIZED: "Не признан(а) жертвой жестокого обращения в результате действий, связанных с "
        "торговлей людьми, другими видами их эксплуатации, а также похищением людей",
        TO_HEAD: "Руководителю {organization}",
        CONSENT: "Даю согласие на сбор и обработку моих персональных данных, необходимых для оказания "
        "специальных социальных услуг.",
        NO_CHILDREN: "Сопровождающих детей нет.",
        FIELDS[0]: "1. Фамилия",
        FIELDS[1]: "2. Имя",
        FIELDS[2]: "3. Отчество (при его наличии)",
        FIELDS[3]: "4. Дата и время",
        FIELDS[4]: "5. Место проведения (наименование и адрес учреждения)",
        NOTE_LINES[0]: "Отчет является конфиденциальным.",
    },
    "kk": {
        CONFIDENTIAL: "ҚҰПИЯ",
        CASE_NUMBER: "Іс № {number}",
        PAGE_OF: "Бет {page} / {pages}",
        TRAINING: "ОҚУ-ЖАТТЫҒУ — нақты іс емес",
        TOTAL_PER_BLOCK: "Блок бойынша жиыны",
        TOTAL_RESULT: "Жалпы нәтиже",
        RECOGNIZED: "Адам саудасына, оларды пайдаланудың басқа да түрлеріне, сондай-ақ адамдарды ұрлауға "
        "байланысты әрекеттер нәтижесінде қатыгездікпен қараудың құрбаны деп танылды",
        NOT_RECOGNIZED: "Адам саудасына, оларды пайдаланудың басқа да түрлеріне, сондай-ақ адамдарды "
        "ұрлауға байланысты әрекеттер нәтижесінде қатыгездікпен қараудың құрбаны деп "
        "танылмады",
        TO_HEAD: "{organization} басшысына",
        CONSENT: "Арнаулы әлеуметтік қызметтер көрсету үшін қажетті дербес деректерімді жинауға және "
        "өңдеуге келісім беремін.",
        NO_CHILDREN: "Бірге келген балалар жоқ.",
        FIELDS[0]: "1. Тегі",
        FIELDS[1]: "2. Аты",
        FIELDS[2]: "3. Әкесінің аты (бар болса)",
        FIELDS[3]: "4. Күні мен уақыты",
        FIELDS[4]: "5. Өткізілген орны (мекеменің атауы мен мекенжайы)",
        NOTE_LINES[0]: "Есеп құпия болып табылады.",
    },
}

ANSWER_CYCLE = (Answer.PRESENT, Answer.ABSENT, Answer.NOT_ESTABLISHED, Answer.PRESENT, Answer.ABSENT)
SENTENCES = (
    "The synthetic person said the invented recruiter promised demo work in a fictional city.",
    "Documents were reportedly kept by a made-up employer for several imaginary months.",
    "She described long shifts at a pretend workshop and no pay for the sample period.",
    "An invented acquaintance arranged the travel by a fictitious bus route.",
    "No real person, place or event is described in this test narrative.",
    "The specialist asked open questions and the interpreter translated every answer.",
    "Complaints of headaches and poor sleep were noted as part of this synthetic example.",
)


CATALOGS = load_catalogs()


def gettext_for(locale: str):
    if locale == "en":
        return lambda msgid: msgid
    overlay, catalog = OVERLAY[locale], CATALOGS[locale]
    return lambda msgid: overlay.get(msgid) or catalog.gettext(msgid)


def tight(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def narrative(length: int, every: int = 500) -> tuple[str, list[str]]:
    """Several paragraphs of varied synthetic sentences with a unique marker every ``every`` chars."""
    parts, markers, size, index, next_marker = [], [], 0, 0, 0
    while size < length:
        if size >= next_marker:
            marker = f"QZMARK{len(markers):03d}"
            markers.append(marker)
            parts.append(marker + " ")
            size += len(marker) + 1
            next_marker += every
        sentence = SENTENCES[index % len(SENTENCES)] + " "
        parts.append(sentence)
        size += len(sentence)
        index += 1
        if index % 9 == 0:
            parts.append("\n\n")
    return "".join(parts).strip(), markers


def make_doc(**changes) -> CaseDocument:
    edition = CURRENT_EDITION
    answers = {row.id: ANSWER_CYCLE[i % len(ANSWER_CYCLE)] for i, row in enumerate(edition.rows)}
    totals = block_totals(edition, answers)
    blocks = tuple(
        SheetBlock(
            number=block.number,
            title=block.title,
            total=totals[block.id],
            lines=tuple(
                SheetLine(
                    row.number,
                    row.text,
                    answers[row.id],
                    edition.points(row) if answers[row.id] is Answer.PRESENT else 0,
                )
                for row in block.rows
            ),
        )
        for block in edition.blocks
    )
    rule = RULES[edition.default_rule]
    text, _ = narrative(900)
    doc = CaseDocument(
        number="2026-0007",
        organization="Demo Shelter (synthetic), a crisis centre for testing only",
        surname="Testova-Demo",
        first_name="Synthia",
        patronymic="Exampleovna",
        birth_date=date(1999, 3, 9),
        consent_at=datetime(2026, 1, 5, 10, 30, tzinfo=TZ),
        children=(Child("Testova-Demo", "Juniora", "", date(2018, 6, 1), "daughter (synthetic)"),),
        blocks=blocks,
        total=sum(totals.values()),
        suggested=True,
        verdict=False,
        rule_title=rule.title,
        rule_description=rule.description,
        override_reason="Synthetic reason: the demo conversation with Interpreterova showed otherwise.",
        specialist="Specialistova Demo Testovna",
        report=Report(
            held_at=datetime(2026, 1, 6, 14, 5, tzinfo=TZ),
            venue="Demo Shelter (synthetic), 1 Test Street",
            circumstances="Present: the specialist and an interpreter (Interpreterova), all synthetic.",
            narrative=text,
            authorized_person="Specialistova Demo Testovna",
        ),
        created_at=datetime(2026, 1, 6, 15, 0, tzinfo=TZ),
        practice=True,
    )
    return replace(doc, **changes)


class Extracted:
    """A rendered PDF and its text, per page, from pypdf and (when installed) pdftotext."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        reader = PdfReader(io.BytesIO(data))
        self.pages = [page.extract_text() for page in reader.pages]
        self.texts = ["\n".join(self.pages)]
        self.poppler_pages: list[str] = []
        if PDFTOTEXT:
            # -raw: content stream order, so that a wrapped cell is not interleaved with its neighbours
            out = subprocess.run(
                [PDFTOTEXT, "-raw", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
            ).stdout.decode("utf-8")
            self.poppler_pages = [page for page in out.split("\f") if page.strip()]
            self.texts.append(out)

    def every_text(self):
        return self.texts

    def every_page_set(self):
        yield self.pages
        if self.poppler_pages:
            yield self.poppler_pages


# What a specialist working in Kazakh types: Kazakh Cyrillic, clearly synthetic.
KAZAKH_ENTRIES = {
    "organization": "Демо баспана (синтетикалық), Демо шаһарындағы тест дағдарыс орталығы",
    "surname": "Тестова-Демо",
    "first_name": "Синтия",
    "patronymic": "Мысалқызы",
    "children": (Child("Тестова-Демо", "Кішкентай", "", date(2018, 6, 1), "қызы (синтетикалық)"),),
    "override_reason": (
        "Синтетикалық себеп: Демо шаһарында аудармашымен (Interpreterova) өткен әңгімелесу басқаны көрсетті."
    ),
}
KAZAKH_REPORT = {
    "venue": "Демо баспана (синтетикалық), Тест көшесі, 1-үй, Демо шаһары",
    "circumstances": "Қатысқандар: маман және аудармашы (Interpreterova), бәрі синтетикалық.",
}


def doc_for(locale: str) -> CaseDocument:
    doc = make_doc()
    if locale == "kk":
        doc = replace(doc, **KAZAKH_ENTRIES, report=replace(doc.report, **KAZAKH_REPORT))
    return doc


@pytest.fixture(scope="module")
def doc() -> CaseDocument:
    return make_doc()


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], Extracted]:
    return {
        (kind, locale): Extracted(render(kind, doc_for(locale), locale, gettext_for(locale)))
        for kind in KINDS
        for locale in LOCALES
    }


def full_name(doc: CaseDocument) -> str:
    return " ".join(p for p in (doc.surname, doc.first_name, doc.patronymic) if p)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_page_has_the_case_number_the_confidential_word_and_page_x_of_y(rendered, kind, locale):
    _, doc = gettext_for(locale), doc_for(locale)
    extracted = rendered[kind, locale]
    assert extracted.data.startswith(b"%PDF")
    for pages in extracted.every_page_set():
        count = len(pages)
        assert count >= 1
        for number, page in enumerate(pages, start=1):
            text = flat(page)
            assert flat(_(PAGE_OF).format(page=number, pages=count)) in text
            assert flat(_(CASE_NUMBER).format(number=doc.number)) in text
            assert _(CONFIDENTIAL) in text
            assert flat(_(TRAINING)) in text  # a training intake says so on every page
    if locale == "kk":
        for text in extracted.every_text():
            assert set(text.lower()) >= KAZAKH_LETTERS
    if locale != "en":
        assert _(CONFIDENTIAL) != CONFIDENTIAL  # really translated


@pytest.mark.parametrize("locale", LOCALES)
def test_annex1_application(rendered, locale):
    _, doc = gettext_for(locale), doc_for(locale)
    for text in rendered["annex1", locale].every_text():
        squeezed = tight(text)
        assert tight(_(TO_HEAD).format(organization=doc.organization)) in squeezed
        assert tight(full_name(doc)) in squeezed
        assert tight(_(CONSENT)) in squeezed
        assert tight(_(CHILD_NAME)) in squeezed
        child = doc.children[0]
        assert tight(f"{child.relation} {child.surname} {child.first_name}") in squeezed
        assert tight(format_date(doc.consent_at.date(), "long", locale=locale)) in squeezed
        assert tight(format_date(date(2018, 6, 1), "long", locale=locale)) in squeezed


def test_annex1_without_children_says_so():
    _ = gettext_for("ru")
    extracted = Extracted(render("annex1", make_doc(children=()), "ru", _))
    for text in extracted.every_text():
        assert tight(_(NO_CHILDREN)) in tight(text)


@pytest.mark.parametrize("locale", LOCALES)
def test_annex2_sheet_rows_totals_and_verdict(rendered, locale):
    _, doc = gettext_for(locale), doc_for(locale)
    for text in rendered["annex2", locale].every_text():
        squeezed, spaced = tight(text), flat(text)
        for block in doc.blocks:
            assert tight(f"{block.number} {_(block.title)}") in squeezed
            for line in block.lines:
                # The row number, then the full criterion text, in the language of the document.
                assert tight(f"{line.number} {_(line.text)}") in squeezed, (locale, line.number)
        found = [int(value) for value in re.findall(re.escape(flat(_(TOTAL_PER_BLOCK))) + r" (\d+)\b", spaced)]
        assert found == [block.total for block in doc.blocks]
        assert f"{flat(_(TOTAL_RESULT))} {doc.total}" in spaced
        name = full_name(doc)
        assert tight(f"☒ {name} — {_(NOT_RECOGNIZED)}") in squeezed  # the verdict: not recognized
        assert tight(f"☐ {name} — {_(RECOGNIZED)}") in squeezed
        assert tight(_(doc.rule_title)) in squeezed
        assert tight(doc.override_reason) in squeezed
        assert tight(doc.specialist) in squeezed
    if locale != "en":
        # the row texts come from the catalogs: really translated
        assert _(doc.blocks[0].lines[0].text) != doc.blocks[0].lines[0].text


def test_every_kazakh_letter_survives_in_both_cases():
    letters = "ӘәҒғҚқҢңӨөҰұҮүҺһІі"
    doc = doc_for("kk")
    doc = replace(doc, report=replace(doc.report, narrative=f"Әріптер: {letters}.\n\nСоңы."))
    extracted = Extracted(render("annex8", doc, "kk", gettext_for("kk")))
    for text in extracted.every_text():
        assert f"Әріптер: {letters}." in flat(text)


def test_annex2_answers_are_printed_without_emoji(rendered):
    text = rendered["annex2", "en"].texts[0]
    assert "Present" in text and "Absent" in text and "Not established" in text
    assert "✅" not in text and "❌" not in text and "❔" not in text


def test_annex2_on_the_para_13_1_basis_shows_the_investigation_instead_of_the_table():
    _ = gettext_for("en")
    doc = make_doc(
        blocks=(),
        total=0,
        suggested=None,
        verdict=True,
        rule_title="",
        rule_description="",
        override_reason=None,
        investigation=("262600031000123", date(2026, 1, 3)),
    )
    extracted = Extracted(render("annex2", doc, "en", _))
    for text in extracted.every_text():
        squeezed = tight(text)
        assert tight(NOT_REQUIRED) in squeezed
        assert tight(INVESTIGATION.format(number="262600031000123", date="January 3, 2026")) in squeezed
        assert tight(TOTAL_RESULT) not in squeezed
        assert tight(f"☒ {full_name(doc)} — {RECOGNIZED}") in squeezed


@pytest.mark.parametrize("locale", LOCALES)
def test_annex8_report_fields(rendered, locale):
    _, doc = gettext_for(locale), doc_for(locale)
    report = doc.report
    moment = (
        f"{format_date(report.held_at.date(), 'long', locale=locale)}, "
        f"{format_time(report.held_at, 'short', tzinfo=TZ, locale=locale)}"
    )
    values = (doc.surname, doc.first_name, doc.patronymic, moment, report.venue)
    for text in rendered["annex8", locale].every_text():
        squeezed = tight(text)
        for label, value in zip(FIELDS[:5], values):
            assert tight(f"{_(label)}: {value}") in squeezed, label
        for label, value in (
            (FIELDS[5], report.circumstances),
            (FIELDS[6], report.narrative),
            (FIELDS[7], report.authorized_person),
        ):
            assert tight(_(label)) in squeezed
            assert tight(value) in squeezed
        for line in NOTE_LINES:
            assert tight(_(line)) in squeezed


def _text_below(data: bytes, limit_pt: float) -> list[str]:
    """Text drawn lower than ``limit_pt`` points above the bottom edge, per page."""
    found: list[str] = []
    for page in PdfReader(io.BytesIO(data)).pages:

        def visit(text, cm, tm, font, size):
            if text.strip() and tm[5] * cm[3] + cm[5] < limit_pt:
                found.append(text)

        page.extract_text(visitor_text=visit)
    return found


def test_a_long_narrative_flows_over_pages_completely():
    text, markers = narrative(20_000)
    assert len(text) >= 20_000 and len(markers) >= 40
    doc = make_doc(report=replace(make_doc().report, narrative=text), practice=False)
    _ = gettext_for("ru")
    extracted = Extracted(render("annex8", doc, "ru", _))
    assert len(extracted.pages) > 3
    for joined in extracted.every_text():
        squeezed = tight(joined)
        positions = [squeezed.find(marker) for marker in markers]
        assert all(position >= 0 for position in positions), [m for m, p in zip(markers, positions) if p < 0]
        assert positions == sorted(positions)
        assert flat(_(TRAINING)) not in flat(joined)
    # Nothing but the footer is drawn in the bottom 20 mm of a page.
    footer = {flat(_(PAGE_OF).format(page=n, pages=len(extracted.pages))) for n in range(1, len(extracted.pages) + 1)}
    below = [flat(t) for t in _text_below(extracted.data, 20 / 25.4 * 72)]
    assert below and all(t in footer or _(CONFIDENTIAL) in t for t in below), below


def test_long_user_texts_wrap_and_nothing_is_lost():
    long_name = "Testova-Demo-" + "Verylongsurname" * 6
    long_venue = "Demo Shelter (synthetic), " + "https://example.invalid/" + "a" * 180 + " 1 Test Street"
    doc = make_doc(surname=long_name, organization=long_venue * 2, report=replace(make_doc().report, venue=long_venue))
    for kind in KINDS:
        extracted = Extracted(render(kind, doc, "en", gettext_for("en")))
        for text in extracted.every_text():
            assert tight(long_name) in tight(text)
            if kind != "annex2":
                assert tight(long_venue) in tight(text)


def test_a_table_cell_taller_than_a_page_is_printed_in_full():
    relation = " ".join(f"relationword{i:04d}" for i in range(300))
    doc = make_doc(children=(Child("Testova-Demo", "Juniora", "", None, relation),))
    extracted = Extracted(render("annex1", doc, "en", gettext_for("en")))
    assert len(extracted.pages) > 1
    for text in extracted.every_text():
        positions = [text.find(f"relationword{i:04d}") for i in range(300)]
        assert min(positions) >= 0 and positions == sorted(positions)


def test_rendering_writes_nothing_to_disk(monkeypatch, tmp_path, doc):
    monkeypatch.chdir(tmp_path)
    real_open = builtins.open

    def guarded_open(file, mode="r", *args, **kwargs):
        if any(flag in mode for flag in "wax+"):
            raise AssertionError(f"render() tried to write {file!r}")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    for kind in KINDS:
        data = render(kind, doc, "kk", gettext_for("kk"))
        assert isinstance(data, bytes) and data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert list(tmp_path.iterdir()) == []


def test_annex8_needs_a_report_and_kinds_are_checked(doc):
    with pytest.raises(ValueError):
        render("annex8", replace(doc, report=None), "en", gettext_for("en"))
    with pytest.raises(ValueError):
        render("annex9", doc, "en", gettext_for("en"))
    # Annexes 1 and 2 do not need the report.
    assert render("annex1", replace(doc, report=None, practice=False), "en", gettext_for("en"))


def test_filenames(doc):
    assert filename("annex2", doc, "ru") == "annex2-2026-0007-ru.pdf"
    assert filename("annex8", replace(doc, number="2026/0007 x"), "kk") == "annex8-2026-0007-x-kk.pdf"
    assert [filename(kind, doc, "en") for kind in KINDS] == [
        "annex1-2026-0007-en.pdf",
        "annex2-2026-0007-en.pdf",
        "annex8-2026-0007-en.pdf",
    ]
    with pytest.raises(ValueError):
        filename("annex3", doc, "en")


def test_the_module_imports_neither_aiogram_nor_sqlalchemy():
    code = (
        "import sys; import bot.documents; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('aiogram', 'sqlalchemy')]; "
        "assert not bad, bad"
    )
    subprocess.run([__import__("sys").executable, "-c", code], check=True)
