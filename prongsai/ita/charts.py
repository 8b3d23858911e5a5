"""Server-side SVG charts for the ITA analysis page: a radar of the indicators and bars per year.

Assumptions:
- The page runs under a strict Content-Security-Policy and may be offline, so a chart is a plain SVG
  string: presentation attributes only (no `style` attribute, no <style> or <script>), no remote fonts.
- Scores are on a 0–max scale (ITA: 0–100). Values outside it are clamped for drawing only; every
  text (axis labels, <desc>, hover titles) shows the value as given.
- Thai has no spaces between words, so labels wrap at spaces and before a few ITA words
  (`BREAK_BEFORE`), else between syllable-like clusters; label widths are estimated from an average
  Sarabun glyph (`GLYPH_EM`), since nothing here can measure text.
- Output is deterministic (same input, same string; coordinates to 1 decimal) so it can be cached and
  compared in tests. Colours meet WCAG AA on white.
- Every page draws the same grid, legend and wrapped labels around its own values, so those parts are
  built once per shape and kept (`functools.lru_cache`); only the values are drawn per page.
"""

import functools
import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from xml.sax.saxutils import escape, quoteattr

Number = Decimal | float | int

SVG_NS = "http://www.w3.org/2000/svg"
BLUE = "#0b4f8a"  # bars, value polygon
RED = "#a4161a"  # pass mark
GRID = "#c8cdd3"
INK = "#1b1f24"  # text
WHITE = "#ffffff"
FONT_FAMILY = "Sarabun, sans-serif"
DASH = "6 4"
RINGS = 5  # grid at 20/40/60/80/100 % of max_value
RADIUS_RATIO = 0.27  # radar radius as a share of size; leaves ~13 glyphs for the side labels
GLYPH_EM = 0.58  # average Sarabun advance in em, used to fit labels
LABEL_LINES = 3  # axis-label lines before truncation, plus one line for the value
BAR_FONT = 11.0

GRID_STROKE = {"fill": "none", "stroke": GRID, "stroke_width": 1}
PASS_STROKE = {"fill": "none", "stroke": RED, "stroke_width": 1.5, "stroke_dasharray": DASH}
AREA = {"fill": BLUE, "fill_opacity": "0.25", "stroke": BLUE}  # a string: floats are rounded to 1 decimal
HALO = {"stroke": WHITE, "stroke_width": 3, "paint_order": "stroke"}  # keeps text readable over lines

NO_DATA = "ไม่มีข้อมูล"
THRESHOLD_TEXT = "เกณฑ์ผ่าน"
SCORE_TEXT = "คะแนน"
RADAR_TITLE = "คะแนน ITA รายตัวชี้วัด"
BAR_TITLE = "คะแนน ITA รายปี"

BREAK_BEFORE = ("ทรัพย์สิน", "งบประมาณ", "หน้าที่", "ข้อมูล", "ราชการ", "ปัญหา", "อำนาจ", "ระบบ", "การ", "ของ")
_NO_BREAK_AFTER = frozenset("เแโใไ")  # leading vowels belong to the next consonant
_NO_BREAK_BEFORE = frozenset("ะาำๅๆ")  # following vowels and the repeat mark end a syllable
_ZERO_WIDTH = frozenset({"Mn", "Me", "Cf"})  # Thai tone marks and upper/lower vowels take no width
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _two_decimals(value: Number) -> str:
    return f"{value:.2f}"


# --- SVG text ------------------------------------------------------------------------------------


