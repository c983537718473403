"""The statistics chart: one PNG for a phone, the months by outcome above and the purposes found below.

Only what a report shows is drawn. Every number and every bar comes from a cell's ``.value`` and ``.shown``
(:meth:`Grid.value`, :meth:`Grid.shown`), never from the counts behind a hidden cell:

* **Months by outcome** (stacked bars). A shown cell is a solid segment of its true height, its number written in
  it when it is tall enough to hold it; the shown cells come first, so the solid part of a bar is the sum of what
  is shown and can be read off the axis. A hidden cell is a *hatched* segment in its outcome's colour stacked on
  top, of one fixed height (the same for every hidden cell in every month, whatever it holds), with its "<5" or
  "*" written on it; the legend says the height is fixed. So a month can be seen to have hidden cells, and in
  which outcomes (the tables say as much), but no small count can be read off a bar's height. The month's total
  is not written, and when nothing but hidden cells is drawn the count axis is left out (there is nothing to read
  on it).
* **Purposes found** (horizontal bars, in the sheet's order, not sorted, so that the order tells nothing about the
  hidden ones): a shown cell is a bar with its number; a hidden one has no bar, only its "<5" or "*".

matplotlib is imported inside :func:`render_chart` only, so the bot's memory does not grow for users who never ask
for a chart. The figure is built without pyplot (no global figures), with explicit fonts on every text (the DejaVu
Sans shipped in ``bot/documents/fonts``, which has the Kazakh letters) and without math parsing; rendering is
serialized by a lock (matplotlib's font cache is shared) and is CPU work: call it in a thread from async code.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.dates import format_date, format_interval, format_skeleton, get_month_names

from bot.standard import N_
from bot.standard.breakdowns import MONTH_COLUMNS, Report
from bot.standard.statistics import Period, PeriodKind
from bot.statistics import scope_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

TITLE_MONTHS = N_("Cases per month by outcome")
SUBTITLE_MONTHS = N_("Intakes by the month they started; outcomes as of {date}")
HIDDEN_KEY = N_("Hidden number (drawn at a fixed height)")
NO_INTAKES = N_("No intakes in this period")
TITLE_PURPOSES = N_("Purposes of exploitation found")
SEVERAL_PURPOSES = N_("A case can have more than one purpose.")
NOTE = N_(
    "Small numbers are hidden so that no one can be recognized: “<5” means fewer than 5, “*” a number hidden so "
    "that a small one cannot be worked out from the totals."
)

FONTS = Path(__file__).resolve().parent.parent / "documents" / "fonts"
REGULAR, BOLD = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
WIDTH, HEIGHT, DPI = 1000, 1300, 100  # pixels; the height grows when long texts need it
MIN_CHART = 380  # the months chart's least height
MARGIN, GAP = 40, 22
LINE = 1.3  # line height, in font sizes
HIDDEN_PX = 30  # the fixed height of a hidden cell's segment
BAR_PX, ITEM_GAP = 28, 14  # a purpose's bar and the space after it
MAX_LABELLED = 13  # with more months the bars are too narrow for numbers: only the axis tells, and the hidden...
MAX_MARKED = 26  # ... cells' "<5" is written smaller, up to this many months (beyond, the hatching alone says it)
# Okabe-Ito colours (told apart with colour blindness), with the colour of a number written on each.
COLOURS = {"identified": "#0072B2", "not_identified": "#E69F00", "closed": "#009E73", "open": "#CC79A7"}
INK = {"identified": "white", "not_identified": "black", "closed": "white", "open": "black"}
GREY, PURPOSE_COLOUR = "#555555", "#0072B2"
WHITE_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"}
SIZES = {"head": 22, "period": 17, "title": 19, "sub": 14, "tick": 15, "number": 14, "legend": 15, "note": 13}

_lock = threading.Lock()
_fonts_registered = False


@dataclass(frozen=True)
class Segment:
    column: str  # a key of MONTH_COLUMNS
    value: int | None  # None: hidden, drawn at the fixed height
    text: str  # what the cell shows: the number, "<5" or "*"


@dataclass(frozen=True)
class MonthBar:
    month: str  # the month's abbreviated name
    year: int
    segments: tuple[Segment, ...]  # bottom up: the shown cells, then the hidden ones (each in MONTH_COLUMNS order)


@dataclass(frozen=True)
class PurposeBar:
    label: str  # translated
    value: int | None  # None: hidden, no bar
    text: str


def month_bars(report: Report, locale: str) -> list[MonthBar]:
    """The bars of the months chart, from what the report's grid shows."""
    names = get_month_names("abbreviated", context="stand-alone", locale=locale)
    grid, bars = report.months, []
    for r, row in enumerate(grid.rows):
        year, month = divmod(int(row), 100)
        cells = [Segment(column, grid.value(r, c), grid.shown(r, c)) for c, column in enumerate(grid.columns)]
        shown = [cell for cell in cells if cell.value]
        hidden = [cell for cell in cells if cell.value is None]
        bars.append(MonthBar(names[month], year, (*shown, *hidden)))
    return bars


