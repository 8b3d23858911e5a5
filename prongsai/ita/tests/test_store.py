"""Frameworks as versioned data: saving, validating, carrying forward, importing (issue 15)."""

import datetime
import io
import json
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from prongsai.core.models import AuditEntry
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.ita import results, store
from prongsai.ita.framework import FrameworkError
from prongsai.ita.models import FrameworkVersion
from prongsai.ita.tests.factories import make_result, seed_scores
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return make_staff(make_org("national"), is_superuser=True)


def text_of(year: int) -> dict:
    return yaml.safe_load(store.current_text(year))


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def with_weights(year: int, **weights) -> str:
    data = text_of(year)
    for indicator in data["indicators"]:
        if str(indicator["code"]) in weights:
            indicator["weight"] = weights[str(indicator["code"])]
    return dump(data)


# --- store round trip and versioning -----------------------------------------------------------


def test_a_saved_text_is_the_years_framework_and_every_save_is_a_new_version(admin):
    data = text_of(2565)
    data["indicators"][2]["name_th"] = "การใช้อำนาจหน้าที่"
    first = store.save_text(2565, dump(data), user=admin, reason="ชื่อตามคู่มือ")
    assert (first.number, store.current_text(2565)) == (1, dump(data))
    assert results.framework_for(2565).indicator(3).name_th == "การใช้อำนาจหน้าที่"
    assert results.framework_for(2565).version == 1
    second = store.save_text(2565, with_weights(2565, **{"1": 5, "2": 7}), user=admin, reason="น้ำหนักใหม่")
    assert second.number == 2 and FrameworkVersion.objects.filter(year=2565).count() == 2
    assert FrameworkVersion.objects.get(year=2565, number=1).text == dump(data)  # never edited in place
    assert results.framework_for(2565).indicator(1).weight == 5
    assert store.state(2565).version == 2


def test_a_result_keeps_the_version_it_was_scored_with_after_a_weight_changes(admin):
    org = make_org("keeps")
    store.save_text(2565, store.current_text(2565), user=admin, reason="ฉบับแรก")
    result = make_result(org, 2565)
    assert result.framework_version == 1 and result.total == Decimal("79.78")
    store.save_text(2565, with_weights(2565, **{"1": 10, "2": 2}), user=admin, reason="แก้น้ำหนัก")
    assert results.framework_for(2565).indicator(1).weight == 10
    result.refresh_from_db()
    assert result.total == Decimal("79.78") and result.framework_version == 1
    analysis = results.analyse(result)
    assert analysis.framework.version == 1 and analysis.framework.indicator(1).weight == 6
    assert analysis.checked.total == Decimal("79.78")
    rescored = make_result(make_org("later"), 2565)
    assert rescored.framework_version == 2 and rescored.total != Decimal("79.78")


def test_a_result_scored_on_the_shipped_file_keeps_it_when_a_version_is_saved(admin):
    result = make_result(make_org("shipped"), 2564)
    assert result.framework_version == 0
    store.save_text(2564, with_weights(2564, **{"1": 10, "2": 2}), user=admin, reason="แก้น้ำหนัก")
    assert results.analyse(result).framework.indicator(1).weight == 6


def test_saves_are_audited_in_the_global_chain_with_the_reason(admin):
    version = store.save_text(2566, store.current_text(2566), user=admin, reason="ตรวจกับคู่มือ")
    entry = AuditEntry.objects.get(object_type="ita.frameworkversion", object_id=str(version.pk))
    assert entry.action == "create" and entry.organisation_id is None
    assert entry.actor_id == admin.pk and entry.snapshot["reason"] == "ตรวจกับคู่มือ"


def test_a_save_needs_a_reason(admin):
    with pytest.raises(FrameworkError) as error:
        store.save_text(2565, store.current_text(2565), user=admin, reason=" ")
    assert error.value.field == "reason" and error.value.message_th and error.value.message_en
    assert not FrameworkVersion.objects.exists()


def test_a_shipped_year_is_the_baseline_when_nothing_is_saved():
    assert store.current_text(2564).startswith("#")
    assert results.framework_for(2564).version is None and store.state(2564).version is None


# --- validation: the field named in Thai and English, nothing saved ----------------------------


