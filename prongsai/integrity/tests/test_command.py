"""`prongsai risk report` on the demo: the current fiscal year (from the clock) and the one before."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from prongsai.core.demo import load_demo
from prongsai.integrity import levels
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = pytest.mark.django_db


def report(*args) -> str:
    out = StringIO()
    call_command("risk", "report", "--org", "bophloi", *args, stdout=out)
    return out.getvalue()


def test_the_demo_register_and_plan_as_json_and_text():
    load_demo()
    load_demo()  # idempotent: nothing is added twice
    year = fiscal_year_of(timezone.localdate())
    data = json.loads(report("--year", str(year), "--format", "json"))
    assert data["fiscal_year"] == year and 8 <= len(data["risks"]) <= 12
    assert len({r["process"] for r in data["risks"]}) >= 4
    for risk in data["risks"]:
        assert risk["level"] == levels.level(risk["likelihood"], risk["impact"]).code
    heat = data["heat_map"]["inherent"]
    assert heat["total"] == len(data["risks"]) == sum(c["count"] for c in heat["cells"])
    assert data["action_plan"]["projects"] and all(p["risks"] for p in data["action_plan"]["projects"])
    previous = json.loads(report("--year", str(year - 1), "--format", "json"))
    assert all(len(r["follow_ups"]) == 4 for r in previous["risks"])  # a finished year: four quarters
    assert all(p["progress"]["2"]["marker"] == "reported" for p in previous["action_plan"]["projects"])
    assert sum(previous["heat_map"]["residual"]["by_level"][k] for k in ("high", "very_high")) < sum(
        previous["heat_map"]["inherent"]["by_level"][k] for k in ("high", "very_high")
    )
    text = report()  # the current fiscal year by default
    assert f"ปีงบประมาณ {year}" in text and "สูงมาก" in text


def test_an_unknown_organisation_or_year_is_a_clear_error():
    with pytest.raises(CommandError, match="no organisation"):
        call_command("risk", "report", "--org", "nowhere")
    load_demo()
    with pytest.raises(CommandError, match="no risk register for 2500"):
        report("--year", "2500")
