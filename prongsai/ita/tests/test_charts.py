import math
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prongsai.ita.charts import RADIUS_RATIO, bar_chart, radar_chart, wrap_label
from prongsai.ita.framework import load_framework

D = Decimal
NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"
NAMES = [i.name_th for i in load_framework(2564).indicators]
SEED = list(map(D, "85.59 79.95 80.50 77.10 84.98 80.33 80.63 72.58 72.21 87.50".split()))
YEARS = ["2563", "2564", "2565", "2566", "2567", "2568"]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 (our own output, not untrusted input)


def _all(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{SVG}{tag}") if cls in e.get("class", "").split()]


def _points(element: ET.Element) -> list[tuple[float, float]]:
    return [tuple(map(float, p.split(","))) for p in element.get("points").split()]


def _dots(root: ET.Element) -> list[tuple[float, float]]:
    return [(float(c.get("cx")), float(c.get("cy"))) for c in _all(root, "circle", "dot")]


def _expected(size: float, n: int, i: int, share: float) -> tuple[float, float]:
    angle = math.radians(-90 + 360 * i / n)
    r = size * RADIUS_RATIO * share
    return round(size / 2 + r * math.cos(angle), 1), round(size / 2 + r * math.sin(angle), 1)


def _close(a: tuple[float, float], b: tuple[float, float], tol: float = 0.11) -> bool:
    return abs(a[0] - b[0]) <= tol and abs(a[1] - b[1]) <= tol


def _desc(root: ET.Element) -> str:
    return root.find("svg:desc", NS).text


def _assert_csp_safe(svg: str) -> None:
    root = _parse(svg)
    for element in root.iter():
        assert "style" not in element.attrib
        assert element.tag not in (f"{SVG}style", f"{SVG}script", f"{SVG}foreignObject")
        assert not any(key.startswith("on") for key in element.attrib)
    assert "<style" not in svg and "<script" not in svg and "href" not in svg


# --- radar ---------------------------------------------------------------------------------------


def test_it_draws_one_axis_dot_and_label_per_value():
    root = _parse(radar_chart(NAMES, SEED))
    assert len(_all(root, "line", "axis")) == 10
    assert len(_dots(root)) == 10
    assert len(_all(root, "g", "axis-label")) == 10
    assert len(_points(_all(root, "polygon", "values")[0])) == 10


def test_it_draws_five_grid_rings_with_the_outer_one_at_the_radius():
    root = _parse(radar_chart(NAMES, SEED))
    rings = _all(root, "polygon", "grid-ring")
    assert len(rings) == 5
    for k, ring in enumerate(rings, 1):
        assert all(_close(p, _expected(420, 10, i, k / 5)) for i, p in enumerate(_points(ring)))


def test_it_puts_100_on_the_outer_ring_and_0_at_the_centre():
    values = [100, 0, 100, 0, 50]
    root = _parse(radar_chart(["a", "b", "c", "d", "e"], values, size=400))
    dots = _dots(root)
    outer = _points(_all(root, "polygon", "grid-ring")[-1])
    assert _close(dots[0], outer[0]) and _close(dots[2], outer[2])
    assert _close(dots[0], (200, 200 - 400 * RADIUS_RATIO))
    assert dots[1] == (200, 200) and dots[3] == (200, 200)
    assert _close(dots[4], _expected(400, 5, 4, 0.5))


def test_it_draws_the_pass_mark_ring_at_85_percent():
    root = _parse(radar_chart(NAMES, SEED))
    (ring,) = _all(root, "polygon", "pass-mark")
    assert ring.get("stroke-dasharray") and ring.get("stroke") == "#a4161a"
    assert all(_close(p, _expected(420, 10, i, 0.85)) for i, p in enumerate(_points(ring)))


def test_it_scales_the_pass_mark_with_max_value():
    root = _parse(radar_chart(["a", "b", "c"], [1, 2, 3], pass_mark=3, max_value=4, size=300))
    (ring,) = _all(root, "polygon", "pass-mark")
    assert _close(_points(ring)[0], _expected(300, 3, 0, 0.75))


def test_it_can_leave_out_the_pass_mark():
    root = _parse(radar_chart(["a", "b", "c"], [1, 2, 3], pass_mark=None))
    assert not _all(root, "polygon", "pass-mark")
    assert "เกณฑ์ผ่าน" not in _desc(root)


def test_it_clamps_out_of_range_values_for_drawing_but_shows_them_as_given():
    root = _parse(radar_chart(["a", "b", "c"], [D("120"), D("-5"), D("50")]))
    dots = _dots(root)
    assert _close(dots[0], _expected(420, 3, 0, 1.0))
    assert dots[1] == (210, 210)
    assert "a: 120.00" in _desc(root) and "b: -5.00" in _desc(root)


def test_it_describes_every_label_and_value_for_screen_readers():
    root = _parse(radar_chart(NAMES, SEED))
    title, desc = root.find("svg:title", NS), root.find("svg:desc", NS)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert list(root)[:2] == [title, desc]
    for name, value in zip(NAMES, SEED, strict=True):
        assert f"{name}: {value}" in desc.text
    assert "เกณฑ์ผ่าน 85" in desc.text


def test_it_puts_the_full_label_in_a_hover_title():
    root = _parse(radar_chart(NAMES, SEED))
    hovers = [g.find("svg:title", NS).text for g in _all(root, "g", "axis-label")]
    assert hovers[3] == "การใช้ทรัพย์สินของราชการ: 77.10"


def test_it_wraps_long_thai_labels_at_word_boundaries():
    root = _parse(radar_chart(NAMES, SEED))
    label = _all(root, "g", "axis-label")[3]
    lines = [t.text for t in label.iter(f"{SVG}tspan")]
    assert lines == ["4. การใช้", "ทรัพย์สินของ", "ราชการ", "77.10"]


def test_it_keeps_every_label_inside_the_viewbox():
    root = _parse(radar_chart(NAMES, SEED))
    for tspan in root.iter(f"{SVG}tspan"):
        assert 0 <= float(tspan.get("x")) <= 420 and 0 <= float(tspan.get("y")) <= 420


def test_it_escapes_markup_in_labels_and_title():
    svg = radar_chart(["<b>&", 'a"b', "c'd\x00"], [1, 2, 3], title="A & <B>")
    root = _parse(svg)
    assert root.find("svg:title", NS).text == "A & <B>"
    assert "<b>" not in svg and "&lt;b&gt;&amp;" in svg
    assert "1. <b>&: 1.00" in _desc(root)
    assert "\x00" not in svg


def test_it_uses_only_csp_safe_presentation_attributes():
    _assert_csp_safe(radar_chart(NAMES, SEED, title="<script>alert(1)</script>"))
    _assert_csp_safe(bar_chart(YEARS, [D(80), None, D(90), D(70), D(60), D(85)]))


def test_it_uses_the_thai_font_and_the_agreed_colours():
    root = _parse(radar_chart(NAMES, SEED))
    assert root.get("font-family") == "Sarabun, sans-serif"
    assert _all(root, "polygon", "values")[0].get("fill") == "#0b4f8a"
    assert _all(root, "polygon", "values")[0].get("fill-opacity") == "0.25"
    assert _all(root, "polygon", "grid-ring")[0].get("stroke") == "#c8cdd3"


def test_it_is_deterministic_and_rounds_coordinates_to_one_decimal():
    svg = radar_chart(NAMES, SEED)
    assert svg == radar_chart(list(NAMES), list(SEED))
    for element in _parse(svg).iter():
        for key in ("x", "y", "cx", "cy", "x1", "y1", "x2", "y2"):
            if key in element.attrib:
                assert len(element.get(key).partition(".")[2]) <= 1


def test_it_refuses_fewer_than_three_values_or_mismatched_lists():
    with pytest.raises(ValueError):
        radar_chart(["a", "b"], [1, 2])
    with pytest.raises(ValueError):
        radar_chart(["a", "b", "c"], [1, 2])
    with pytest.raises(ValueError):
        radar_chart(["a", "b", "c"], [1, 2, float("nan")])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=3, max_size=12),
    st.text(max_size=40),
)
def test_every_dot_lies_within_the_outer_ring(values, label):
    root = _parse(radar_chart([label] * len(values), values))
    dots = _dots(root)
    assert len(dots) == len(values) == len(_all(root, "line", "axis"))
    radius = 420 * RADIUS_RATIO
    for x, y in dots:
        assert math.hypot(x - 210, y - 210) <= radius + 0.1