def refused(admin, year: int, text: str) -> FrameworkError:
    before = store.current_text(year)
    with pytest.raises(FrameworkError) as error:
        store.save_text(year, text, user=admin, reason="ทดสอบ")
    assert not FrameworkVersion.objects.filter(year=year).exists()
    assert store.current_text(year) == before
    assert error.value.message_th and error.value.message_en
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in error.value.message_th)
    return error.value


def test_malformed_yaml_is_refused(admin):
    assert "YAML" in refused(admin, 2565, "year: [2565").message_en


def test_weights_that_do_not_sum_to_the_tools_total_are_refused(admin):
    error = refused(admin, 2565, with_weights(2565, **{"1": 7}))
    assert error.field.endswith("indicators.weight") and "IIT" in error.message_en


def test_tool_weights_that_do_not_sum_to_100_are_refused(admin):
    data = text_of(2568)
    data["groups"][0]["weight_total"] = 35
    assert refused(admin, 2568, dump(data)).field.endswith("groups")


def test_a_duplicate_item_code_is_refused(admin):
    data = text_of(2565)
    data["oit_items"][1]["code"] = "o1"
    error = refused(admin, 2565, dump(data))
    assert error.field.endswith("oit_items") and "o1" in error.message_en


def test_an_item_without_a_sub_indicator_is_refused(admin):
    data = text_of(2568)
    del data["oit_items"][4]["sub_indicator"]
    error = refused(admin, 2568, dump(data))
    assert error.field == "ita-2568.oit_items[4].sub_indicator" and "o5" in error.message_en


def test_a_sub_indicator_outside_every_indicator_is_refused(admin):
    data = text_of(2568)
    data["oit_sub_indicators"][0]["code"] = "11.1"
    data["oit_sub_indicators"][0].pop("indicator", None)
    for item in data["oit_items"]:
        if item["sub_indicator"] == "9.1":
            item["sub_indicator"] = "11.1"
            item.pop("indicator", None)
    assert "11.1" in refused(admin, 2568, dump(data)).message_en


def test_a_gap_between_result_levels_is_refused(admin):
    data = text_of(2568)
    data["result_levels"][-1]["rule"] = "total < 60"
    error = refused(admin, 2568, dump(data))
    assert error.field == "ita-2568.result_levels[4].rule" and "60" in error.message_en


def test_a_gap_between_grade_bands_is_refused(admin):
    data = text_of(2565)
    data["grade_bands"][1]["min"] = 86
    error = refused(admin, 2565, dump(data))
    assert "gap" in error.message_en


def test_grade_bands_that_stop_short_of_100_are_refused(admin):
    data = text_of(2565)
    data["grade_bands"][0]["max"] = 99
    assert "100" in refused(admin, 2565, dump(data)).message_en


def test_a_text_of_another_year_is_refused(admin):
    assert refused(admin, 2566, store.current_text(2565)).field == "ita-2566.year"


# --- carry-forward -------------------------------------------------------------------------------


DATES = [
    datetime.date(2026, 10, 1),
    datetime.date(2026, 12, 2),
    datetime.date(2027, 9, 30),
    datetime.date(2027, 10, 1),
]


@pytest.mark.parametrize("today", DATES)
def test_every_year_from_2563_to_the_next_fiscal_year_has_a_framework(today, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)
    last = fiscal_year_of(today) + 1
    assert results.known_years()[0] == 2563 and results.known_years()[-1] == last
    for year in range(2563, last + 1):
        framework = results.framework_for(year)
        assert framework.year == year and framework.oit_items
        state = store.state(year)
        if year <= 2568:
            assert framework.carried_forward_from is None and state.kind == "partly_verified"
        else:
            assert framework.carried_forward_from == 2568 and state.carried_from == 2568
            assert state.kind == "carried_forward" and state.items == 26
            assert all(i.unverified for i in framework.oit_items)
    with pytest.raises(FrameworkError):
        results.framework_for(last + 1)
    with pytest.raises(FrameworkError):
        results.framework_for(2562)


def test_framework_for_needs_no_query_once_warm_and_sees_a_save_at_once(admin):
    results.framework_for(2570, today=datetime.date(2026, 12, 2))
    with CaptureQueriesContext(connection) as queries:
        results.framework_for(2570, today=datetime.date(2026, 12, 2))
        results.framework_for(2564)
    assert len(queries) == 0  # the saved versions list is cached; texts are parsed once per hash
    data = text_of(2564)
    data["label"] = "ITA 2564 (แก้ไข)"
    store.save_text(2564, dump(data), user=admin, reason="ทดสอบ")
    with CaptureQueriesContext(connection) as queries:
        assert results.framework_for(2564).label == "ITA 2564 (แก้ไข)"
    assert len(queries) <= 2  # the versions list, then the new text once