def purpose_bars(report: Report, gettext: Callable[[str], str]) -> list[PurposeBar]:
    return [PurposeBar(gettext(c.label), c.value, c.shown) for c in report.table("row.purpose").cells]


def period_text(period: Period, locale: str) -> str:
    if period.kind is PeriodKind.MONTH:
        return format_skeleton("yMMMM", period.start, locale=locale)
    if period.kind is PeriodKind.YEAR:
        return format_skeleton("y", period.start, locale=locale)
    skeleton = "yMMM" if period.kind is PeriodKind.QUARTER else "yMMMd"
    return format_interval(period.start, period.end, skeleton, locale=locale)


def render_chart(report: Report, gettext: Callable[[str], str], locale: str) -> bytes:
    """The report's chart as a PNG (about 1000×1300 pixels), its texts through ``gettext``, its dates and month
    names in ``locale`` ("kk", "ru", "en"). The same report gives the same bytes (no time stamp in the file)."""
    with _lock:
        figure = _figure(report, gettext, locale)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


@dataclass
class _Block:
    lines: list[str]
    prop: FontProperties
    height: float

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class _Page:
    """Places wrapped text and axes on the figure in pixels from its top left corner."""

    def __init__(self, figure: Figure) -> None:
        self.figure = figure
        self.renderer: Any = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        self.y = float(MARGIN)
        self.height = float(HEIGHT)

    def grow(self, height: float) -> None:
        self.height = height
        self.figure.set_size_inches(WIDTH / DPI, height / DPI)

    @staticmethod
    def font(size: float, bold: bool = False) -> FontProperties:
        from matplotlib.font_manager import FontProperties

        return FontProperties(fname=str(BOLD if bold else REGULAR), size=size)

    def width(self, text: str, prop: FontProperties) -> float:
        return float(self.renderer.get_text_width_height_descent(text, prop, ismath=False)[0])

    def block(self, text: str, prop: FontProperties, width: float = WIDTH - 2 * MARGIN) -> _Block:
        """``text`` wrapped at its plain spaces to ``width`` pixels as measured in its font (never at the no-break and
        thin spaces that Babel puts in dates, which are kept as they are)."""
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in filter(None, paragraph.split(" ")):
                wider = f"{line} {word}" if line else word
                if line and self.width(wider, prop) > width:
                    lines.append(line)
                    line = word
                else:
                    line = wider
            lines.append(line)
        return _Block(lines, prop, len(lines) * prop.get_size_in_points() * DPI / 72 * LINE)

    def put(self, block: _Block, x: float = MARGIN, color: str = "black", advance: bool = True) -> None:
        where = (x / WIDTH, 1 - self.y / self.height)
        self.figure.text(*where, block.text, va="top", ha="left", color=color, linespacing=LINE, **_props(block.prop))
        if advance:
            self.y += block.height

    def axes(self, left: float, height: float, right: float = MARGIN) -> Axes:
        bottom = 1 - (self.y + height) / self.height
        ax = self.figure.add_axes((left / WIDTH, bottom, (WIDTH - left - right) / WIDTH, height / self.height))
        self.y += height
        return ax


def _props(prop: FontProperties) -> dict[str, Any]:
    """Every text's font given (never the system's) and no math parsing (a "$" in a name stays a "$")."""
    return {"fontproperties": prop, "parse_math": False}


