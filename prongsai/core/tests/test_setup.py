"""An organisation sets itself up in the staff UI: structure, people by invitation, acting
appointments, the staff list from XLSX, the first-run wizard, and organisations in bulk."""

import datetime
import io
import re

import pytest
from django.conf import settings
from django.core import mail
from django.shortcuts import resolve_url
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from prongsai.core import organisation_import, sheets, staff_import
from prongsai.core.models import ActingAppointment, AuditEntry, Organisation, Person, Position, Unit, User
from prongsai.core.tests import samples
from prongsai.core.tests.factories import (
    PASSWORD,
    login_verified,
    make_org,
    make_person,
    make_position,
    make_staff,
    make_unit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org("setup-town", name_th="เทศบาลตำบลตั้งต้น")


@pytest.fixture
def admin(client, org, english_messages):
    user = make_staff(org, roles=("org_admin",))
    login_verified(client, user)
    return user


def audited(instance, action="create"):
    return AuditEntry.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk), action__contains=action
    ).exists()


def test_the_administrator_adds_units_and_sub_units(client, org, admin):
    response = client.post(reverse("core:setup_unit_new"), {"name_th": "กองช่าง", "order": 3})
    assert response.status_code == 302
    works = Unit.objects.for_org(org).get(name_th="กองช่าง")
    client.post(reverse("core:setup_unit_new"), {"name_th": "งานสาธารณูปโภค", "parent": works.pk, "order": 1})
    sub = Unit.objects.for_org(org).get(name_th="งานสาธารณูปโภค")
    assert sub.parent == works and audited(works) and audited(sub)
    # A unit cannot become part of its own sub-unit: the choice is refused, nothing changes.
    refused = client.post(
        reverse("core:setup_unit_edit", kwargs={"unit_id": works.pk}), {"name_th": "กองช่าง", "parent": sub.pk}
    )
    assert refused.status_code == 200 and "parent" in refused.context["form"].errors
    works.refresh_from_db()
    assert works.parent is None
    page = client.get(reverse("core:setup_units")).content.decode()
    assert "กองช่าง" in page and "งานสาธารณูปโภค" in page


def test_positions_carry_roles_and_a_chain_of_command_that_cannot_loop(client, org, admin):
    unit = make_unit(org, "กองช่าง")
    clerk = make_position(org, "ปลัดเทศบาล", roles=("clerk",))
    response = client.post(reverse("core:setup_position_new"), {
        "title_th": "ผู้อำนวยการกองช่าง", "unit": unit.pk, "reports_to": clerk.pk,
        "roles": ["unit_head"], "executive_order": 0,
    })  # fmt: skip
    assert response.status_code == 302
    head = Position.objects.for_org(org).get(title_th="ผู้อำนวยการกองช่าง")
    assert head.roles == ["unit_head"] and head.reports_to == clerk and audited(head)
    looping = client.post(
        reverse("core:setup_position_edit", kwargs={"position_id": clerk.pk}),
        {"title_th": "ปลัดเทศบาล", "reports_to": head.pk, "roles": ["clerk"], "executive_order": 0},
    )
    assert looping.status_code == 200 and "reports_to" in looping.context["form"].errors
    clerk.refresh_from_db()
    assert clerk.reports_to is None
    unknown_role = client.post(
        reverse("core:setup_position_new"), {"title_th": "x", "roles": ["superhero"], "executive_order": 0}
    )
    assert unknown_role.status_code == 200 and "roles" in unknown_role.context["form"].errors


def test_only_the_administrator_sets_up_and_another_organisation_is_invisible(client, org):
    analyst = make_staff(org, roles=("analyst",))
    client.force_login(analyst)
    for name in ("core:setup_home", "core:setup_units", "core:setup_positions", "core:setup_acting",
                 "core:setup_import", "core:setup_address"):  # fmt: skip
        assert client.get(reverse(name)).status_code == 403, name
    other = make_org()
    foreign_unit = make_unit(other, "กองของที่อื่น")
    foreign_person = make_person(other)
    login_verified(client, make_staff(org, roles=("org_admin",)))
    assert client.get(reverse("core:setup_unit_edit", kwargs={"unit_id": foreign_unit.pk})).status_code == 404
    invite_there = reverse("core:setup_invite", kwargs={"person_id": foreign_person.pk})
    assert client.get(invite_there).status_code == 404
    assert client.get(reverse("core:setup_organisations_import")).status_code == 403  # superusers only


