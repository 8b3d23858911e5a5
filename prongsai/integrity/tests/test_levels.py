"""The 5 × 5 matrix: every likelihood × impact cell against a table written here, and heat map counts."""

import pytest

from prongsai.core.tests.factories import make_org, make_staff, make_unit
from prongsai.integrity import heatmap, levels, reports
from prongsai.integrity.tests.factories import make_follow_up, make_register, make_risk

L, M, H, V = "low", "medium", "high", "very_high"
# Rows: impact 5 (top) down to 1; columns: likelihood 1 to 5 (the printed matrix).
EXPECTED = {
    5: [M, H, V, V, V],
    4: [M, M, H, V, V],
    3: [L, M, H, H, V],
    2: [L, M, M, M, H],
    1: [L, L, L, M, M],
}


def test_every_cell_has_the_level_of_the_table():
    for impact, row in EXPECTED.items():
        for likelihood, code in enumerate(row, 1):
            assert levels.level(likelihood, impact).code == code, (likelihood, impact)


def test_thai_labels_are_the_four_official_levels():
    assert [b.label_th for b in levels.BANDS] == ["ต่ำ", "ปานกลาง", "สูง", "สูงมาก"]


@pytest.mark.parametrize("pair", [(0, 3), (6, 1), (3, 0), (2, 6)])
def test_out_of_scale_is_refused(pair):
    with pytest.raises(ValueError, match="1 to 5"):
        levels.level(*pair)


@pytest.mark.django_db
def test_a_register_of_all_25_cells_gets_each_level_and_the_heat_map_counts_them():
    org = make_org()
    unit = make_unit(org)
    register = make_register(org, 2565)
    n = 0
    for impact in EXPECTED:
        for likelihood in range(1, 6):
            n += 1
            make_risk(register, unit, number=n, likelihood=likelihood, impact=impact)
    extra = make_risk(register, unit, number=26, likelihood=5, impact=5)
    make_follow_up(extra, make_staff(org), quarter=1, likelihood=1, impact=2)
    risks = reports.risks_of(register)
    for risk in risks[:25]:
        assert risk.level.code == EXPECTED[risk.impact][risk.likelihood - 1]
    inherent = heatmap.inherent(risks)
    assert inherent.cells[(5, 5)] == 2 and inherent.total == 26
    assert inherent.by_level() == {L: 5, M: 9, H: 5, V: 7}
    residual = heatmap.residual(risks)
    assert residual.cells[(5, 5)] == 1 and residual.cells[(1, 2)] == 2
    assert residual.by_level() == {L: 6, M: 9, H: 5, V: 6}
    svg = heatmap.svg(inherent, "แผนที่", "โอกาส", "ผลกระทบ")
    assert svg.count("<rect") == 25 and ">๒</text>" in svg and "<title" in svg and "<desc" in svg
