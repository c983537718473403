"""The statistics chart: a PNG of a size fit for a phone, drawn only from what the report shows (no small number
anywhere), its texts through gettext in the shipped font, and matplotlib loaded only when a chart is drawn."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from bot.standard.breakdowns import build_report
from bot.standard.statistics import Period, Scope, ScopeKind
from bot.standard.suppression import HIDDEN, SECONDARY
from bot.statistics import chart

ROOT = Path(__file__).resolve().parents[2]
MADE_ON = date(2026, 1, 12)  # fixed: nothing here depends on today
QUARTER = Period.quarter(date(2025, 4, 1))
DISTRICT = Scope(ScopeKind.DISTRICT, 7, "Жетісу ауданы")
PNG = b"\x89PNG\r\n\x1a\n"
BUSY_COUNTS = {
    "started": 120,
    "outcome:identified": 50,
    "sheet": 90,
    "row:purpose.sexual": 30,
    "row:purpose.labour": 41,
    "row:purpose.adoption": 3,
    "row:purpose.begging": 9,
}
BUSY_MONTHS = {
    (202504, "identified"): 20,
    (202504, "not_identified"): 12,
    (202504, "cancelled"): 8,
    (202505, "identified"): 18,
    (202505, "not_identified"): 9,
    (202505, "in_progress"): 11,
    (202506, "identified"): 12,
    (202506, "consent_refused"): 10,
    (202506, "not_identified"): 20,
}
# A small district: every count but two is from 1 to 4.
SMALL_COUNTS = {"started": 11, "outcome:identified": 7, "sheet": 9, "row:purpose.labour": 6, "row:purpose.sexual": 2}
SMALL_MONTHS = {
    (202504, "identified"): 2,
    (202504, "not_identified"): 3,
    (202505, "identified"): 5,
    (202505, "in_progress"): 1,
    (202506, "not_identified"): 1,
}


def busy(scope: Scope = DISTRICT):
    return build_report(BUSY_COUNTS, period=QUARTER, scope=scope, made_on=MADE_ON, months=BUSY_MONTHS)


def small():
    return build_report(SMALL_COUNTS, period=QUARTER, scope=DISTRICT, made_on=MADE_ON, months=SMALL_MONTHS)


def drawn_texts(figure) -> list[str]:
    """The texts placed on the figure and in its panels (tick labels apart)."""
    return [t.get_text() for t in [*figure.texts, *(t for ax in figure.axes for t in ax.texts)] if t.get_text()]


@pytest.mark.parametrize("locale", ["en", "ru", "kk"])
def test_the_chart_is_a_png_for_a_phone(locale):
    png = chart.render_chart(busy(), lambda s: s, locale)
    assert png.startswith(PNG)
    assert 20_000 < len(png) < 300_000
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.width == 1000
        assert 1200 <= image.height <= 1600


def test_the_same_report_gives_the_same_bytes_with_no_time_stamp():
    first = chart.render_chart(busy(), lambda s: s, "ru")
    assert chart.render_chart(busy(), lambda s: s, "ru") == first
    assert b"tIME" not in first
    assert b"Software" not in first


def test_importing_the_chart_does_not_import_matplotlib():
    code = "import sys, bot.statistics.chart; assert 'matplotlib' not in sys.modules, sorted(sys.modules)"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, timeout=120)


def test_the_month_bars_come_from_what_the_grid_shows():
    report = small()
    grid = report.months
    bars = chart.month_bars(report, "en")
    assert [bar.month for bar in bars] == ["Apr", "May", "Jun"]
    for r, bar in enumerate(bars):
        for segment in bar.segments:
            c = grid.columns.index(segment.column)
            assert segment.value == grid.value(r, c)
            assert segment.text == grid.shown(r, c)
            assert segment.value is None or segment.value >= 5
        hidden = [s for s in bar.segments if s.value is None]
        assert bar.segments[len(bar.segments) - len(hidden) :] == tuple(hidden)  # the hidden ones on top
        assert all(s.text in (HIDDEN, SECONDARY) for s in hidden)
    assert any(s.value is None for bar in bars for s in bar.segments)


def test_a_small_report_draws_no_small_number():
    figure = chart._figure(small(), lambda s: s, "en")
    months, purposes = figure.axes
    standalone_small = re.compile(r"(?<![\d<])[1-4](?![\d])")
    assert not [text for text in drawn_texts(figure) if standalone_small.search(text)]
    hatched = [p for p in months.patches if p.get_hatch()]
    solid = [p for p in months.patches if not p.get_hatch()]
    assert hatched
    assert len({round(p.get_height(), 9) for p in hatched}) == 1  # one fixed height, whatever a cell holds
    assert sorted(p.get_height() for p in solid) == [5]  # the only count shown in the months
    # the purposes: sexual (2) hidden, labour (6) too (9 - 6 = 3 cases without it): no bar for either
    assert [bar.text for bar in chart.purpose_bars(small(), lambda s: s)] == ["<5", "*", "0", "0", "0"]
    assert purposes.patches == [] or all(p.get_width() == 0 for p in purposes.patches)
    assert "<5" in [t.get_text() for t in purposes.texts]


def test_a_shown_purpose_is_a_bar_and_a_hidden_one_only_its_text():
    figure = chart._figure(busy(), lambda s: s, "en")
    purposes = figure.axes[1]
    assert sorted(p.get_width() for p in purposes.patches) == [9, 30, 41]
    texts = [t.get_text() for t in purposes.texts]
    assert {"30", "41", "9", "<5", "Illegal adoption", "Forced labour"} <= set(texts)


def test_every_label_comes_through_gettext():
    figure = chart._figure(busy(), lambda s: f"§{s}", "en")
    period = chart.period_text(QUARTER, "en")
    worded = [t for t in drawn_texts(figure) if re.search(r"[^\W\d_]", t) and t != period]
    assert worded
    assert [t for t in worded if not t.startswith("§")] == []
    for msgid in (chart.TITLE_MONTHS, chart.TITLE_PURPOSES, chart.HIDDEN_KEY, chart.NOTE):
        assert f"§{msgid}" in " ".join(t.replace("\n", " ") for t in worded)
    assert "§District: Жетісу ауданы" in worded


@pytest.mark.parametrize(
    ("locale", "months", "period"),
    [
        ("en", ["Apr\n2025", "May", "Jun"], "Apr\u2009–\u2009Jun 2025"),  # Babel's thin and narrow no-break spaces
        ("ru", ["апр.\n2025", "май", "июнь"], "апр. — июнь 2025\u202fг."),
        ("kk", ["сәу.\n2025", "мам.", "мау."], "2025\u202fж. сәу.–мау."),
    ],
)
def test_months_and_period_are_named_in_the_locale(locale, months, period):
    figure = chart._figure(busy(), lambda s: s, locale)
    figure.canvas.draw()
    assert [t.get_text() for t in figure.axes[0].get_xticklabels()] == months
    assert chart.period_text(QUARTER, locale) == period
    assert period in drawn_texts(figure)


def test_every_text_is_in_the_shipped_font_and_every_letter_has_a_glyph():
    from matplotlib.ft2font import FT2Font
    from matplotlib.text import Text

    scope = Scope(ScopeKind.ORGANIZATION, 1, "Әйел құқықтары ғылыми орталығы: ә ғ қ ң ө ұ ү һ і")
    figure = chart._figure(busy(scope), str, "kk")
    figure.canvas.draw()
    texts = [t for t in figure.findobj(Text) if t.get_text()]
    assert {t.get_fontproperties().get_file() for t in texts} == {str(chart.REGULAR), str(chart.BOLD)}
    glyphs = FT2Font(str(chart.REGULAR)).get_charmap()
    letters = {ch for t in texts for ch in t.get_text() if ch != "\n"}
    assert "қ" in letters
    assert sorted(ch for ch in letters if ord(ch) not in glyphs) == []  # nothing drawn as a box


def test_an_empty_period_says_so_and_shows_no_scale():
    report = build_report({}, period=Period.month(date(2025, 6, 1)), scope=DISTRICT, made_on=MADE_ON, months={})
    figure = chart._figure(report, lambda s: s, "en")
    assert chart.NO_INTAKES in drawn_texts(figure)
    assert list(figure.axes[0].get_yticks()) == []


def test_long_texts_make_the_image_taller_not_cut():
    long_name = Scope(ScopeKind.ORGANIZATION, 1, " ".join(["Адам саудасының құрбандарына көмек орталығы"] * 4))
    png = chart.render_chart(busy(long_name), lambda s: f"{s} {s}", "kk")
    with Image.open(io.BytesIO(png)) as image:
        assert image.height > 1300
    assert len(png) < 300_000