def _invite(client, person, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        url = reverse("core:setup_invite", kwargs={"person_id": person.pk})
        response = client.post(url, {"email": email})
    assert response.status_code == 302
    message = mail.outbox[-1]
    return re.search(r"http\S+/accounts/invitation/\S+/", message.body).group(0), message


def test_a_person_is_invited_by_mail_and_chooses_their_own_password(
    client, org, admin, django_capture_on_commit_callbacks
):
    engineer = make_position(org, "นายช่างโยธา")
    person = make_person(org, "สมชาย", "รักงาน", position=engineer)
    link, message = _invite(client, person, "Somchai@Example.go.th", django_capture_on_commit_callbacks)
    assert message.to == ["somchai@example.go.th"]
    person.refresh_from_db()
    user = person.user
    assert user.username == "somchai" and user.organisation == org and not user.has_usable_password()
    assert audited(person, "invitation")
    assert PASSWORD not in message.body and "password" not in str(user.password).lower()
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    form = client.get(f"/{path}")
    assert form.status_code == 200 and "somchai" in form.content.decode()
    short = client.post(f"/{path}", {"new_password1": "abc", "new_password2": "abc"})
    assert short.status_code == 200  # too short: refused, shown again
    done = client.post(f"/{path}", {"new_password1": "ผักบุ้ง-ไฟแดง-42", "new_password2": "ผักบุ้ง-ไฟแดง-42"})
    assert done.status_code == 302 and done.url == resolve_url(settings.LOGIN_REDIRECT_URL)
    user.refresh_from_db()
    assert user.check_password("ผักบุ้ง-ไฟแดง-42")
    client.logout()
    assert client.get(f"/{path}").status_code == 404  # the link works once


def test_a_role_that_needs_two_factor_goes_to_its_set_up_after_the_password(
    client, org, admin, django_capture_on_commit_callbacks
):
    post = make_position(org, "เจ้าหน้าที่ศูนย์", roles=("complaints_officer",))
    officer = make_person(org, "สมหญิง", "ตรงไป", position=post)
    link, _message = _invite(client, officer, "somying@example.go.th", django_capture_on_commit_callbacks)
    client.logout()
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    client.post(path, {"new_password1": "ผักบุ้ง-ไฟแดง-42", "new_password2": "ผักบุ้ง-ไฟแดง-42"})
    assert client.get(reverse("core:setup_home")).url == reverse("two_factor_setup")


def test_an_address_used_by_another_login_is_refused(client, org, admin, django_capture_on_commit_callbacks):
    User.objects.create_user("taken", email="taken@example.go.th")
    person = make_person(org)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("core:setup_invite", kwargs={"person_id": person.pk}), {"email": "taken@example.go.th"}
        )
    assert response.status_code == 200 and "email" in response.context["form"].errors
    assert not mail.outbox and Person.objects.get(pk=person.pk).user is None


def test_acting_appointments_are_added_with_dates_and_never_overlap(client, org, admin):
    head = make_position(org, "ผู้อำนวยการกองช่าง", roles=("unit_head",))
    somchai = make_person(org, "สมชาย", "รักงาน", position=make_position(org, "นายช่างโยธา"))
    somsri = make_person(org, "สมศรี", "มีสุข", position=make_position(org, "วิศวกรโยธา"))
    today = datetime.date.today()
    data = {"position": head.pk, "person": somchai.pk, "start": today.isoformat(),
            "end": (today + datetime.timedelta(days=30)).isoformat(), "order_reference": "๑๒"}  # fmt: skip
    assert client.post(reverse("core:setup_acting_new"), data).status_code == 302
    row = ActingAppointment.objects.for_org(org).get()
    assert audited(row)
    clash = client.post(reverse("core:setup_acting_new"), {**data, "person": somsri.pk})
    assert clash.status_code == 200 and clash.context["form"].non_field_errors()
    backwards = {**data, "start": "2027-01-10", "end": "2027-01-01"}
    assert client.post(reverse("core:setup_acting_new"), backwards).status_code == 200
    assert ActingAppointment.objects.count() == 1
    page = client.get(reverse("core:setup_acting")).content.decode()
    assert "ผู้อำนวยการกองช่าง" in page and "สมชาย" in page


