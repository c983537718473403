"""The forms say what the law says (../shared/legal/ANNEX-WORDING.md, findings E1 to E13), on the screen and
in the documents, in Kazakh, Russian and English; the variants that changed the meaning are gone; and every
document names the edition of the procedure it was filled under (E15).

Each language walks a whole case through the bot (every screen is collected), then shares the report, and
reads the PDFs it was sent the way a person would (pdftotext where installed, pypdf otherwise). Wrapped
lines break phrases, so texts are compared with all whitespace removed."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from bot.catalogs import ROOT
from bot.demo.script import full_case, tap
from bot.standard.sheet import CURRENT_EDITION
from tests.helpers import I18N

PDFTOTEXT = shutil.which("pdftotext")


def tight(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def pdf_pages(data: bytes) -> list[str]:
    if PDFTOTEXT:
        text = subprocess.run(
            [PDFTOTEXT, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode()
        return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


# Finding: {locale: [what must be there]}; where: "screen" (the sheet's row screens), "annex1", "annex2", "annex8",
# "share" (the sharing screens).
REQUIRED = {
    "E1 row 10: forcing sexual services counts even without the aim of material gain": (
        ("screen", "annex2"),
        {
            "en": [
                "as well as forcing a person to provide sexual services, even without the perpetrator pursuing "
                "material gain"
            ],
            "ru": [
                "а равно принуждение лица к оказанию сексуальных услуг без преследования виновным цели получения "
                "материальной выгоды"
            ],
            "kk": ["кінәлі материалдық пайда алу мақсатын көздемей-ақ адамды жыныстық қызметтер көрсетуге мәжбүрлеу"],
        },
    ),
    "E2 row 32: dangerous to life, or one of the consequences": (
        ("screen", "annex2"),
        {
            "en": ["Harm to health dangerous to life, or resulting in loss of sight"],
            "ru": ["Вред здоровью, опасный для жизни, либо повлекший потерю зрения"],
            "kk": ["Өмірге қауіпті, не көру, сөйлеу, есту қабілетінен"],
        },
    ),
    "E3 rows 2, 3, 5: both halves": (
        ("screen", "annex2"),
        {
            "en": [
                "Trafficking for sexual exploitation / sexual exploitation",
                "Trafficking for forced labour / forced labour",
                "Trafficking for forcing begging / forcing begging",
            ],
            "ru": [
                "в целях сексуальной эксплуатации / сексуальная эксплуатация",
                "в целях принудительного труда / принудительный труд",
                "в целях принуждения к попрошайничеству / принуждение к попрошайничеству",
            ],
            "kk": [
                "Жыныстық қанау мақсатында адам саудасы / жыныстық қанау",
                "Мәжбүрлі еңбек мақсатында адам саудасы / мәжбүрлі еңбек",
                "Қайыршылыққа мәжбүрлеу мақсатында адам саудасы / қайыршылыққа мәжбүрлеу",
            ],
        },
    ),
    "E4 row 6: the illegal removal of human organs": (
        ("screen", "annex2"),
        {
            "en": ["for the illegal removal of human organs and tissues"],
            "ru": ["в целях незаконного изъятия органов и тканей человека"],
            "kk": ["Адамның ағзалары мен тіндерін заңсыз алу мақсатында"],
        },
    ),
    "E5 Annex 8: no disclosure to third parties": (
        ("annex8",),
        {
            "en": ["may not disclose or pass the information to third parties"],
            "ru": ["не допускается разглашать и передавать информацию третьим лицам"],
            "kk": ["ақпаратты жария етуге және үшінші тұлғаларға беруге жол берілмейді"],
        },
    ),
    "E6 Annex 1: the head's name": (
        ("annex1",),
        {
            "en": ["Headova Demo Testovna", "(surname, first name, patronymic (if any) of the head)"],
            "ru": ["Headova Demo Testovna", "(фамилия, имя, отчество (при его наличии) руководителя)"],
            "kk": ["Headova Demo Testovna", "(басшының тегі, аты, әкесінің аты (бар болса))"],
        },
    ),
    "E7 row 13: recruitment is «азғырып көндіру»": (
        ("screen", "annex2"),
        {"kk": ["Азғырып көндіру: адамды қанау мақсатында"]},
    ),
    "E8 column and verdict lines: «қанаудың өзге де түрлері»": (
        ("annex2",),
        {"kk": ["оларды қанаудың өзге де түрлерінде", "оларды қанаудың өзге де түрлеріне"]},
    ),
    "E9 row 21: violence is «күш қолдану»": (
        ("screen", "annex2"),
        {"kk": ["Өмір мен денсаулыққа қауіпті күш қолдану немесе оны қолдану қатерін төндіру"]},
    ),
    "E10 column and verdict lines: «иных видах / иными видами»": (
        ("annex2",),
        {"ru": ["иных видах их эксплуатации", "иными видами их эксплуатации"]},
    ),
    "E11 column headings: list of criteria, indicators (points)": (
        ("annex2",),
        {
            "en": [
                "List of criteria for assessing the presence of ill-treatment",
                "Indicators of assessment of the presence of ill-treatment",
                "kidnapping (points)",
            ],
            "ru": [
                "Перечень критериев оценки наличия жестокого обращения",
                "Показатели оценки наличия жестокого обращения",
                "похищении людей (баллы)",
            ],
            "kk": ["бағалау критерийлерінің тізбесі", "бағалау көрсеткіштері (балл)"],
        },
    ),
    "E12 rows 11 and 12: the full wording": (
        ("screen", "annex2"),
        {
            "en": [
                "to commit the antisocial act of asking other persons for money and (or) other property",
                "by which the perpetrator exercises an owner's powers",
                "work and (or) services",
            ],
            "ru": [
                "к совершению антиобщественного деяния, связанного с выпрашиванием у других лиц денег и (или)",
                "с осуществлением виновным правомочий собственника",
                "работ и (или) оказания услуг для виновного и (или)",
            ],
            "kk": ["қоғамға жат әрекет жасауға мәжбүрлеу", "кінәлінің меншік иесінің өкілеттіктерін"],
        },
    ),
    "E13 sharing: law enforcement agencies": (
        ("share",),
        {
            "en": ["It goes to law enforcement agencies only on their written request"],
            "ru": ["Он передается правоохранительным органам только по их письменному запросу"],
            "kk": ["Ол құқық қорғау органдарына тек олардың жазбаша сұрау салуы бойынша"],
        },
    ),
}
# What said something else, and must be nowhere (screens, documents, catalogs).
FORBIDDEN = {
    "en": ["sexual services for material gain", "Harm dangerous to life:", "internal affairs only"],
    "ru": [
        "принуждение лица к оказанию сексуальных услуг в целях получения",
        "Вред, опасный для жизни:",
        "других видах",
        "другими видами",
        "органам внутренних дел только",
    ],
    "kk": [
        "жалдау",
        "пайдаланудың басқа да",
        "зорлық-зомбылық",
        "материалдық пайда алу мақсатында адамды",
        "Өмірге қауіпті зиян:",
        "ішкі істер органдарына тек",
    ],
}


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_the_corrected_wording_on_screens_and_documents(make_bot_client, store, locale):
    await store.set_head_name(None, "Headova Demo Testovna", org="Test Shelter No. 1")
    await store.add_user(630002, "police", district="Test District A", full_name="Police Testov", locale="en")
    user = make_bot_client()
    screens: list[str] = []
    for step in full_case(locale):
        await user.run([step], locale)
        screens.append(user.text)
    documents = {sent.document.filename.split("-")[0]: pdf_pages(sent.document.data) for sent in user.bot.documents}
    assert sorted(documents) == ["annex1", "annex2", "annex8"]
    await user.run([tap("⬅ Back"), tap("🗂 Open the case"), tap("🚓 Share with law enforcement")], locale)
    texts = {
        "screen": tight(" ".join(screens)),
        "share": tight(user.text),
        **{kind: tight(" ".join(pages)) for kind, pages in documents.items()},
    }

    for finding, (where, wanted) in REQUIRED.items():
        for element in wanted.get(locale, []):
            for place in where:
                assert tight(element) in texts[place], f"{finding}: {element!r} not in {place} ({locale})"
    for wrong in FORBIDDEN[locale]:
        for place, text in texts.items():
            assert tight(wrong) not in text, f"{wrong!r} still in {place} ({locale})"

    # E15: every page of every document, and the sheet's review, name the edition of the procedure
    edition = I18N.gettext(CURRENT_EDITION.title, locale=locale)
    for kind, pages in documents.items():
        assert pages and all(tight(edition) in tight(page) for page in pages), f"{kind} ({locale}) lacks {edition}"
    review = next(text for text in screens if tight(I18N.gettext("Total result", locale=locale)) in tight(text))
    assert tight(edition) in tight(review)


def catalog(locale: str):
    with (ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_the_catalogs_hold_none_of_the_replaced_variants(locale):
    for message in catalog(locale):
        text = message.string or message.id
        for wrong in FORBIDDEN[locale]:
            assert wrong.lower() not in text.lower(), (wrong, message.id)


def test_the_glossary_terms_of_the_law_are_used():
    kk, ru = catalog("kk"), catalog("ru")
    rows = {row.id: row for row in CURRENT_EDITION.rows}
    assert kk[rows["actions.recruitment"].short].string == "Азғырып көндіру"
    assert kk[rows["means.violence"].short].string == "Өмір мен денсаулыққа қауіпті күш қолдану"
    assert "қанау" in kk[rows["purpose.sexual"].text].string
    assert "правоохранительн" in ru["🚓 Share with law enforcement"].string
    assert "құқық қорғау органдар" in kk["🚓 Share with law enforcement"].string.lower()
    assert "иных видов их эксплуатации" in ru[CURRENT_EDITION.blocks[0].title].string
