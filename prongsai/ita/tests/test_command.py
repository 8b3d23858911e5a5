import json

import pytest
from django.core.management import CommandError, call_command

SEED = "85.59,79.95,80.50,77.10,84.98,80.33,80.63,72.58,72.21,87.50"
SEED_THAI = "๘๕.๕๙,๗๙.๙๕,๘๐.๕๐,๗๗.๑๐,๘๔.๙๘,๘๐.๓๓,๘๐.๖๓,๗๒.๕๘,๗๒.๒๑,๘๗.๕๐"

pytestmark = pytest.mark.django_db


def score(capsys, *args) -> dict:
    call_command("ita", "score", "--format", "json", *args)
    return json.loads(capsys.readouterr().out)


def test_the_seed_result_is_scored_as_the_issue_says(capsys):
    out = score(
        capsys, "--year", "2564", "--scores", SEED, "--reported-total", "79.58", "--reported-grade", "B"
    )
    assert out["year"] == 2564 and out["total"] == 79.78 and out["grade"] == "B"
    assert out["reported_total"] == 79.58 and out["mismatch"] is True
    assert len(out["explanations"]) == 3
    assert "79.78" in out["explanations"][0]
    assert any("70.58" in e for e in out["explanations"]) and any("71.21" in e for e in out["explanations"])
    assert out["weak_indicators"] == [2, 3, 4, 5, 6, 7, 8, 9]


def test_thai_digits_give_the_same_result(capsys):
    arabic = score(capsys, "--year", "2564", "--scores", SEED)
    thai = score(capsys, "--year", "๒๕๖๔".replace("๒๕๖๔", "2564"), "--scores", SEED_THAI)
    assert arabic == thai


def test_a_level_year_reports_a_level(capsys):
    out = score(capsys, "--year", "2566", "--scores", "90,90,90,90,90,90,90,90,90,90")
    assert out["level"] == "ผ่านดี" and out["grade"] is None


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--year", "2564", "--scores", "85,86"], "need 10 scores"),
        (["--year", "2564", "--scores", SEED.replace("85.59", "185.59")], "0–100"),
        (["--year", "2564", "--scores", SEED.replace("85.59", "abc")], "not a number"),
        (["--year", "2550", "--scores", SEED], "2550"),
    ],
)
def test_bad_input_is_explained(args, says):
    with pytest.raises(CommandError, match=says):
        call_command("ita", "score", *args)