def _num(value: float) -> str:
    """1 decimal, never '-0' nor a trailing '.0', so equal drawings give equal strings."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _clean(text: str) -> str:
    """Drop characters XML 1.0 forbids (control codes), which escaping alone would leave in."""
    return _XML_INVALID.sub("", text)


@functools.lru_cache(maxsize=256)
def _attribute(key: str) -> str:
    return key.removesuffix("_").replace("_", "-")


def _tag(name: str, content: str | None = None, /, **attrs: object) -> str:
    """One element. `class_` → class, `stroke_width` → stroke-width; floats are rounded, values quoted.

    `content` must be escaped already.
    """
    rendered = "".join([f" {_attribute(key)}={_quoted(val)}" for key, val in attrs.items()])
    return f"<{name}{rendered}/>" if content is None else f"<{name}{rendered}>{content}</{name}>"


def _quoted(value: object) -> str:
    # Numbers, most of a chart's attributes, need neither cleaning nor escaping.
    if type(value) is float:
        return f'"{_num(value)}"'
    if type(value) is int:
        return f'"{value}"'
    return _quoted_text(str(value))


@functools.lru_cache(maxsize=1024)
def _quoted_text(value: str) -> str:
    # Colours, classes and anchors repeat on every chart; points and labels vary.
    return quoteattr(_clean(value))


def _label(content: str, x: float, y: float, size: float, **attrs: object) -> str:
    return _tag("text", _text(content), x=x, y=y, font_size=size, **{"fill": INK, **attrs})


def _text(value: str) -> str:
    return escape(_clean(value))


def _tick(value: Number) -> str:
    return f"{float(value):g}"


def _svg(kind: str, width: float, height: float, title: str, desc: str, body: list[str]) -> str:
    """Root with role=img named by <title> and <desc>; ids come from the content, so repeatable."""
    digest = hashlib.blake2s("\x1f".join([kind, title, desc, *body]).encode(), digest_size=4).hexdigest()
    ident = f"ita-{kind}-{digest}"
    attrs = {"viewBox": f"0 0 {_num(width)} {_num(height)}", "aria-labelledby": f"{ident}-title {ident}-desc"}
    head = [_tag("title", _text(title), id=f"{ident}-title"), _tag("desc", _text(desc), id=f"{ident}-desc")]
    content = "".join(head + body)
    return _tag(
        "svg",
        content,
        xmlns=SVG_NS,
        width=float(width),
        height=float(height),
        role="img",
        class_=f"ita-chart ita-chart-{kind}",
        font_family=FONT_FAMILY,
        **attrs,
    )


# --- values --------------------------------------------------------------------------------------


def _positive(value: Number, name: str) -> float:
    number = float(value)
    if not math.isfinite(number) or number <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return number


def _clamp(value: Number, top: float) -> float:
    """Drawing position on 0..top; NaN/infinity cannot be drawn or described, so they are refused."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"cannot chart {value!r}")
    return min(max(number, 0.0), top)


# --- label wrapping ------------------------------------------------------------------------------


def _visible_width(text: str) -> int:
    return sum(1 for ch in text if unicodedata.category(ch) not in _ZERO_WIDTH)


def _clusters(text: str) -> list[str]:
    """Pieces a line may break between: never before a mark or following vowel, never after เแโใไ."""
    units: list[str] = []
    for ch in text:
        glued = unicodedata.category(ch) in _ZERO_WIDTH or ch in _NO_BREAK_BEFORE
        if units and (glued or units[-1][-1] in _NO_BREAK_AFTER):
            units[-1] += ch
        else:
            units.append(ch)
    return units


def _split_words(word: str) -> list[str]:
    """Cut a space-free word before each BREAK_BEFORE word, matching left to right, longest first."""
    cuts, i = [0], 0
    while i < len(word):
        match = next((w for w in BREAK_BEFORE if word.startswith(w, i)), "")
        if match and i and word[i - 1] not in _NO_BREAK_AFTER:
            cuts.append(i)
        i += len(match) or 1
    return [word[a:b] for a, b in pairwise([*cuts, len(word)])]


def _hard_wrap(piece: str, width: int) -> list[str]:
    chunks = [""]
    for unit in _clusters(piece):
        if chunks[-1] and _visible_width(chunks[-1] + unit) > width:
            chunks.append(unit)
        else:
            chunks[-1] += unit
    return chunks


def _with_ellipsis(line: str, width: int) -> str:
    units = _clusters(line)
    while units and _visible_width("".join(units)) + 1 > width:
        units.pop()
    return "".join(units) + "…"