# --- bars ----------------------------------------------------------------------------------------


def _bars(root: ET.Element) -> list[ET.Element]:
    return _all(root, "rect", "bar")


def test_it_draws_bar_heights_proportional_to_values():
    root = _parse(bar_chart(["a", "b", "c"], [D(100), D(50), D(25)]))
    heights = [float(r.get("height")) for r in _bars(root)]
    assert heights[1] == pytest.approx(heights[0] / 2, abs=0.1)
    assert heights[2] == pytest.approx(heights[0] / 4, abs=0.1)
    bottoms = {round(float(r.get("y")) + float(r.get("height")), 1) for r in _bars(root)}
    assert len(bottoms) == 1  # every bar stands on the same zero line


def test_it_leaves_a_gap_with_a_dash_for_a_missing_year():
    root = _parse(bar_chart(YEARS, [D(80), None, D(90), None, D(60), D(85)]))
    assert len(_bars(root)) == 4
    assert [t.text for t in _all(root, "text", "bar-missing")] == ["—", "—"]
    assert "2564: ไม่มีข้อมูล" in _desc(root)


def test_it_draws_the_pass_line_at_85_percent_of_the_plot():
    root = _parse(bar_chart(["a", "b"], [D(100), D(0)]))
    (line,) = _all(root, "line", "pass-mark")
    full = _bars(root)[0]
    bottom = float(full.get("y")) + float(full.get("height"))
    expected = bottom - 0.85 * float(full.get("height"))
    assert float(line.get("y1")) == float(line.get("y2")) == pytest.approx(expected, abs=0.1)
    assert line.get("stroke-dasharray") and line.get("stroke") == "#a4161a"
    assert _all(root, "text", "pass-label")[0].text == "เกณฑ์ผ่าน 85"


