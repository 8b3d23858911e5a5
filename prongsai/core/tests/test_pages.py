import pytest
from django.urls import reverse

from prongsai.core.models import Organisation
from prongsai.core.tests.factories import make_org, make_person, make_position, make_staff

pytestmark = pytest.mark.django_db


def test_public_home_shows_the_organisation_and_its_executives_in_thai(client):
    org = make_org("bophloi", name_th="เทศบาลตำบลบ่อพลอย", phone="0-3458-1234")
    mayor = make_position(org, title="นายกเทศมนตรีตำบลบ่อพลอย", is_executive=True, executive_order=1)
    make_person(org, first="ชัยเชษฐ", last="พัฒนะพิชัย", position=mayor)
    page = client.get("/bophloi/").content.decode()
    assert '<html lang="th">' in page
    assert "เทศบาลตำบลบ่อพลอย" in page and "นางชัยเชษฐ พัฒนะพิชัย" in page and "0-3458-1234" in page


def test_an_unknown_organisation_gets_a_clear_404(client):
    response = client.get("/no-such-town/")
    assert response.status_code == 404
    assert "no-such-town" in response.content.decode()


def test_reserved_words_cannot_be_organisation_addresses():
    org = Organisation(slug="staff", name_th="x", kind="sao", province="x")
    with pytest.raises(Exception, match=r"reserved|สงวน"):
        org.full_clean()


def test_directory_is_paginated_and_searchable(client):
    for n in range(30):
        make_org(name_th=f"อบต.หนองน้ำ {n}", province="ชัยภูมิ" if n == 7 else "ลำปาง")
    first = client.get("/").content.decode()
    assert first.count('class="card"><a href=') == 25
    found = client.get("/", {"q": "ชัยภูมิ"}).content.decode()
    assert "อบต.หนองน้ำ 7" in found and "อบต.หนองน้ำ 8" not in found


def test_staff_pages_need_a_login(client):
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_dashboard_and_structure_use_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    org = make_org()
    client.force_login(make_staff(org))
    for n in range(20):
        make_person(org, first=f"คนที่{n}", position=make_position(org, title=f"ตำแหน่ง {n}"))
    # 11: five for the page (session, login, second-factor devices, the figures) and one statement per
    # list of the work list that opens it (workplace/sql.py), fixed whatever its length.
    with django_assert_max_num_queries(12):
        assert client.get(reverse("core:dashboard")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("core:structure")).status_code == 200


def test_only_org_admins_edit_people_and_the_change_is_kept(client):
    org = make_org()
    person = make_person(org, first="สมศรี")
    client.force_login(make_staff(org, roles=("analyst",)))
    edit = reverse("core:person_edit", kwargs={"person_id": person.pk})
    assert client.get(edit).status_code == 403
    admin = make_staff(org, roles=("clerk",))
    admin.person.position.roles = ["clerk", "unit_head"]
    admin.person.position.save()
    client.force_login(admin)
    assert client.get(reverse("core:audit_log")).status_code == 200


def test_a_bad_form_keeps_what_was_typed(client, settings):
    org = make_org()
    user = make_staff(org, roles=("org_admin",))
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="t", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    response = client.post(
        reverse("core:person_new"), {"prefix": "นาง", "first_name": "สมหญิง", "last_name": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'value="สมหญิง"' in page


def test_switching_language_to_english_and_back(client):
    make_org("bophloi")
    client.post(reverse("set_language"), {"language": "en", "next": "/bophloi/"})
    assert '<html lang="en">' in client.get("/bophloi/").content.decode()
    client.post(reverse("set_language"), {"language": "th", "next": "/bophloi/"})
    assert '<html lang="th">' in client.get("/bophloi/").content.decode()


def test_security_headers_are_set(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_thai_is_the_default_even_for_an_english_browser(client):
    make_org("bophloi")
    page = client.get("/bophloi/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="th">' in page


def test_a_superuser_switches_organisation_and_staff_cannot(client, settings):
    settings.TWO_FACTOR_FOR_SUPERUSERS = False
    home, other = make_org("home-town"), make_org("other-town", name_th="อบต.อื่น")
    make_person(other, first="ZZคนของอื่น")
    staff = make_staff(home)
    client.force_login(staff)
    assert client.post(reverse("core:switch_organisation"), {"organisation": "other-town"}).status_code == 404
    client.force_login(make_staff(home, is_superuser=True))
    client.post(reverse("core:switch_organisation"), {"organisation": "other-town"})
    assert "ZZคนของอื่น" in client.get(reverse("core:structure")).content.decode()