def wrap_label(text: str, width: int, max_lines: int) -> list[str]:
    """Lines of at most `width` glyphs; past `max_lines` the last line ends in '…'."""
    return list(_wrapped(text, width, max_lines))


@functools.lru_cache(maxsize=1024)
def _wrapped(text: str, width: int, max_lines: int) -> tuple[str, ...]:
    pieces = [
        (" " if n == 0 else "", part) for word in text.split() for n, part in enumerate(_split_words(word))
    ]
    lines: list[str] = []
    line = ""
    for sep, piece in pieces:
        joined = f"{line}{sep}{piece}" if line else piece
        if _visible_width(joined) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        *full, line = _hard_wrap(piece, width)
        lines.extend(full)
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], _with_ellipsis(lines[max_lines - 1], width)]
    return tuple(lines)


# --- radar ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Radar:
    centre: float
    radius: float
    count: int
    top: float
    font: float

    def angle(self, index: int) -> float:
        return math.radians(-90 + 360 * index / self.count)  # first axis points up, then clockwise

    def point(self, index: int, radius: float) -> tuple[float, float]:
        angle = self.angle(index)
        return self.centre + radius * math.cos(angle), self.centre + radius * math.sin(angle)

    def polygon(self, shares: Sequence[float]) -> str:
        """Points at `shares[i]` of the radius on axis i."""
        points = (self.point(i, self.radius * share) for i, share in enumerate(shares))
        return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)


@functools.lru_cache(maxsize=64)
def _radar_grid(chart: _Radar) -> tuple[str, ...]:
    parts = [
        _tag("polygon", class_="grid-ring", points=chart.polygon([k / RINGS] * chart.count), **GRID_STROKE)
        for k in range(1, RINGS + 1)
    ]
    for i in range(chart.count):
        x, y = chart.point(i, chart.radius)
        parts.append(_tag("line", class_="axis", x1=chart.centre, y1=chart.centre, x2=x, y2=y, **GRID_STROKE))
    for k in range(1, RINGS + 1):
        y = chart.centre - chart.radius * k / RINGS - 2
        parts.append(
            _label(
                _tick(chart.top * k / RINGS),
                chart.centre + 3,
                y,
                chart.font * 0.8,
                class_="ring-label",
                **HALO,
            )
        )
    return tuple(parts)


def _radar_values(chart: _Radar, labels: Sequence[str], values: Sequence[Number]) -> list[str]:
    shares = [_clamp(v, chart.top) / chart.top for v in values]
    parts = [_tag("polygon", class_="values", points=chart.polygon(shares), stroke_width=2, **AREA)]
    for i, (share, label, value) in enumerate(zip(shares, labels, values, strict=True)):
        x, y = chart.point(i, chart.radius * share)
        hover = _tag("title", _text(f"{label}: {_two_decimals(value)}"))
        parts.append(
            _tag("circle", hover, class_="dot", cx=x, cy=y, r=3.5, fill=BLUE, stroke=WHITE, stroke_width=1)
        )
    return parts


def _axis_label(chart: _Radar, index: int, label: str, value: Number, width: int) -> str:
    """Number, wrapped label and value beyond the axis tip, aligned away from the centre."""
    said = _two_decimals(value)
    head, middle, tail = _axis_label_frame(chart, index, label, width)
    return f"{head}{_text(f'{label}: {said}')}{middle}{_text(said)}{tail}"


_VALUE = "\x00"  # where a frame takes the value; _clean keeps it out of every text and attribute


@functools.lru_cache(maxsize=256)
def _axis_label_frame(chart: _Radar, index: int, label: str, width: int) -> tuple[str, str, str]:
    """An axis label's markup around its value (in the hover title, then in bold): the same on
    every page, so only the value is written per page."""
    x, y = chart.point(index, chart.radius + chart.font * 0.6)
    cos, sin = math.cos(chart.angle(index)), math.sin(chart.angle(index))
    anchor = "middle" if abs(cos) < 0.26 else ("start" if cos > 0 else "end")
    lines = wrap_label(f"{index + 1}. {label}", width, LABEL_LINES)
    step = chart.font * 1.2
    # Upper labels grow upwards, lower ones downwards, side ones are centred on the tip.
    first = y - len(lines) * step * (1 - sin) / 2 + chart.font * (0.35 + 0.65 * sin)
    spans = "".join(_tag("tspan", _text(line), x=x, y=first + n * step) for n, line in enumerate(lines))
    value_span = _tag("tspan", _VALUE, x=x, y=first + len(lines) * step, font_weight="bold", fill=BLUE)
    text = _tag("text", spans + value_span, text_anchor=anchor, font_size=chart.font, fill=INK)
    head, middle, tail = _tag("g", _tag("title", _VALUE) + text, class_="axis-label").split(_VALUE)
    return head, middle, tail