def test_a_carried_year_follows_the_latest_earlier_saved_version(admin):
    data = text_of(2568)
    data["oit_items"][0]["title_th"] = "โครงสร้างองค์กร"
    store.save_text(2568, dump(data), user=admin, reason="แก้ชื่อ")
    framework = results.framework_for(2570, today=datetime.date(2026, 12, 2))
    assert framework.carried_forward_from == 2568 and framework.oit_items[0].title_th == "โครงสร้างองค์กร"


def test_carrying_forward_saves_the_year_unverified_with_its_source(admin):
    version = store.carry_forward(2571, user=admin)
    assert (version.year, version.number) == (2571, 1) and "2568" in version.reason
    framework = results.framework_for(2571)
    assert framework.year == 2571 and framework.carried_forward_from == 2568 and framework.version == 1
    assert all(i.unverified for i in framework.oit_items)
    assert framework.unverified_parts["weights"]
    assert store.state(2571).kind == "carried_forward"
    assert all("2568" in item["source"] for item in text_of(2571)["oit_items"])
    with pytest.raises(FrameworkError):
        store.carry_forward(2571, user=admin)  # it has its own now
    later = store.carry_forward(2572, user=admin)
    assert results.framework_for(2572).carried_forward_from == 2571 and later.number == 1


def test_a_carried_year_becomes_verified_once_every_part_is_confirmed(admin):
    store.carry_forward(2571, user=admin)
    data = text_of(2571)
    for key in list(data):
        if key.endswith("_unverified"):
            data.pop(key)
    for section in ("groups", "indicators", "oit_sub_indicators", "oit_items"):
        for entry in data[section]:
            for key in [k for k in entry if k.endswith("unverified")]:
                entry.pop(key)
    data["scoring"] = {"oit_rule": "item_mean"}
    data["iit_questions"] = data["eit_questions"] = [{"code": "q1", "indicator": 1, "text_th": "คำถาม"}]
    store.save_text(2571, dump(data), user=admin, reason="ยืนยันกับคู่มือ")
    assert dict(results.framework_for(2571).unverified_parts) == {}
    assert store.state(2571).kind == "verified"


# --- XLSX template and import ---------------------------------------------------------------------


