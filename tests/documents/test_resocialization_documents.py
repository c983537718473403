"""The resocialization documents (the individual work plan of Annex 6, the monitoring journal of Annex 7) in every
language, built from a recipient's view by hand: each label of the form and each value entered is in the extracted
text (pypdf, and poppler's pdftotext where it is installed); what is not recorded yet is a blank; a very long measure
wraps and nothing of it is lost; the metadata name no one.

The catalogs do not have the new labels yet: an overlay per language stands in for them (the translations handed to
the catalogs, in the glossary's wording), so that the checks see the labels really pass through the document's
gettext. Texts are compared normalized (NFKC: Babel's dates hold no-break spaces), without their whitespace when a
cell or a sentence may wrap.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date

import pytest
from babel.dates import format_date
from PIL import Image
from pypdf import PdfReader

from bot.documents import ALL_KINDS, RESOCIALIZATION_KINDS, JournalDocument, PlanDocument, filename, render
from bot.documents import labels as L
from bot.documents import resocialization as R
from bot.documents.build import journal_document, journal_quarters, plan_document, plan_version
from bot.standard.resocialization import CHANGE_AREAS, SERVICE_TITLES, SERVICES, Service, quarter_ends
from bot.store.resocialization_views import (
    MonitoringView,
    NeedsView,
    PlanItemView,
    PlanView,
    ResocializationView,
)
from tests.documents.test_render import CATALOGS, Extracted, flat, tight

LOCALES = ("kk", "ru", "en")
KAZAKH_LETTERS = set("әғқңөұүһі")
PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")

SERVICE_OVERLAY = {  # bot.standard.resocialization's titles of the eight types of services
    "ru": (
        "Социально-бытовые",
        "Социально-медицинские",
        "Социально-психологические",
        "Социально-педагогические",
        "Социально-трудовые",
        "Социально-культурные",
        "Социально-экономические",
        "Социально-правовые",
    ),
    "kk": (
        "Әлеуметтік-тұрмыстық",
        "Әлеуметтік-медициналық",
        "Әлеуметтік-психологиялық",
        "Әлеуметтік-педагогикалық",
        "Әлеуметтік-еңбек",
        "Әлеуметтік-мәдени",
        "Әлеуметтік-экономикалық",
        "Әлеуметтік-құқықтық",
    ),
}
AREA_OVERLAY = {  # the areas of Annex 7's note *
    "ru": (
        "соматическое, психическое, эмоциональное состояние",
        "двигательная, сенсорная, познавательная, речевая, коммуникативная сферы",
        "навыки самообслуживания, социально-трудовая адаптация и социализация",
    ),
    "kk": (
        "соматикалық, психикалық, эмоционалдық жай-күй",
        "қимыл-қозғалыс, сенсорлық, танымдық, сөйлеу, коммуникативтік салалар",
        "өзіне-өзі қызмет көрсету дағдылары, әлеуметтік-еңбек бейімделуі және әлеуметтену",
    ),
}
OVERLAY = {
    "ru": {
        R.STANDARD_ANNEX[
            R.ANNEX6
        ]: "Приложение 6 к Стандарту оказания специальных социальных услуг жертвам торговли людьми",
        R.STANDARD_ANNEX[
            R.ANNEX7
        ]: "Приложение 7 к Стандарту оказания специальных социальных услуг жертвам торговли людьми",
        R.TITLES[R.ANNEX6]: "Индивидуальный план работы",
        R.TITLES[R.ANNEX7]: "Журнал (электронная картотека) по исполнению (мониторингу) индивидуального плана работы "
        "получателя услуг",
        R.I_APPROVE: "Утверждаю",
        R.CAPTION_HEAD_SIGNATURE: "(фамилия, имя, отчество (при его наличии) и подпись руководителя организации)",
        R.BLANK_DATE: "«___» ____________ 20___ г.",
        R.CAPTION_ORGANIZATION: "(наименование организации)",
        R.RECIPIENT_NAME: "Фамилия, имя, отчество (при его наличии) получателя услуг",
        R.ADMITTED_ON: "Дата поступления в организацию",
        R.OBSERVED: "Наблюдение за получателем услуг проводилось с {start} по {end}",
        R.PLAN_PERIOD: "Индивидуальный план работы разработан на период с {start} по {end}",
        R.PLANNED: "Запланированные мероприятия согласно индивидуальным потребностям получателя услуг (виды и объем "
        "предоставляемых услуг):",
        R.COL_TYPES: "Виды услуг",
        R.COL_SCOPE: "Объем услуг (наименование индивидуально проводимых мероприятий)",
        R.COL_ASSIGNED_BY: "Фамилия, имя, отчество (при его наличии) и подпись специалиста, осуществившего назначение",
        R.COL_ASSIGNED_ON: "Дата назначения",
        R.REVISED_ON: "Дата пересмотра индивидуального плана работы",
        R.CAPTION_NAME_DATE: "(фамилия, имя, отчество (при его наличии), дата)",
        R.JOURNAL_PLAN: "Мониторинг индивидуального плана работы, разработанного на период с {start} по {end}",
        R.JOURNAL_OBSERVED: "Период наблюдения за получателем услуг: с {start} по {end}",
        R.COL_STATE: "Отметки о состоянии получателя услуг, в том числе:",
        R.COL_POSITIVE: "имеются положительные изменения (описать)*",
        R.COL_NO_CHANGE: "отсутствуют изменения или имеются ухудшения (указать причины)",
        R.COL_DECISION: "Решение о корректировке индивидуального плана работы (указать, какой вид услуг подлежит "
        "пересмотру)",
        R.COL_MONITORED_ON: "Дата мониторинга",
        R.COL_MONITORED_BY: "Фамилия, имя, отчество (при его наличии) и подпись специалиста, осуществившего мониторинг",
        R.QUARTER: "{number}-й квартал: с {start} по {end}",
        R.AREAS: "Сферы*: {areas}",
        R.NO_ADJUSTMENT: "Корректировка не требуется",
        R.FOOTNOTE: "* Положительные изменения получателя услуг отмечаются в следующих сферах:",
    },
    "kk": {
        R.STANDARD_ANNEX[R.ANNEX6]: "Адам саудасының құрбандарына арнаулы әлеуметтік қызметтер көрсету стандартына "
        "6-қосымша",
        R.STANDARD_ANNEX[R.ANNEX7]: "Адам саудасының құрбандарына арнаулы әлеуметтік қызметтер көрсету стандартына "
        "7-қосымша",
        R.TITLES[R.ANNEX6]: "Жеке жұмыс жоспары",
        R.TITLES[R.ANNEX7]: "Қызмет алушының жеке жұмыс жоспарын орындау (мониторингі) жөніндегі журнал (электрондық "
        "картотека)",
        R.I_APPROVE: "Бекітемін",
        R.CAPTION_HEAD_SIGNATURE: "(ұйым басшысының тегі, аты, әкесінің аты (бар болса) және қолы)",
        R.BLANK_DATE: "20___ ж. «___» ____________",
        R.CAPTION_ORGANIZATION: "(ұйымның атауы)",
        R.RECIPIENT_NAME: "Қызмет алушының тегі, аты, әкесінің аты (бар болса)",
        R.ADMITTED_ON: "Ұйымға қабылданған күні",
        R.OBSERVED: "Қызмет алушыны бақылау {start} бастап {end} дейін жүргізілді.",
        R.PLAN_PERIOD: "Жеке жұмыс жоспары {start} бастап {end} дейінгі кезеңге әзірленді.",
        R.PLANNED: "Қызмет алушының жеке қажеттіліктеріне сәйкес жоспарланған іс-шаралар (көрсетілетін қызметтердің "
        "түрлері мен көлемі):",
        R.COL_TYPES: "Қызметтердің түрлері",
        R.COL_SCOPE: "Қызметтердің көлемі (жеке өткізілетін іс-шаралардың атауы)",
        R.COL_ASSIGNED_BY: "Тағайындауды жүзеге асырған маманның тегі, аты, әкесінің аты (бар болса) және қолы",
        R.COL_ASSIGNED_ON: "Тағайындалған күні",
        R.REVISED_ON: "Жеке жұмыс жоспарын қайта қарау күні",
        R.CAPTION_NAME_DATE: "(тегі, аты, әкесінің аты (бар болса), күні)",
        R.JOURNAL_PLAN: "{start} бастап {end} дейінгі кезеңге әзірленген жеке жұмыс жоспарының мониторингі.",
        R.JOURNAL_OBSERVED: "Қызмет алушыны бақылау кезеңі: {start} бастап {end} дейін.",
        R.COL_STATE: "Қызмет алушының жай-күйі туралы белгілер, оның ішінде:",
        R.COL_POSITIVE: "оң өзгерістер бар (сипаттау)*",
        R.COL_NO_CHANGE: "өзгерістер жоқ немесе нашарлау бар (себептерін көрсету)",
        R.COL_DECISION: "Жеке жұмыс жоспарын түзету туралы шешім (қызметтің қай түрі қайта қаралуға жататынын көрсету)",
        R.COL_MONITORED_ON: "Мониторинг күні",
        R.COL_MONITORED_BY: "Мониторингті жүзеге асырған маманның тегі, аты, әкесінің аты (бар болса) және қолы",
        R.QUARTER: "{number}-тоқсан: {start} бастап {end} дейін",
        R.AREAS: "Салалар*: {areas}",
        R.NO_ADJUSTMENT: "Түзету қажет емес",
        R.FOOTNOTE: "* Қызмет алушының оң өзгерістері мына салаларда белгіленеді:",
    },
}
for _code in ("ru", "kk"):
    OVERLAY[_code] |= dict(zip((SERVICE_TITLES[s] for s in SERVICES), SERVICE_OVERLAY[_code], strict=True))
    OVERLAY[_code] |= dict(zip((text for _id, text in CHANGE_AREAS), AREA_OVERLAY[_code], strict=True))


def gettext_for(locale: str):
    if locale == "en":
        return lambda msgid: msgid
    overlay, catalog = OVERLAY[locale], CATALOGS[locale]
    return lambda msgid: overlay.get(msgid) or catalog.gettext(msgid)


def day(value: date, locale: str) -> str:
    return format_date(value, "long", locale=locale)


# --- A recipient, by hand: every value clearly synthetic -----------------------------------------------------

ENTRIES = {
    "en": {
        "name": "Testova Synthia Exampleovna",
        "organization": "Demo Shelter (synthetic), a crisis centre for testing only",
        "head": "Headova Demo Synthetic",
        "social": "Specialistova Demo Testovna",
        "psychologist": "Psychologova Synthetic Demo",
    },
    "kk": {
        "name": "Тестова Синтия Мысалқызы",
        "organization": "Демо баспана (синтетикалық), Демо шаһарындағы тест дағдарыс орталығы",
        "head": "Басшыова Өнер Басшықызы",
        "social": "Маманова Демо Тестқызы",
        "psychologist": "Психологова Синтетика Демоқызы",
    },
}
ENTRIES["ru"] = ENTRIES["en"]
LAWYER = "Lawyerov Test Synthetic"
BORN, ADMITTED, SIGNED, ENDS = date(1999, 3, 9), date(2026, 1, 8), date(2026, 1, 9), date(2026, 7, 9)
OBSERVED = (date(2026, 1, 9), date(2026, 1, 12))
NUMBER = "2026-0007/1"


def items(locale: str) -> tuple[PlanItemView, ...]:
    """Measures for seven of the eight types (none socio-economic), two socio-psychological ones."""
    social, psychologist = ENTRIES[locale]["social"], ENTRIES[locale]["psychologist"]
    plan = [
        (Service.SOCIAL, "Synthetic measure 1: a room, bedding and hygiene items for the stay", social, 13),
        (Service.MEDICAL, "Synthetic measure 2: an examination by the demo clinic's general practitioner", social, 14),
        (Service.PSYCHOLOGICAL, "Synthetic measure 3b: a weekly group session on trust", psychologist, 20),
        (Service.PSYCHOLOGICAL, "Synthetic measure 3a: individual counselling twice a week", psychologist, 15),
        (Service.PEDAGOGICAL, "Synthetic measure 4: a literacy course of the demo college", social, 16),
        (Service.LABOUR, "Synthetic measure 5: tailoring lessons in the demo workshop", social, 19),
        (Service.CULTURAL, "Synthetic measure 6: a visit to the demo theatre", social, 21),
        (Service.LEGAL, "Synthetic measure 8: help restoring the identity card (synthetic)", LAWYER, 22),
    ]
    return tuple(PlanItemView(s, m, None, who, date(2026, 1, d)) for s, m, who, d in plan)


def monitoring(locale: str) -> tuple[MonitoringView, ...]:
    social, psychologist = ENTRIES[locale]["social"], ENTRIES[locale]["psychologist"]
    return (
        MonitoringView(
            1,
            Service.PSYCHOLOGICAL,
            "Synthetic progress Q1-PSY: sleeps better, takes part in the group",
            ("states", "functions"),
            "",
            "",
            date(2026, 4, 6),
            None,
            psychologist,
        ),
        MonitoringView(
            1,
            Service.LABOUR,
            "",
            (),
            "Synthetic reason Q1-LAB: the workshop was closed for a month",
            "Synthetic decision Q1-LAB: move the tailoring lessons to the second quarter",
            date(2026, 4, 7),
            None,
            social,
        ),
        MonitoringView(
            1,
            Service.SOCIAL,
            "Synthetic progress Q1-SOC: keeps the room tidy without reminders",
            ("skills",),
            "",
            "",
            date(2026, 4, 7),
            None,
            social,
        ),
        MonitoringView(
            2,
            Service.LEGAL,
            "Synthetic progress Q2-LEG: the identity card was restored",
            ("skills",),
            "",
            "",
            date(2026, 7, 1),
            None,
            LAWYER,
        ),
    )


def view(locale: str, **changes) -> ResocializationView:
    entries = ENTRIES[locale]
    first = PlanView(
        1, SIGNED, ENDS, items(locale)[:4], "superseded", None, date(2026, 1, 12), entries["social"],
        date(2026, 1, 13), entries["head"],
    )  # fmt: skip
    second = PlanView(
        2, SIGNED, ENDS, items(locale), "approved", "Synthetic reason for the revision", date(2026, 3, 2),
        entries["social"], date(2026, 3, 4), entries["head"],
    )  # fmt: skip
    needs = NeedsView(*OBSERVED, {s: "" for s in SERVICES}, "Synthetic opinion", date(2026, 1, 12), entries["social"])
    doc = ResocializationView(
        case_id=7,
        case_number="2026-0007",
        recipient_id=2,
        number=NUMBER,
        name=entries["name"],
        birth_date=BORN,
        organization=entries["organization"],
        admitted_on=ADMITTED,
        signed=SIGNED,
        ends=ENDS,
        identification=(),
        practice=True,
        needs=needs,
        plans=(first, second),
        monitoring=monitoring(locale),
    )
    return replace(doc, **changes)


def plan_of(locale: str, version: int | None = None, **changes) -> PlanDocument:
    return plan_document(view(locale, **changes), version)


def journal_of(locale: str, **changes) -> JournalDocument:
    return journal_document(view(locale, **changes))


class Rendered(Extracted):
    """A rendered document, and its text without the running header and footer of each page (a table going on over
    a page break reads on)."""

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


def titles(_) -> list[str]:
    return [_(SERVICE_TITLES[service]) for service in SERVICES]


def plan_heading(_) -> str:
    heads = (L.COL_NUMBER, R.COL_TYPES, R.COL_SCOPE, R.COL_ASSIGNED_BY, R.COL_ASSIGNED_ON)
    return tight(" ".join(_(text) for text in heads) + "12345")


def journal_heading(_) -> str:
    heads = (L.COL_NUMBER, R.COL_TYPES, R.COL_STATE, R.COL_POSITIVE, R.COL_NO_CHANGE, R.COL_DECISION)
    return tight(" ".join(_(text) for text in (*heads, R.COL_MONITORED_ON, R.COL_MONITORED_BY)) + "123456")


# --- Annex 6 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_plan_prints_every_field_with_the_values_entered(locale):
    _, doc = gettext_for(locale), plan_of(locale)
    entries = ENTRIES[locale]
    extracted = Rendered("annex6", doc, locale)
    assert 2 <= len(extracted.pages) <= 3
    assert doc.version == 2 and doc.revised_on == date(2026, 3, 2)  # the plan in force: the revision
    for squeezed in extracted.bodies():
        assert tight(_(R.STANDARD_ANNEX[R.ANNEX6]) + _(L.FORM)) in squeezed
        approval = _(R.I_APPROVE) + entries["head"] + _(R.CAPTION_HEAD_SIGNATURE) + day(date(2026, 3, 4), locale)
        assert tight(approval) in squeezed
        assert tight(entries["organization"] + _(R.CAPTION_ORGANIZATION) + _(R.TITLES[R.ANNEX6])) in squeezed
        assert tight(f"{_(R.RECIPIENT_NAME)}: {entries['name']}") in squeezed
        assert tight(f"{_(L.CHILD_BIRTH)}: {day(BORN, locale)}") in squeezed
        assert tight(f"{_(R.ADMITTED_ON)}: {day(ADMITTED, locale)}") in squeezed
        observed = _(R.OBSERVED).format(start=day(OBSERVED[0], locale), end=day(OBSERVED[1], locale))
        period = _(R.PLAN_PERIOD).format(start=day(SIGNED, locale), end=day(ENDS, locale))
        assert tight(observed + period + _(R.PLANNED)) in squeezed
        assert tight(_(R.PLANNED)) + plan_heading(_) in squeezed
        for number, (service, title) in enumerate(zip(SERVICES, titles(_), strict=True), start=1):
            measures = doc.measures[service]
            first = measures[0].measure if measures else str(number + 1)  # an empty row: the next row follows
            assert tight(f"{number} {title} {first}") in squeezed, title
            for entry in measures:
                assert tight(f"{entry.measure} {entry.specialist} {day(entry.on, locale)}") in squeezed
        assert squeezed.index("Syntheticmeasure3a") < squeezed.index("Syntheticmeasure3b")  # by date
        assert tight(f"{_(R.REVISED_ON)}: {day(date(2026, 3, 2), locale)}") in squeezed
        signed = f"{_(L.SPECIALIST)} {entries['social']}, {day(date(2026, 3, 2), locale)}"
        assert tight(signed + _(L.CAPTION_SIGNATURE) + _(R.CAPTION_NAME_DATE)) in squeezed
    if locale != "en":
        assert _(R.TITLES[R.ANNEX6]) != R.TITLES[R.ANNEX6] and _(SERVICE_TITLES[Service.LEGAL]) != "Socio-legal"
    if locale == "kk":
        for text in extracted.every_text():
            assert set(text.lower()) >= KAZAKH_LETTERS
            assert "Әлеуметтік-психологиялық" in text.replace("-\n", "-")


@pytest.mark.parametrize("locale", LOCALES)
def test_first_version_has_no_revision_date_and_its_own_approval(locale):
    _, doc = gettext_for(locale), plan_of(locale, version=1)
    assert doc.version == 1 and doc.revised_on is None
    for squeezed in Rendered("annex6", doc, locale).bodies():
        assert tight(_(R.I_APPROVE) + ENTRIES[locale]["head"] + _(R.CAPTION_HEAD_SIGNATURE)) in squeezed
        assert tight(day(date(2026, 1, 13), locale)) in squeezed
        assert tight(f"{_(R.REVISED_ON)}:{_(L.SPECIALIST)}") in squeezed  # a line to write on by hand
        assert "Syntheticmeasure4" not in squeezed and "Syntheticmeasure3a" in squeezed
        assert tight(f"4 {titles(_)[3]} 5 {titles(_)[4]} 6") in squeezed  # rows without measures


@pytest.mark.parametrize("locale", LOCALES)
def test_a_draft_leaves_the_approval_and_what_is_not_recorded_blank(locale):
    _ = gettext_for(locale)
    base = view(locale)
    draft = replace(
        base.plans[-1], version=3, state="draft", approved_on=None, approver=None, created_on=date(2026, 5, 4)
    )
    changed = replace(base, plans=(*base.plans, draft), needs=None, birth_date=None, organization="")
    assert plan_document(changed).version == 2  # the plan in force, until the head approves the draft
    doc = plan_document(changed, 3)
    assert doc.head_name == "" and doc.approved_on is None and doc.revised_on == date(2026, 5, 4)
    extracted = Rendered("annex6", doc, locale)
    for squeezed in extracted.bodies():
        assert tight(_(R.I_APPROVE) + _(R.CAPTION_HEAD_SIGNATURE) + _(R.BLANK_DATE)) in squeezed
        assert tight(ENTRIES[locale]["head"]) not in squeezed
        assert tight(_(R.CAPTION_ORGANIZATION) + _(R.TITLES[R.ANNEX6])) in squeezed  # the name, a line to fill in
        assert tight(f"{_(L.CHILD_BIRTH)}:{_(R.ADMITTED_ON)}") in squeezed
        caption = _(L.CAPTION_DATE)
        assert tight(_(R.OBSERVED).format(start=f"__{caption}", end=f"__{caption}")).replace("_", "") in (
            squeezed.replace("_", "")
        )
        assert tight(f"{_(R.REVISED_ON)}: {day(date(2026, 5, 4), locale)}") in squeezed
    with pytest.raises(ValueError):
        plan_document(changed, 9)
    with pytest.raises(ValueError):
        plan_version(replace(base, plans=()))
    assert plan_version(replace(base, plans=(draft,))).version == 3  # before any approval: the draft


def strip_repeats(squeezed: str, *repeats: str) -> str:
    for text in repeats:
        squeezed = squeezed.replace(text, "")
    return squeezed


def words_outside_the_text_area(data: bytes) -> list[str]:
    """Words whose box (pdftotext -bbox, in points) leaves the text column between the margins of their page."""
    html = subprocess.run(
        [PDFTOTEXT, "-bbox", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")
    outside = []
    for width, words in re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', html, flags=re.S):
        left, right = 18 / 25.4 * 72 - 1, float(width) - 18 / 25.4 * 72 + 1
        found = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', words)
        assert found
        outside += [word for x_min, x_max, word in found if float(x_min) < left or float(x_max) > right]
    return outside


@pytest.mark.parametrize("locale", ("en", "kk"))
def test_a_long_measure_wraps_inside_its_cell_and_nothing_is_lost(locale):
    _ = gettext_for(locale)
    words = [f"QZ{n:03d} synthetic {'words' if n % 2 else 'сөздер'} of the long measure," for n in range(60)]
    measure = ("Synthetic measure long: " + " ".join(words) + " " + "x" * 2000)[:1994] + " QZEND"
    markers = re.findall(r"QZ\d{3}|QZEND", measure)
    assert len(measure) == 2000 and len(markers) > 30
    base = view(locale)
    plan = replace(
        base.plans[-1],
        items=(*base.plans[-1].items, PlanItemView(Service.LEGAL, measure, None, LAWYER, date(2026, 5, 5))),
    )
    doc = plan_document(replace(base, plans=(base.plans[0], plan)))
    extracted = Rendered("annex6", doc, locale)
    assert 3 <= len(extracted.pages) <= 6
    title = titles(_)[7]
    for squeezed in extracted.bodies():
        rest = strip_repeats(
            squeezed, plan_heading(_) + tight(f"8 {title}"), tight(f"{LAWYER} {day(date(2026, 5, 5), locale)}")
        )
        assert tight(measure) in rest
        positions = [squeezed.find(marker) for marker in markers]
        assert min(positions) >= 0 and positions == sorted(positions)
        assert tight(f"{_(R.REVISED_ON)}: {day(date(2026, 3, 2), locale)}") in squeezed  # the form goes on after it
    if PDFTOTEXT:
        assert words_outside_the_text_area(extracted.data) == []


# --- Annex 7 ----------------------------------------------------------------------------------------------


def entry_text(entry: MonitoringView, _, locale: str) -> str:
    """Columns 2 to 6 of an entry as printed: the areas under the positive changes; "—" and "no adjustment" for
    what is empty."""
    areas = "; ".join(_(dict(CHANGE_AREAS)[area]) for area in entry.areas)
    positive = (entry.positive or L.NONE) + (" " + _(R.AREAS).format(areas=areas) if areas else "")
    decision = entry.decision or _(R.NO_ADJUSTMENT)
    return f"{positive} {entry.no_change or L.NONE} {decision} {day(entry.on, locale)} {entry.specialist}"


@pytest.mark.parametrize("locale", LOCALES)
def test_journal_prints_every_quarter_type_and_entry(locale):
    _, doc = gettext_for(locale), journal_of(locale)
    entries = ENTRIES[locale]
    extracted = Rendered("annex7", doc, locale)
    assert 3 <= len(extracted.pages) <= 6
    quarters = [(SIGNED, date(2026, 4, 9)), (date(2026, 4, 10), ENDS)]
    assert [(q.period_from, q.period_to) for q in doc.quarters] == quarters
    for squeezed in extracted.bodies():
        organization = entries["organization"] + _(R.CAPTION_ORGANIZATION)
        assert tight(_(R.STANDARD_ANNEX[R.ANNEX7]) + _(L.FORM) + organization + _(R.TITLES[R.ANNEX7])) in squeezed
        assert tight(f"{_(R.RECIPIENT_NAME)}: {entries['name']}") in squeezed
        assert tight(f"{_(L.CHILD_BIRTH)}: {day(BORN, locale)}") in squeezed
        plan = _(R.JOURNAL_PLAN).format(start=day(SIGNED, locale), end=day(ENDS, locale))
        observed = _(R.JOURNAL_OBSERVED).format(start=day(OBSERVED[0], locale), end=day(OBSERVED[1], locale))
        assert tight(plan + observed) + journal_heading(_) in squeezed
        for number, (start, end) in enumerate(quarters, start=1):
            band = _(R.QUARTER).format(number=number, start=day(start, locale), end=day(end, locale))
            assert tight(band + f"1 {titles(_)[0]}") in squeezed, band
        for title in titles(_):
            assert squeezed.count(tight(title)) == 2, title  # a row in each quarter
        for entry in monitoring(locale):
            row = (
                f"{SERVICES.index(entry.service) + 1} {_(SERVICE_TITLES[entry.service])} {entry_text(entry, _, locale)}"
            )
            assert tight(row) in squeezed, entry.service
        assert squeezed.index("Q1-PSY") < squeezed.index("Q2-LEG")
        empty = f"2 {titles(_)[1]} 3 {titles(_)[2]}"  # no socio-medical entry in the first quarter
        assert tight(empty) in squeezed
        assert (
            tight(f"{_(L.SPECIALIST)} {entries['social']}" + _(L.CAPTION_SIGNATURE) + _(R.CAPTION_NAME_DATE))
            in squeezed
        )
        footnote = [_(L.NOTE), _(R.FOOTNOTE), *(f"– {_(text)}" for _id, text in CHANGE_AREAS)]
        assert tight(" ".join(footnote)).replace(";", "").replace(".", "") in squeezed.replace(";", "").replace(".", "")
    if locale == "kk":
        for text in extracted.every_text():
            assert set(text.lower()) >= KAZAKH_LETTERS
    if PDFTOTEXT:
        assert words_outside_the_text_area(extracted.data) == []


@pytest.mark.parametrize("locale", ("ru", "kk"))
def test_journal_before_the_plan_is_a_form_to_fill_in(locale):
    _ = gettext_for(locale)
    doc = journal_of(locale, plans=(), monitoring=(), needs=None)
    assert doc.plan_from is None and doc.specialist == "" and len(doc.quarters) == 2
    for squeezed in Rendered("annex7", doc, locale).bodies():
        assert squeezed.count(tight(_(L.CAPTION_DATE))) == 4  # the plan's period and the observation
        for title in titles(_):
            assert squeezed.count(tight(title)) == 2
        assert tight(_(R.NO_ADJUSTMENT)) not in squeezed
        second = _(R.QUARTER).format(number=2, start=day(date(2026, 4, 10), locale), end=day(ENDS, locale))
        rows = strip_repeats(squeezed, journal_heading(_))  # the heading repeated on a new page
        assert tight(f"8 {titles(_)[7]} {second} 1 {titles(_)[0]}") in rows  # rows to fill in, quarter by quarter


def test_quarters_follow_the_agreement_its_extension_and_what_was_recorded():
    base = view("en")
    extended = replace(base, ends=date(2026, 10, 9))
    quarters = journal_quarters(extended)
    assert (
        [q.period_to for q in quarters]
        == quarter_ends(SIGNED, date(2026, 10, 9))
        == [
            date(2026, 4, 9),
            date(2026, 7, 9),
            date(2026, 10, 9),
        ]
    )
    assert [q.period_from for q in quarters] == [SIGNED, date(2026, 4, 10), date(2026, 7, 10)]
    late = MonitoringView(5, Service.SOCIAL, "Synthetic late entry", (), "", "", date(2026, 9, 1), None, LAWYER)
    kept = journal_quarters(replace(base, monitoring=(*base.monitoring, late)))
    assert (
        len(kept) == 5 and kept[4].period_from is None and kept[4].entries[Service.SOCIAL][0].positive == late.positive
    )
    for quarter in quarters:
        assert set(quarter.entries) == set(SERVICES)
    assert [e.positive for e in quarters[0].entries[Service.PSYCHOLOGICAL]] == [monitoring("en")[0].positive]


# --- Every document -------------------------------------------------------------------------------------------


def test_kinds_filenames_and_the_documents_they_are_rendered_from():
    _ = gettext_for("en")
    plan, journal = plan_of("en"), journal_of("en")
    assert RESOCIALIZATION_KINDS == ("annex6", "annex7") and set(RESOCIALIZATION_KINDS) <= set(ALL_KINDS)
    assert filename("annex6", plan, "kk") == "annex6-2026-0007-1-kk.pdf"
    assert filename("annex7", journal, "ru") == "annex7-2026-0007-1-ru.pdf"
    for kind, doc in (("annex6", journal), ("annex7", plan), ("annex1", plan), ("annex3", journal)):
        with pytest.raises(ValueError):
            render(kind, doc, "en", _)
        with pytest.raises(ValueError):
            filename(kind, doc, "en")
    from tests.documents.test_render import make_doc

    with pytest.raises(ValueError):
        render("annex6", make_doc(), "en", _)
    assert render("annex1", make_doc(), "en", _).startswith(b"%PDF")  # the others still go through


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", RESOCIALIZATION_KINDS)
def test_every_page_has_the_number_confidential_page_x_of_y_and_no_personal_metadata(kind, locale):
    _ = gettext_for(locale)
    doc = plan_of(locale) if kind == "annex6" else journal_of(locale)
    extracted = Rendered(kind, doc, locale)
    for pages in extracted.every_page_set():
        for number, page in enumerate(pages, start=1):
            text = flat(page)
            assert flat(_(L.PAGE_OF).format(page=number, pages=len(pages))) in text
            assert flat(_(L.CASE_NUMBER).format(number=NUMBER)) in text
            assert _(L.CONFIDENTIAL) in text and flat(_(L.TRAINING)) in text
            assert flat(_(doc.edition)) in text
    reader = PdfReader(io.BytesIO(extracted.data))
    # What the bot's other documents put there: the creator, the creation date and the form's title, no one's name.
    assert set(reader.metadata) == {"/Creator", "/CreationDate", "/Title"} and reader.xmp_metadata is None
    assert reader.metadata["/Title"] == _(R.TITLES[kind]) and reader.metadata["/Creator"] == "intake-bot"
    for personal in (ENTRIES[locale]["name"], "Testova", ENTRIES[locale]["head"], NUMBER, "1999"):
        assert all(personal not in str(value) for value in reader.metadata.values())
    real = Rendered(kind, replace(doc, practice=False), locale)
    for text in real.every_text():
        assert flat(_(L.TRAINING)) not in flat(text)


@pytest.mark.skipif(not PDFTOPPM, reason="poppler's pdftoppm is not installed")
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", RESOCIALIZATION_KINDS)
def test_pages_as_images_keep_their_ink_inside_the_margins(kind, locale, tmp_path):
    """The pages rendered as PNG (as a person looks at them): one image per page, landscape for the journal, and
    nothing drawn in the side margins (a cell's text running out of its table would be)."""
    doc = plan_of(locale) if kind == "annex6" else journal_of(locale)
    data = render(kind, doc, locale, gettext_for(locale))
    (tmp_path / "doc.pdf").write_bytes(data)
    subprocess.run([PDFTOPPM, "-png", "-r", "60", tmp_path / "doc.pdf", tmp_path / "page"], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(PdfReader(io.BytesIO(data)).pages)
    for path in images:
        with Image.open(path) as image:
            gray = image.convert("L")
            width, height = gray.size
            assert (width > height) is (kind == "annex7")
            margin = int(17 / 25.4 * 60)
            for box in ((0, 0, margin, height), (width - margin, 0, width, height)):
                assert gray.crop(box).getextrema()[0] > 200, (path.name, box)