@functools.lru_cache(maxsize=64)
def _radar_legend(chart: _Radar, size: float, pass_mark: Number | None) -> tuple[str, ...]:
    f = chart.font
    y = size - f * 0.9
    parts = [
        _tag(
            "rect",
            class_="legend",
            x=8.0,
            y=y - f * 0.8,
            width=f * 1.2,
            height=f * 0.8,
            stroke_width=1.5,
            **AREA,
        ),
        _label(SCORE_TEXT, 8 + f * 1.6, y, f),
    ]
    if pass_mark is not None:
        line_y = y - f * 0.35
        parts.append(
            _tag("line", class_="legend", x1=8 + f * 6.5, y1=line_y, x2=8 + f * 8.5, y2=line_y, **PASS_STROKE)
        )
        parts.append(_label(f"{THRESHOLD_TEXT} {_tick(pass_mark)}", 8 + f * 9, y, f))
    return tuple(parts)


@functools.lru_cache(maxsize=64)
def _pass_ring(chart: _Radar, pass_mark: Number | None) -> tuple[str, ...]:
    if pass_mark is None:
        return ()
    share = _clamp(pass_mark, chart.top) / chart.top
    return (_tag("polygon", class_="pass-mark", points=chart.polygon([share] * chart.count), **PASS_STROKE),)


def _radar_desc(labels: Sequence[str], values: Sequence[Number], pass_mark: Number | None, top: float) -> str:
    pairs = enumerate(zip(labels, values, strict=True), 1)
    items = [f"{i}. {label}: {_two_decimals(value)}" for i, (label, value) in pairs]
    if pass_mark is not None:
        items.append(f"{THRESHOLD_TEXT} {_tick(pass_mark)} จาก {_tick(top)} {SCORE_TEXT}")
    return "; ".join(items)


def radar_chart(
    labels: Sequence[str],
    values: Sequence[Number],
    *,
    pass_mark: Number | None = 85,
    max_value: Number = 100,
    size: float = 420,
    title: str = "",
) -> str:
    """Spider chart of indicator scores (ITA: ten indicators) with the pass mark as a dashed ring.

    Works for any number of axes from three; labels are numbered from 1 in the given order.
    """
    if len(labels) != len(values):
        raise ValueError("labels and values must have the same length")
    if len(values) < 3:
        raise ValueError("a radar chart needs at least three values")
    top, size = _positive(max_value, "max_value"), _positive(size, "size")
    font = round(max(size / 38, 8.0), 1)
    chart = _Radar(centre=size / 2, radius=size * RADIUS_RATIO, count=len(values), top=top, font=font)
    side = chart.centre - chart.radius - font * 0.6 - 4  # room left of the leftmost label anchor
    width = max(4, int(side / (GLYPH_EM * font)))
    body = [*_radar_grid(chart), *_pass_ring(chart, pass_mark)]
    body += _radar_values(chart, labels, values)
    pairs = enumerate(zip(labels, values, strict=True))
    body += [_axis_label(chart, i, label, value, width) for i, (label, value) in pairs]
    body += _radar_legend(chart, size, pass_mark)
    return _svg("radar", size, size, title or RADAR_TITLE, _radar_desc(labels, values, pass_mark, top), body)


# --- bars ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Box:
    """Plot area in SVG units; y grows downwards, so `bottom` is the zero line."""

    left: float
    right: float
    top: float
    bottom: float
    max_value: float

    def y_of(self, value: float) -> float:
        return self.bottom - (self.bottom - self.top) * value / self.max_value