def _figure(report: Report, gettext: Callable[[str], str], locale: str) -> Figure:
    """The chart's figure (matplotlib imported here, never at the module's import)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    _register_fonts()
    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(figure)
    page = _Page(figure)
    font = page.font
    made_on = format_date(report.made_on, "long", locale=locale)
    head = page.block(scope_text(report.scope, gettext), font(SIZES["head"], bold=True))
    period = page.block(period_text(report.period, locale), font(SIZES["period"]))
    title_a = page.block(gettext(TITLE_MONTHS), font(SIZES["title"], bold=True))
    sub_a = page.block(gettext(SUBTITLE_MONTHS).format(date=made_on), font(SIZES["sub"]))
    legend = _legend(page, gettext)
    purposes = report.table("row.purpose")
    title_b = page.block(gettext(TITLE_PURPOSES), font(SIZES["title"], bold=True))
    base = f"{gettext(purposes.base_title)}: {purposes.total_shown}. {gettext(SEVERAL_PURPOSES)}"
    sub_b = page.block(base, font(SIZES["sub"]))
    items = [(bar, page.block(bar.label, font(SIZES["legend"]))) for bar in purpose_bars(report, gettext)]
    items_px = sum(label.height + BAR_PX + ITEM_GAP for _bar, label in items)
    note = page.block(gettext(NOTE), font(SIZES["note"]))
    ticks_px = 2 * SIZES["tick"] * DPI / 72 * LINE + 8
    texts = [head, period, title_a, sub_a, title_b, sub_b, note]
    gaps = 3.5 * GAP  # as placed below
    fixed = sum(b.height for b in texts) + sum(h for _b, h in legend) + items_px + ticks_px + gaps + 2 * MARGIN
    page.grow(max(HEIGHT, round(fixed + MIN_CHART)))
    page.put(head)
    page.put(period, color=GREY)
    page.y += GAP
    page.put(title_a)
    page.put(sub_a, color=GREY)
    page.y += GAP / 2
    months = page.axes(MARGIN + 45, page.height - fixed)
    _draw_months(months, month_bars(report, locale), page, gettext)
    page.y += ticks_px + GAP
    _put_legend(page, legend)
    page.y += GAP
    page.put(title_b)
    page.put(sub_b, color=GREY)
    page.y += GAP / 2
    _draw_purposes(page.axes(MARGIN, items_px), items, page)
    page.y += GAP / 2
    page.put(note, color=GREY)
    return figure


def _register_fonts() -> None:
    """Make the shipped fonts known to matplotlib (once), so that nothing depends on the system's fonts."""
    global _fonts_registered
    if _fonts_registered:
        return
    from matplotlib import font_manager

    for path in (REGULAR, BOLD):
        font_manager.fontManager.addfont(str(path))
    _fonts_registered = True


def _top(bars: Sequence[MonthBar], hidden_share: float) -> float:
    """The y axis' top: every bar fits below it with some room, a hidden segment being ``hidden_share`` of it."""
    top = 5.0
    for bar in bars:
        shown = sum(s.value or 0 for s in bar.segments)
        hidden = sum(s.value is None for s in bar.segments)
        top = max(top, shown / max(1 / 1.06 - hidden * hidden_share, 0.2))
    return top


def _draw_months(ax: Axes, bars: Sequence[MonthBar], page: _Page, gettext: Callable[[str], str]) -> None:
    axes_px = ax.bbox.height
    top = _top(bars, HIDDEN_PX / axes_px)
    ax.set_ylim(0, top)
    hidden_height = HIDDEN_PX / axes_px * top
    numbers = page.font(SIZES["number"]) if len(bars) <= MAX_LABELLED else None
    marks = numbers or (page.font(SIZES["number"] - 4) if len(bars) <= MAX_MARKED else None)
    for x, bar in enumerate(bars):
        bottom = 0.0
        for segment in bar.segments:
            height = hidden_height if segment.value is None else float(segment.value)
            _segment(ax, x, bottom, height, segment, marks if segment.value is None else numbers)
            bottom += height
    if not any(bar.segments for bar in bars):
        message = page.block(gettext(NO_INTAKES), page.font(SIZES["legend"]))
        middle: dict[str, Any] = {"transform": ax.transAxes, "ha": "center", "va": "center", "bbox": WHITE_BOX}
        ax.text(0.5, 0.5, message.text, color=GREY, linespacing=LINE, **middle, **_props(message.prop))
    _month_axis(ax, bars, top, page.font(SIZES["tick"]))