def test_it_labels_each_bar_with_its_formatted_value():
    root = _parse(bar_chart(YEARS[:2], [D("85.5"), D("101")], value_format=lambda v: f"{v:.1f}"))
    assert [t.text for t in _all(root, "text", "bar-value")] == ["85.5", "101.0"]
    assert [t.text for t in _all(root, "text", "category")] == ["2563", "2564"]
    assert "2564: 101.0" in _desc(root)


def test_it_clamps_a_bar_above_max_to_the_top_of_the_plot():
    root = _parse(bar_chart(["a", "b"], [D(100), D(130)]))
    first, second = _bars(root)
    assert first.get("y") == second.get("y")


def test_it_describes_and_escapes_bar_categories():
    svg = bar_chart(["<2563>", "A&B"], [D(70), None], title="ITA <รวม>")
    root = _parse(svg)
    assert root.find("svg:title", NS).text == "ITA <รวม>"
    assert _desc(root) == "<2563>: 70.00; A&B: ไม่มีข้อมูล; เกณฑ์ผ่าน 85 จาก 100 คะแนน"
    assert root.get("aria-labelledby").split() == [
        root.find("svg:title", NS).get("id"),
        root.find("svg:desc", NS).get("id"),
    ]


def test_it_refuses_mismatched_or_empty_bar_input():
    with pytest.raises(ValueError):
        bar_chart(["a"], [])
    with pytest.raises(ValueError):
        bar_chart([], [])


# --- wrapping ------------------------------------------------------------------------------------


def test_every_ita_indicator_name_fits_in_three_lines_without_truncation():
    for i, name in enumerate(NAMES, 1):
        lines = wrap_label(f"{i}. {name}", 13, 3)
        assert "".join(lines).replace(" ", "") == f"{i}.{name}"
        assert len(lines) <= 3


def test_it_never_splits_thai_marks_from_their_consonant_and_truncates_with_an_ellipsis():
    lines = wrap_label("ไม้เอกไม้โทไม้ตรีไม้จัตวา", 4, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert not any(line[0] in "่้๊๋ัิีึืุู์าะ" for line in lines)
    assert not any(line[-1] in "เแโใไ" for line in lines)