@pytest.mark.parametrize("name", ["core:setup_units", "core:setup_positions", "core:setup_acting"])
def test_set_up_lists_are_paginated_with_a_fixed_number_of_queries(
    client, org, admin, name, django_assert_max_num_queries
):
    def load():
        with django_assert_max_num_queries(12):
            response = client.get(reverse(name))
        assert response.status_code == 200
        return response

    load()
    unit = make_unit(org)
    for n in range(40):
        position = make_position(org, f"ตำแหน่ง {n}", unit=unit)
        person = make_person(org, f"คน{n}", "ทดสอบ", position=position)
        make_unit(org, f"งาน {n}", parent=unit)
        ActingAppointment.objects.create(
            organisation=org, position=position, person=make_person(org, f"แทน{n}", "ทดสอบ"),
            start=datetime.date(2026, 1, 1), end=datetime.date(2026, 1, 31),
        )  # fmt: skip
        assert person
    assert len(load().context["page"]) == 25


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_staff_list_template_imports_as_it_is_and_twice_changes_nothing(client, org, admin):
    template = client.get(reverse("core:setup_import_template"))
    assert template.status_code == 200 and template["Content-Type"] == sheets.XLSX_CONTENT_TYPE
    headings = [c.value for c in next(load_workbook(io.BytesIO(template.content)).active.iter_rows())]
    assert headings[:3] == ["คำนำหน้า", "ชื่อ", "นามสกุล"]
    for _round in range(2):
        upload = _upload(template.content, "staff.xlsx")
        response = client.post(reverse("core:setup_import"), {"file": upload})
        assert response.status_code == 302
    person = Person.objects.for_org(org).get(first_name="สมชาย")
    assert person.position.title_th == "นายช่างโยธา" and person.position.unit.name_th == "กองช่าง"
    assert Person.objects.for_org(org).filter(first_name="สมชาย").count() == 1
    assert Unit.objects.for_org(org).filter(name_th="กองช่าง").count() == 1 and audited(person)