def _month_axis(ax: Axes, bars: Sequence[MonthBar], top: float, font: FontProperties) -> None:
    """Every month named (every second or third when there are many), with its year under the first one named and
    under the first one of each year; a count scale only when some count is shown (hidden ones alone have none)."""
    from matplotlib.ticker import MaxNLocator

    named = list(range(0, len(bars), math.ceil(len(bars) / MAX_LABELLED)))
    labels, year = [], None
    for i in named:
        labels.append(bars[i].month if bars[i].year == year else f"{bars[i].month}\n{bars[i].year}")
        year = bars[i].year
    ax.set_xticks(named, labels, fontproperties=font)
    pad = max(0.0, (4 - len(bars)) / 2)
    ax.set_xlim(-0.5 - pad, len(bars) - 0.5 + pad)
    ax.tick_params(axis="x", length=0)
    if any(s.value for bar in bars for s in bar.segments):
        ticks = [t for t in MaxNLocator(nbins=5, integer=True).tick_values(0, top) if 0 <= t <= top]
        ax.set_yticks(ticks, [f"{t:.0f}" for t in ticks], fontproperties=font)
        ax.yaxis.grid(True, color="#dddddd")
        ax.set_axisbelow(True)
    else:
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _segment(ax: Axes, x: int, bottom: float, height: float, segment: Segment, font: FontProperties | None) -> None:
    colour = COLOURS[segment.column]
    if segment.value is None:
        ax.bar(x, height, 0.7, bottom, color="white", edgecolor=colour, hatch="///", linewidth=1.5)
    else:
        ax.bar(x, height, 0.7, bottom, color=colour, edgecolor="white", linewidth=0.8)
    if font is None:
        return
    pixels = height / ax.get_ylim()[1] * ax.bbox.height
    if segment.value is not None and pixels < font.get_size_in_points() * DPI / 72 * 1.1:
        return  # too low to hold its number: read it off the axis
    box, ink = (WHITE_BOX, "black") if segment.value is None else (None, INK[segment.column])
    ax.text(x, bottom + height / 2, segment.text, ha="center", va="center", color=ink, bbox=box, **_props(font))


def _legend(page: _Page, gettext: Callable[[str], str]) -> list[tuple[list[tuple[str, _Block]], float]]:
    """The legend's rows: two outcomes a row, then the hidden cells' key across the page; each row's height."""
    font = page.font(SIZES["legend"])
    column = (WIDTH - 2 * MARGIN) / 2 - 40
    keys = [(key, page.block(gettext(label), font, column)) for key, label in MONTH_COLUMNS]
    keys.append(("hidden", page.block(gettext(HIDDEN_KEY), font, 2 * column)))
    rows = [keys[i : i + 2] for i in range(0, len(MONTH_COLUMNS), 2)] + [keys[len(MONTH_COLUMNS) :]]
    return [(row, max(block.height for _key, block in row) + 6) for row in rows]


def _put_legend(page: _Page, rows: list[tuple[list[tuple[str, _Block]], float]]) -> None:
    from matplotlib.patches import Rectangle

    side = 24
    for row, height in rows:
        for i, (key, block) in enumerate(row):
            x = MARGIN + i * (WIDTH - 2 * MARGIN) / 2
            line = block.prop.get_size_in_points() * DPI / 72 * LINE
            y = page.y + (line - side) / 2
            hatched = key == "hidden"
            colour = GREY if hatched else COLOURS[key]
            corner, size = (x / WIDTH, 1 - (y + side) / page.height), (side / WIDTH, side / page.height)
            look: dict[str, Any] = {"facecolor": "white" if hatched else colour, "hatch": "///" if hatched else None}
            page.figure.add_artist(
                Rectangle(corner, *size, transform=page.figure.transFigure, edgecolor=colour, linewidth=1.5, **look)
            )
            page.put(block, x=x + side + 12, advance=False)
        page.y += height


def _draw_purposes(ax: Axes, items: Sequence[tuple[PurposeBar, _Block]], page: _Page) -> None:
    """One purpose a line: its label across the panel, its bar (or its hidden text) below."""
    height = ax.bbox.height
    widest = max([5, *(bar.value or 0 for bar, _label in items)])
    right = widest * 1.12
    ax.set_xlim(0, right)
    ax.set_ylim(height, 0)  # y in pixels from the panel's top
    ax.set_axis_off()
    number = page.font(SIZES["legend"], bold=True)
    y = 0.0
    for bar, label in items:
        ax.text(0, y, label.text, ha="left", va="top", linespacing=LINE, **_props(label.prop))
        y += label.height + BAR_PX / 2
        if bar.value:
            ax.barh(y, bar.value, BAR_PX, 0, color=PURPOSE_COLOUR)
        gap = right * 0.01
        colour = GREY if bar.value is None else "black"
        ax.text((bar.value or 0) + gap, y, bar.text, ha="left", va="center", color=colour, **_props(number))
        y += BAR_PX / 2 + ITEM_GAP
