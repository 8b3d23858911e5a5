"""The national administrator's framework pages (issue 15): who may use them, that every form
saves a new version through `store.save_text`, and that a bad save or import changes nothing
and names the field in Thai and English."""

import io
import re

import pytest
import yaml
from django import forms
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from prongsai.core.models import AuditEntry
from prongsai.core.tests.factories import make_org, make_staff
from prongsai.disclosure import catalogue
from prongsai.disclosure.models import Item
from prongsai.ita import results, store
from prongsai.ita.models import FrameworkVersion
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = pytest.mark.django_db

CURRENT = fiscal_year_of(timezone.localdate())
NEXT = CURRENT + 1


@pytest.fixture
def org():
    return make_org("bophloi", name_th="เทศบาลตำบลบ่อพลอย")


@pytest.fixture
def admin(client, org):
    user = make_staff(org, username="national", is_superuser=True)
    client.force_login(user)
    return user


def url(name, **kwargs):
    return reverse(f"ita:{name}", kwargs=kwargs)


def versions(year):
    return FrameworkVersion.objects.filter(year=year).count()


def page_data(response) -> dict:
    """The POST a browser would send back for the page as rendered: every field's current value."""
    data = {}
    for _heading, block in response.context["editor"].blocks:
        parts = [block.management_form, *block.forms] if hasattr(block, "management_form") else [block]
        for form in parts:
            for field in form:
                value = field.value()
                if isinstance(field.field.widget, forms.CheckboxInput):
                    if value:
                        data[field.html_name] = "on"
                else:
                    data[field.html_name] = "" if value is None else value
    return data


def post_part(client, year, page, change, reason="ตามประกาศ ป.ป.ช."):
    response = client.get(url("framework_part", year=year, page=page))
    assert response.status_code == 200
    data = page_data(response)
    data.update(change)
    data["change-reason"] = reason
    return client.post(url("framework_part", year=year, page=page), data)


# --- who may ---------------------------------------------------------------------------------

