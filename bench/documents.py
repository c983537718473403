"""Benchmark: how many PDF documents per second ``bot.documents.render`` makes.

    .venv/bin/python -m bench.documents [--seconds 3] [--json OUT.json]

Each annex is rendered repeatedly in each language for ``--seconds`` (so 3 annexes x 3 languages x
``--seconds`` in all, plus a 20,000-character Annex 8 report), on a clearly synthetic case with a full
evaluation sheet. Prints the results as JSON (and writes them to ``--json`` when given). Nothing is
asserted: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import io
import platform
import time
from datetime import date, datetime
from importlib.metadata import version

from pypdf import PdfReader

from bench import emit
from bot.documents import (
    KINDS,
    CaseDocument,
    Child,
    Report,
    SheetBlock,
    SheetLine,
    render,
)
from bot.standard.clock import TZ
from bot.standard.sheet import CURRENT_EDITION, Answer, block_totals
from bot.standard.verdict import RULES

LOCALES = ("kk", "ru", "en")
SENTENCES = (
    "The synthetic person said the invented recruiter promised demo work in a fictional city.",
    "Documents were reportedly kept by a made-up employer for several imaginary months.",
    "She described long shifts at a pretend workshop and no pay for the sample period.",
    "No real person, place or event is described in this benchmark narrative.",
)


def narrative(length: int) -> str:
    parts, size, index = [], 0, 0
    while size < length:
        sentence = SENTENCES[index % len(SENTENCES)]
        parts.append(sentence + ("\n\n" if index % 8 == 7 else " "))
        size += len(sentence) + 1
        index += 1
    return "".join(parts).strip()


def sample(narrative_length: int = 5_000) -> CaseDocument:
    edition = CURRENT_EDITION
    cycle = (Answer.PRESENT, Answer.ABSENT, Answer.NOT_ESTABLISHED, Answer.ABSENT)
    answers = {row.id: cycle[i % len(cycle)] for i, row in enumerate(edition.rows)}
    totals = block_totals(edition, answers)
    blocks = tuple(
        SheetBlock(block.number, block.title,
                   tuple(SheetLine(row.number, row.text, answers[row.id],
                                   edition.points(row) if answers[row.id] is Answer.PRESENT else 0)
                         for row in block.rows),
                   totals[block.id])
        for block in edition.blocks)
    rule = RULES[edition.default_rule]
    return CaseDocument(
        number="2026-0007", organization="Demo Shelter (synthetic)",
        surname="Testova-Demo", first_name="Synthia", patronymic="Exampleovna", birth_date=date(1999, 3, 9),
        consent_at=datetime(2026, 1, 5, 10, 30, tzinfo=TZ),
        children=(Child("Testova-Demo", "Juniora", "", date(2018, 6, 1), "daughter"),),
        blocks=blocks, total=sum(totals.values()), suggested=True, verdict=True,
        rule_title=rule.title, rule_description=rule.description, override_reason=None,
        specialist="Specialistova Demo Testovna",
        report=Report(datetime(2026, 1, 6, 14, 5, tzinfo=TZ), "Demo Shelter (synthetic), 1 Test Street",
                      "Present: the specialist and an interpreter (Interpreterova).",
                      narrative(narrative_length), "Specialistova Demo Testovna"),
        practice=True,
    )


def translators():
    """The catalogs' gettext per language (English: the msgid itself)."""
    from bot.i18n import (
        load_catalogs,  # the bot's catalogs; rendering itself needs no aiogram
    )

    catalogs = load_catalogs()
    return {locale: (lambda msgid: msgid) if locale == "en" else catalogs[locale].gettext
            for locale in LOCALES}


def measure(kind: str, doc: CaseDocument, locale: str, gettext, seconds: float) -> dict:
    data = render(kind, doc, locale, gettext)  # warm up (fonts, Babel data)
    count, started = 0, time.perf_counter()
    elapsed = 0.0
    while elapsed < seconds or count < 2:
        data = render(kind, doc, locale, gettext)
        count += 1
        elapsed = time.perf_counter() - started
    return {"kind": kind, "locale": locale, "documents": count, "seconds": round(elapsed, 3),
            "docs_per_second": round(count / elapsed, 2), "ms_per_document": round(1000 * elapsed / count, 1),
            "bytes": len(data), "pages": len(PdfReader(io.BytesIO(data)).pages)}


def run(seconds: float) -> dict:
    gettexts = translators()
    doc, long_doc = sample(), sample(20_000)
    results = []
    for kind in KINDS:
        for locale in LOCALES:
            results.append(measure(kind, doc, locale, gettexts[locale], seconds))
    for locale in LOCALES:
        entry = measure("annex8", long_doc, locale, gettexts[locale], seconds)
        entry["kind"] = "annex8-20k"
        results.append(entry)
    per_annex = {}
    for kind in (*KINDS, "annex8-20k"):
        rows = [r for r in results if r["kind"] == kind]
        per_annex[kind] = round(sum(r["documents"] for r in rows) / sum(r["seconds"] for r in rows), 2)
    return {
        "benchmark": "bot.documents.render",
        "seconds_per_annex_and_language": seconds,
        "python": platform.python_version(), "fpdf2": version("fpdf2"), "machine": platform.machine(),
        "docs_per_second_per_annex": per_annex,
        "results": results,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.documents", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0,
                        help="how long each annex is rendered in each language (default 3)")
    parser.add_argument("--json", metavar="OUT.json", help="also write the results to this file")
    args = parser.parse_args(argv)
    emit(run(args.seconds), args.json)


if __name__ == "__main__":
    main()