def sheet_rows(content: bytes) -> list[list]:
    return [list(r) for r in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_xlsx_template_round_trips_and_an_edited_title_is_saved(admin):
    rows = sheet_rows(store.xlsx_template(2568))
    assert rows[0] == [
        "code",
        "title_th",
        "heading_th",
        "indicator",
        "sub_indicator",
        "requirement_th",
        "verified",
        "source",
    ]
    assert len(rows) == 27 and rows[1][:5] == ["o1", "โครงสร้างและอำนาจหน้าที่", "ข้อมูลพื้นฐาน", 9, "9.1"]
    rows[1][1] = "โครงสร้างและหน้าที่"
    rows[1][6] = "yes"
    version = store.import_file(2568, workbook(rows), "oit-2568.xlsx", user=admin, reason="ตามคู่มือ 2568")
    framework = results.framework_for(2568)
    assert version.number == 1 and framework.oit_items[0].title_th == "โครงสร้างและหน้าที่"
    assert not framework.oit_items[0].unverified and framework.oit_items[1].unverified
    assert len(framework.oit_items) == 26


def xlsx_refused(admin, rows, year=2568) -> FrameworkError:
    before = store.current_text(year)
    with pytest.raises(FrameworkError) as error:
        store.import_file(year, workbook(rows), "items.xlsx", user=admin, reason="นำเข้า")
    assert store.current_text(year) == before and not FrameworkVersion.objects.exists()
    assert error.value.message_th and error.value.message_en
    return error.value


def test_an_xlsx_with_a_wrong_column_names_the_row_and_column(admin):
    rows = sheet_rows(store.xlsx_template(2568))
    rows[0][4] = "subindicator"
    assert xlsx_refused(admin, rows).field == "row 1, column E (sub_indicator)"


def test_an_xlsx_with_a_duplicate_code_names_the_row(admin):
    rows = sheet_rows(store.xlsx_template(2568))
    rows[3][0] = "o1"
    error = xlsx_refused(admin, rows)
    assert error.field == "row 4, column A (code)" and "row 2" in error.message_en


def test_an_xlsx_item_without_a_sub_indicator_is_refused(admin):
    rows = sheet_rows(store.xlsx_template(2568))
    rows[5][4] = None
    assert xlsx_refused(admin, rows).field == "row 6, column E (sub_indicator)"


def test_an_xlsx_item_in_an_unknown_sub_indicator_is_refused(admin):
    rows = sheet_rows(store.xlsx_template(2568))
    rows[5][4] = "9.9"
    assert "9.9" in xlsx_refused(admin, rows).message_en


def test_a_file_that_is_not_a_workbook_is_refused(admin):
    before = store.current_text(2568)
    with pytest.raises(FrameworkError) as error:
        store.import_file(2568, b"not a zip", "items.xlsx", user=admin, reason="นำเข้า")
    assert error.value.field == "items.xlsx" and store.current_text(2568) == before


def test_a_yaml_file_imports_a_whole_framework_and_a_malformed_one_changes_nothing(admin):
    data = text_of(2566)
    data["label"] = "ITA 2566 (คู่มือ)"
    store.import_file(2566, dump(data).encode(), "ita-2566.yaml", user=admin, reason="นำเข้า")
    assert results.framework_for(2566).label == "ITA 2566 (คู่มือ)"
    with pytest.raises(FrameworkError) as error:
        store.import_file(2566, b"year: 2566\ngroups: [", "ita-2566.yml", user=admin, reason="นำเข้า")
    assert "YAML" in error.value.message_en and results.framework_for(2566).label == "ITA 2566 (คู่มือ)"
    assert FrameworkVersion.objects.filter(year=2566).count() == 1


def test_other_file_types_are_refused(admin):
    with pytest.raises(FrameworkError) as error:
        store.import_file(2566, b"a,b", "items.csv", user=admin, reason="นำเข้า")
    assert error.value.field == "file"


# --- the command ---------------------------------------------------------------------------------


def test_the_frameworks_command_lists_every_year_with_state_and_counts(capsys, admin, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(2026, 12, 2))
    store.carry_forward(2572, user=admin, from_year=2566)
    call_command("ita", "frameworks", "--format", "json")
    years = {row["year"]: row for row in json.loads(capsys.readouterr().out)["years"]}
    assert sorted(years) == [*range(2563, 2572), 2572]
    assert years[2564]["items"] == 43 and years[2564]["indicators"] == 10
    assert years[2567]["items"] == 43 and years[2568]["items"] == 26
    assert all(years[y]["state"] == "partly_verified" for y in range(2563, 2569))
    assert years[2570] == {
        "year": 2570, "state": "carried_forward", "carried_forward_from": 2568,
        "version": None, "items": 26, "indicators": 10,
    }  # fmt: skip
    assert years[2572]["version"] == 1 and years[2572]["carried_forward_from"] == 2566
    call_command("ita", "frameworks")
    text = capsys.readouterr().out
    assert "2570  carried_forward" in text and "(from 2568)" in text


def test_saving_a_result_for_a_carried_year_works():
    result, checked = results.save_result(make_org("carried"), 2570, seed_scores())
    assert result.framework_version == 0 and checked.total == Decimal("79.78")


def test_the_migration_turns_framework_corrections_into_versions_and_leaves_the_library():
    from importlib import import_module

    from django.apps import apps

    from prongsai.ita.models import DataOverride

    migration = import_module("prongsai.ita.migrations.0002_framework_versions")
    text = with_weights(2565, **{"1": 5, "2": 7})
    DataOverride.objects.create(name="ita-2565", text=text, reason="แก้ตามคู่มือ")
    DataOverride.objects.create(name="recommendations", text="measures: []", reason="คลัง")
    migration.overrides_to_versions(apps, None)
    version = FrameworkVersion.objects.get()
    assert (version.year, version.number, version.reason) == (2565, 1, "แก้ตามคู่มือ")
    assert list(DataOverride.objects.values_list("name", flat=True)) == ["recommendations"]
    results.frameworks_changed()
    assert results.framework_for(2565).indicator(1).weight == 5