@functools.lru_cache(maxsize=64)
def _bar_axis(box: _Box) -> tuple[str, ...]:
    parts = []
    for k in range(RINGS + 1):
        y = box.y_of(box.max_value * k / RINGS)
        stroke = GRID if k else INK  # the zero line is the axis
        parts.append(_tag("line", class_="grid-line", x1=box.left, y1=y, x2=box.right, y2=y, stroke=stroke))
        tick = _tick(box.max_value * k / RINGS)
        parts.append(
            _label(tick, box.left - 6, y + BAR_FONT * 0.35, BAR_FONT * 0.9, class_="tick", text_anchor="end")
        )
    return tuple(parts)


def _bar(box: _Box, index: int, count: int, category: str, value: Number | None, said: str) -> str:
    """One category: a bar with its value above, or '—' on the zero line when there is no value."""
    band = (box.right - box.left) / count
    centre = box.left + band * (index + 0.5)
    shown = (wrap_label(category, max(2, int(band / (GLYPH_EM * BAR_FONT))), 1) or [""])[0]
    parts = [_tag("title", _text(f"{category}: {said}"))]
    if value is None:
        parts.append(
            _label("—", centre, box.bottom - 4, BAR_FONT, class_="bar-missing", text_anchor="middle")
        )
    else:
        bar_width = min(band * 0.6, 56.0)
        y = box.y_of(_clamp(value, box.max_value))
        x = centre - bar_width / 2
        parts.append(_tag("rect", class_="bar", x=x, y=y, width=bar_width, height=box.bottom - y, fill=BLUE))
        parts.append(_label(said, centre, y - 4, BAR_FONT, class_="bar-value", text_anchor="middle", **HALO))
    y = box.bottom + BAR_FONT * 1.5
    parts.append(_label(shown, centre, y, BAR_FONT, class_="category", text_anchor="middle"))
    return _tag("g", "".join(parts), class_="bar-group")


@functools.lru_cache(maxsize=64)
def _pass_line(box: _Box, pass_mark: Number) -> tuple[str, ...]:
    y = box.y_of(_clamp(pass_mark, box.max_value))
    text = f"{THRESHOLD_TEXT} {_tick(pass_mark)}"
    return (
        _tag("line", class_="pass-mark", x1=box.left, y1=y, x2=box.right, y2=y, **PASS_STROKE),
        _label(text, box.right + 6, y + BAR_FONT * 0.35, BAR_FONT, class_="pass-label", fill=RED),
    )


def bar_chart(
    categories: Sequence[str],
    values: Sequence[Number | None],
    *,
    pass_mark: Number | None = 85,
    max_value: Number = 100,
    width: float = 560,
    height: float = 280,
    title: str = "",
    value_format: Callable[[Number], str] = _two_decimals,
) -> str:
    """Vertical bars per category (ITA: the total per year) against a dashed pass-mark line.

    A None value (no assessment that year) leaves a gap marked '—', so missing years are not read as 0.
    """
    if len(categories) != len(values):
        raise ValueError("categories and values must have the same length")
    if not values:
        raise ValueError("a bar chart needs at least one category")
    width, height = _positive(width, "width"), _positive(height, "height")
    top = _positive(max_value, "max_value")
    box = _Box(left=40, right=width - 76, top=20, bottom=height - 28, max_value=top)  # margins fit the labels
    said = [NO_DATA if v is None else value_format(v) for v in values]
    rows = list(zip(categories, values, said, strict=True))
    body = [*_bar_axis(box), *(_bar(box, i, len(rows), *row) for i, row in enumerate(rows))]
    items = [f"{category}: {text}" for category, _, text in rows]
    if pass_mark is not None:
        body += _pass_line(box, pass_mark)
        items.append(f"{THRESHOLD_TEXT} {_tick(pass_mark)} จาก {_tick(top)} {SCORE_TEXT}")
    return _svg("bar", width, height, title or BAR_TITLE, "; ".join(items), body)