def _upload(data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_a_staff_list_with_a_bad_row_saves_nothing_and_names_the_row_in_thai_and_english(client, org, admin):
    rows = [
        ["คำนำหน้า", "ชื่อ", "นามสกุล", "ตำแหน่ง", "สังกัด", "อีเมล"],
        ["นาย", "สมชาย", "รักงาน", "นายช่างโยธา", "กองช่าง", "somchai@example.go.th"],
        ["นาย", "", "ไม่มีชื่อ", "นักการ", "กองช่าง", ""],
        ["ท่านขุน", "สมปอง", "ใจดี", "นักการ", "", "not-an-address"],
        ["นาง", "สมศรี", "มีสุข", "x" * 201, "", "somchai@example.go.th"],
    ]
    response = client.post(reverse("core:setup_import"), {"file": _upload(_xlsx(rows), "staff.xlsx")})
    assert response.status_code == 200
    errors = response.context["outcome"].errors
    assert any(e.startswith("แถว 3:") and "row 3" in e and "first name" in e for e in errors)
    assert any("แถว 4:" in e and "prefix" in e for e in errors)
    assert any("แถว 4:" in e and "e-mail" in e for e in errors)
    assert any("แถว 5:" in e and "row 2" in e for e in errors)  # the same address twice
    assert any("แถว 5:" in e and "200" in e for e in errors)
    assert Person.objects.for_org(org).get() == admin.person and not Unit.objects.for_org(org).exists()
    missing = client.post(reverse("core:setup_import"), {"file": _upload(b"name,phone\r\na,b\r\n", "s.csv")})
    assert "“prefix” column" in " ".join(missing.context["outcome"].errors)


def test_a_spreadsheet_over_the_limits_is_refused_before_reading(org):
    huge = b"x" * (staff_import.LIMITS.max_bytes + 1)
    outcome = staff_import.run(org, huge, "big.csv", by=None)
    assert outcome.errors and not Person.objects.exists()


@pytest.fixture
def national(client, english_messages):
    user = User.objects.create_superuser("national", password=PASSWORD)
    login_verified(client, user)
    return user


def test_the_national_administrator_creates_organisations_from_official_codes_idempotently(client, national):
    make_org("lao-6101", official_code="6101", name_th="ชื่อเดิม", province="อุทัยธานี")
    data = sheets.csv_bytes([
        ["รหัส อปท.", "ชื่อ", "ประเภท", "จังหวัด", "อำเภอ"],
        ["5710107", "เทศบาลตำบลบ่อพลอย", "", "กาญจนบุรี", "บ่อพลอย"],
        ["6101", "องค์การบริหารส่วนตำบลหนองฉาง", "sao", "อุทัยธานี", "หนองฉาง"],
        ["5001", "อบต.ท่าช้าง", "", "เชียงใหม่", ""],
    ])  # fmt: skip
    response = client.post(reverse("core:setup_organisations_import"), {"file": _upload(data, "codes.csv")})
    assert response.status_code == 302
    again = organisation_import.run(data, "codes.csv", by=national)  # the same file: nothing changes
    assert (again.errors, again.created, again.updated, again.unchanged) == ([], 0, 0, 3)
    bophloi = Organisation.objects.get(official_code="5710107")
    assert bophloi.kind == "subdistrict" and bophloi.slug == "lao-5710107"
    assert Organisation.objects.get(official_code="6101").name_th == "องค์การบริหารส่วนตำบลหนองฉาง"
    assert Organisation.objects.get(official_code="5001").kind == "sao"
    assert Organisation.objects.count() == 3 and audited(bophloi)
    bad = sheets.csv_bytes([["official code", "name", "province"], ["12", "x", "y"], ["9999", "", ""]])
    refused = client.post(reverse("core:setup_organisations_import"), {"file": _upload(bad, "bad.csv")})
    assert refused.status_code == 200 and len(refused.context["outcome"].errors) == 2
    assert Organisation.objects.count() == 3


def test_the_wizard_creates_an_organisation_step_by_step(client, national):
    assert client.get(reverse("core:setup_wizard"), {"new": 1}).status_code == 200
    response = client.post(reverse("core:setup_wizard") + "?new=1", {
        "name_th": "เทศบาลตำบลทดลองตั้ง", "kind": "subdistrict", "slug": "thadlong", "province": "ตาก",
    })  # fmt: skip
    assert response.status_code == 302 and response.url == reverse("core:setup_address")
    org = Organisation.objects.get(slug="thadlong")
    assert client.session["organisation_id"] == org.pk and audited(org)
    client.post(reverse("core:setup_address"), {"address": "๑ หมู่ ๒ ตำบลทดลอง", "phone": "0 5551 1234"})
    org.refresh_from_db()
    assert org.address.startswith("๑ หมู่")
    assert org.official_digits == "thai"  # the official default, kept when the form does not say
    client.post(reverse("core:setup_address"), {"address": org.address, "official_digits": "arabic"})
    org.refresh_from_db()
    assert org.official_digits == "arabic"
    executives = client.get(reverse("core:setup_executives"))
    titles = [f.initial["title_th"] for f in executives.context["formset"]]
    assert titles == ["นายกเทศมนตรี", "รองนายกเทศมนตรี", "ปลัดเทศบาล"]
    form = {"executives-TOTAL_FORMS": 3, "executives-INITIAL_FORMS": 3,
            "executives-0-title_th": "นายกเทศมนตรี", "executives-0-prefix": "นาย",
            "executives-0-first_name": "ชัยชนะ", "executives-0-last_name": "ทดลอง",
            "executives-1-title_th": "", "executives-2-title_th": "ปลัดเทศบาล"}  # fmt: skip
    assert client.post(reverse("core:setup_executives"), form).status_code == 302
    mayor = Position.objects.for_org(org).get(title_th="นายกเทศมนตรี")
    clerk = Position.objects.for_org(org).get(title_th="ปลัดเทศบาล")
    assert mayor.roles == ["executive"] and clerk.roles == ["clerk"] and clerk.reports_to == mayor
    assert mayor.holders.get().full_name == "นายชัยชนะ ทดลอง" and not clerk.holders.exists()
    png = samples.picture("PNG")
    emblem = client.post(reverse("core:setup_emblem"), {
        "register_prefix": "ตก ๕๒๐๐๑/", "department": "สำนักปลัด", "emblem_file": _upload(png, "garuda.png"),
    })  # fmt: skip
    assert emblem.status_code == 302
    from prongsai.documents.models import DocumentSettings, DocumentType

    settings_row = DocumentSettings.objects.for_org(org).get()
    assert settings_row.register_prefix == "ตก ๕๒๐๐๑/" and settings_row.emblem.endswith(".png")
    chains = client.post(reverse("core:setup_chains"), {"step_1": clerk.pk, "step_2": mayor.pk})
    assert chains.status_code == 302
    memo = DocumentType.objects.for_org(org).get()
    assert [s.position for s in memo.chain.order_by("order")] == [clerk, mayor]
    loop = client.post(reverse("core:setup_chains"), {"step_1": clerk.pk, "step_2": clerk.pk})
    assert loop.status_code == 200 and loop.context["form"].non_field_errors()