PAGES = [
    ("frameworks", {}),
    ("framework_year", {"year": 2570}),
    ("framework_import", {"year": 2570}),
    ("framework_template", {"year": 2570}),
    ("framework_part", {"year": 2570, "page": "items"}),
    ("framework_part", {"year": 2564, "page": "questions-iit"}),
    ("framework_edit", {"year": 2564}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_only_a_superuser_reaches_the_framework_pages(client, org, name, kwargs):
    target = url(name, **kwargs)
    response = client.get(target)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(make_staff(org, roles=("analyst", "publisher")))
    assert client.get(target).status_code == 403
    assert client.post(target, {"change-reason": "x"}).status_code == 403
    client.force_login(make_staff(org, is_superuser=True))
    assert client.get(target).status_code == 200


def test_changes_need_the_csrf_token(admin):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(admin)
    response = strict.post(url("framework_carry_forward", year=NEXT), {"carry-reason": "ปีใหม่"})
    assert response.status_code == 403 and versions(NEXT) == 0


def test_the_frameworks_link_is_shown_to_superusers_only(client, org, admin):
    assert url("frameworks") in client.get(reverse("ita:results")).content.decode()
    client.force_login(make_staff(org, roles=("analyst",)))
    assert url("frameworks") not in client.get(reverse("ita:results")).content.decode()


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_every_year_with_its_state_and_history(client, admin):
    store.carry_forward(CURRENT, user=admin)
    page = client.get(url("frameworks")).content.decode()
    for year in range(2563, NEXT + 1):
        assert f'id="year-{year}"' in page
    row = page.split(f'id="year-{CURRENT}"')[1].split("</tr>")[0]
    assert "ยังไม่ยืนยัน" in row  # carried forward, not yet confirmed
    assert url("framework_version", year=CURRENT, number=1) in row and "national" in row
    assert "ยกมาจากปี" in row  # the reason
    row_2564 = page.split('id="year-2564"')[1].split("</tr>")[0]
    assert "ยังไม่ยืนยัน" not in row_2564 and ">43<" in row_2564  # 43 OIT items, shipped


def test_the_list_costs_the_same_queries_with_many_versions(client, admin):
    client.get(url("frameworks"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(url("frameworks")).status_code == 200
    for year in (2564, 2565, 2566):
        for n in range(3):
            store.save_text(year, store.current_text(year), user=admin, reason=f"ตรวจทาน {n}")
    client.get(url("frameworks"))  # as before: the first answer after a save fills the parse cache
    with CaptureQueriesContext(connection) as many:
        page = client.get(url("frameworks")).content.decode()
    assert page.count("ตรวจทาน") == 9
    # One query per year's framework in force, the versions in one, and the session's: fixed by the
    # span of years (2563 .. next fiscal year), never by the number of versions.
    assert len(many.captured_queries) <= len(few.captured_queries) <= NEXT - 2563 + 8


def test_a_version_is_shown_as_it_was_saved(client, admin):
    store.save_text(2565, store.current_text(2565), user=admin, reason="ฉบับแรก")
    changed = store.current_text(2565).replace("label: ITA", "label: ITA แก้ไข", 1)
    store.save_text(2565, changed, user=admin, reason="ฉบับสอง")
    first = client.get(url("framework_version", year=2565, number=1)).content.decode()
    assert "ฉบับแรก" in first and "ITA แก้ไข" not in first
    assert client.get(url("framework_version", year=2565, number=3)).status_code == 404


# --- carry forward and import -------------------------------------------------------------------


def test_carrying_forward_makes_the_next_year_with_the_reason(client, admin):
    assert store.state(NEXT).version is None
    response = client.post(url("framework_carry_forward", year=NEXT), {"carry-reason": "เตรียมปีหน้า"})
    assert response.status_code == 302
    version = FrameworkVersion.objects.get(year=NEXT)
    assert "เตรียมปีหน้า" in version.reason and version.created_by == admin
    state = store.state(NEXT)
    assert state.kind == store.CARRIED_FORWARD and state.version == 1 and state.items > 0
    again = client.post(url("framework_carry_forward", year=NEXT), {"carry-reason": "ซ้ำ"})
    assert again.status_code == 302 and versions(NEXT) == 1  # a year of its own is never overwritten


def test_a_carry_forward_without_a_reason_is_refused(client, admin):
    response = client.post(url("framework_carry_forward", year=NEXT), {"carry-reason": ""})
    assert response.status_code == 200 and versions(NEXT) == 0


def test_importing_a_whole_yaml_framework(client, admin):
    text = store.current_text(2566).replace("label: ITA 2566", "label: ITA 2566 (นำเข้า)")
    upload = _file("ita-2566.yaml", text.encode())
    response = client.post(url("framework_import", year=2566), {"file": upload, "reason": "ไฟล์จาก ป.ป.ช."})
    assert response.status_code == 302
    assert results.framework_for(2566).label == "ITA 2566 (นำเข้า)" and versions(2566) == 1


def test_a_malformed_yaml_import_names_the_field_and_changes_nothing(client, admin):
    data = yaml.safe_load(store.current_text(2566))
    data["oit_items"][3]["code"] = data["oit_items"][1]["code"]  # a duplicated code
    bad = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()
    before = store.current_text(2566)
    response = client.post(
        url("framework_import", year=2566), {"file": _file("ita-2566.yaml", bad), "reason": "ลองนำเข้า"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and versions(2566) == 0 and store.current_text(2566) == before
    assert "ข้อ OIT" in page and "OIT item" in page  # the field, in Thai and English
    assert "ซ้ำ" in page and "duplicated" in page

    broken = client.post(
        url("framework_import", year=2566), {"file": _file("ita-2566.yaml", b"year: ["), "reason": "ลอง"}
    )
    assert broken.status_code == 200 and "YAML" in broken.content.decode() and versions(2566) == 0


def test_the_xlsx_template_round_trips_and_a_bad_row_names_its_cell(client, admin):
    response = client.get(url("framework_template", year=2565))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "code" and len(rows) == 44

    rows[3][1] = "ชื่อข้อที่แก้จากไฟล์"
    ok = client.post(url("framework_import", year=2565), {"file": _xlsx(rows), "reason": "แก้ชื่อข้อ"})
    assert ok.status_code == 302 and versions(2565) == 1
    assert results.framework_for(2565).oit_items[2].title_th == "ชื่อข้อที่แก้จากไฟล์"

    rows[5][0] = "item-5"  # not a code like o5
    bad = client.post(url("framework_import", year=2565), {"file": _xlsx(rows), "reason": "ลอง"})
    page = bad.content.decode()
    assert bad.status_code == 200 and versions(2565) == 1
    assert "แถว 6 คอลัมน์ A (รหัส)" in page and "row 6, column A (code)" in page


def test_an_unknown_file_type_is_refused_before_the_store(client, admin):
    response = client.post(
        url("framework_import", year=2566), {"file": _file("ita.csv", b"code\n"), "reason": "ลอง"}
    )
    assert response.status_code == 200 and versions(2566) == 0


# --- the edit pages ------------------------------------------------------------------------------


def test_editing_an_item_title_saves_a_new_version_and_keeps_other_keys(client, admin):
    response = post_part(client, 2564, "items", {"items-0-title_th": "โครงสร้างองค์กร"})
    assert response.status_code == 302
    assert versions(2564) == 1 and FrameworkVersion.objects.get(year=2564).created_by == admin
    item = results.framework_for(2564).oit_items[0]
    assert item.title_th == "โครงสร้างองค์กร" and item.sub_indicator == "9.1"
    saved = yaml.safe_load(store.current_text(2564))["oit_items"][0]
    assert saved["sub_indicator_name_th"] == "ข้อมูลพื้นฐาน"  # a key no form shows is kept
    assert AuditEntry.objects.filter(object_type="ita.frameworkversion").exists()


def test_adding_and_removing_items(client, admin):
    count = len(results.framework_for(2564).oit_items)
    response = post_part(
        client,
        2564,
        "items",
        {
            "items-1-DELETE": "on",
            f"items-{count}-code": "o44",
            f"items-{count}-title_th": "ข้อใหม่",
            f"items-{count}-indicator": "10",
            f"items-{count}-sub_indicator": "10.2",
        },
    )
    assert response.status_code == 302
    codes = [i.code for i in results.framework_for(2564).oit_items]
    assert "o2" not in codes and codes[-1] == "o44" and len(codes) == count


def test_a_duplicate_code_is_shown_beside_the_field_and_nothing_is_saved(client, admin):
    response = post_part(client, 2564, "items", {"items-4-code": "o1", "items-4-title_th": "ชื่อที่พิมพ์ไว้"})
    assert response.status_code == 200 and versions(2564) == 0
    assert "code" in response.context["editor"].items.forms[4].errors
    page = response.content.decode()
    assert "ชื่อที่พิมพ์ไว้" in page  # the user's input stays in the form
    assert "ใช้ซ้ำ" in page


def test_an_unknown_sub_indicator_is_shown_beside_it(client, admin):
    response = post_part(client, 2564, "items", {"items-2-sub_indicator": "9.9"})
    assert response.status_code == 200 and versions(2564) == 0
    errors = response.context["editor"].items.forms[2].errors
    assert "sub_indicator" in errors and "9.9" in str(errors)


def test_sub_indicators_are_edited(client, admin):
    response = post_part(client, 2564, "sub-indicators", {"subs-0-name_th": "ข้อมูลพื้นฐานของหน่วยงาน"})
    assert response.status_code == 302
    assert results.framework_for(2564).oit_subindicators[0].name_th == "ข้อมูลพื้นฐานของหน่วยงาน"


def test_weights_that_do_not_add_up_are_refused(client, admin):
    bad = post_part(client, 2564, "weights", {"indicators-0-weight": "7"})
    page = bad.content.decode()
    assert bad.status_code == 200 and versions(2564) == 0 and "weight_total" in page
    good = post_part(client, 2564, "weights", {"indicators-0-weight": "7", "indicators-1-weight": "5"})
    assert good.status_code == 302
    weights = [i.weight for i in results.framework_for(2564).indicators]
    assert (weights[0], weights[1]) == (7, 5)


def test_grade_bands_and_pass_mark(client, admin):
    response = post_part(client, 2564, "grading", {"pass-pass_mark": "80"})
    assert response.status_code == 302
    assert results.framework_for(2564).grading.pass_mark == 80


def test_result_levels_are_edited(client, admin):
    response = post_part(client, 2568, "grading", {"grading-0-en": "Pass with distinction"})
    assert response.status_code == 302
    assert results.framework_for(2568).grading.levels[0].name_en == "Pass with distinction"


def test_question_texts_and_sub_items(client, admin):
    response = post_part(client, 2564, "questions-iit", {"questions-1-text_th": "ขั้นตอนที่กำหนดไว้"})
    assert response.status_code == 302
    first = next(q for q in results.framework_for(2564).questions if q.code == "i1")
    assert first.sub_items[0].text_th == "ขั้นตอนที่กำหนดไว้"
    assert first.sub_items[0].scale == "likert4_positive"  # kept from the original entry


def test_a_question_list_copied_from_another_year_becomes_its_own(client, admin):
    before = [q for q in results.framework_for(2565).questions if q.tool == "IIT"]
    assert before  # 2565 copies 2564's questions by same_as
    response = post_part(client, 2565, "questions-iit", {"questions-0-text_th": "คำถามของปี 2565"})
    assert response.status_code == 302
    saved = yaml.safe_load(store.current_text(2565))["iit_questions"]
    assert isinstance(saved, list) and saved[0]["text_th"] == "คำถามของปี 2565"


def test_a_part_is_marked_verified_with_its_source(client, admin):
    assert "grading" in results.framework_for(2566).unverified_parts
    response = post_part(
        client, 2566, "parts", {"parts-1-verified": "on", "parts-1-source": "ประกาศ ป.ป.ช. 2566"}
    )
    assert response.status_code == 302
    assert "grading" not in results.framework_for(2566).unverified_parts
    assert yaml.safe_load(store.current_text(2566))["result_levels_source"] == "ประกาศ ป.ป.ช. 2566"


def test_the_whole_yaml_correction_saves_a_version(client, admin):
    target = url("framework_edit", year=2564)
    text = client.get(target).context["form"].initial["text"]
    bad = client.post(target, {"text": "year: [", "reason": "typo"})
    assert bad.status_code == 200 and "YAML" in bad.content.decode() and versions(2564) == 0
    corrected = text.replace("name_th: การใช้อำนาจ", "name_th: การใช้อำนาจหน้าที่", 1)
    assert client.post(target, {"text": corrected, "reason": "ชื่อตามคู่มือ"}).status_code == 302
    assert FrameworkVersion.objects.get(year=2564).reason == "ชื่อตามคู่มือ"
    assert "การใช้อำนาจหน้าที่" in client.get(url("framework", year=2564)).content.decode()


def test_after_items_change_the_review_summary_counts_what_did_not_match(client, org, admin):
    store.carry_forward(NEXT, user=admin)
    catalogue.ensure_catalogue(org, NEXT)
    other = make_org("nongkrathum")
    catalogue.ensure_catalogue(other, NEXT)
    # Rename two items out of all recognition: code and title both new.
    response = post_part(
        client,
        NEXT,
        "items",
        {
            "items-0-code": "o90",
            "items-0-title_th": "ข้อใหม่ก",
            "items-1-code": "o91",
            "items-1-title_th": "ข้อใหม่ข",
        },
    )
    assert response.status_code == 302
    assert Item.objects.filter(year=NEXT, needs_review=True).count() == 4
    page = re.sub(r"\s+", " ", client.get(response.url).content.decode())
    assert page.count("รายการข้อในบัญชี 4 ข้อของ 2 หน่วยงาน") == 2  # the message after saving, and the notice
    assert "เทศบาลตำบลบ่อพลอย" in page and other.name_th in page


# --- helpers -------------------------------------------------------------------------------------


def _file(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def _xlsx(rows) -> object:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return _file("items.xlsx", out.getvalue())


# --- hostile input (the corpus walk signs in as an organisation's staff, who get 403 here) ----

EDIT_PAGES = ["items", "sub-indicators", "weights", "grading", "questions-iit", "questions-eit", "parts"]
MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


@pytest.mark.parametrize("page", EDIT_PAGES)
def test_hostile_input_in_every_edit_form_is_refused_or_shown_escaped(client, admin, page):
    from prongsai.core.tests.security import corpus

    target = url("framework_part", year=2564, page=page)
    base = page_data(client.get(target))
    for payload in (corpus.XSS[0], corpus.HUGE[0]):
        every = {k: (v if k.endswith(MANAGEMENT) else payload) for k, v in base.items()}
        answer = client.post(target, every)
        assert answer.status_code == 200 and versions(2564) == 0
        assert not any(m in answer.content.decode() for m in corpus.LIVE_MARKUP)
    titled = {**base, "change-reason": corpus.XSS[2]}
    texts = ("-title_th", "-name_th", "-text_th", "-note")
    titled.update({k: corpus.XSS[0] for k in base if k.endswith(texts)})
    client.post(target, titled)
    if versions(2564):  # a valid save with markup in its text shows it as text
        html = client.get(url("framework", year=2564)).content.decode()
        assert not any(m in html for m in corpus.LIVE_MARKUP)
