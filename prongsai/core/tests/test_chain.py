import pytest

from prongsai.core import chain
from prongsai.core.demo import load_demo
from prongsai.core.models import Organisation, Person, Position, Unit, User

pytestmark = pytest.mark.django_db


def test_the_seed_memos_approval_chain_runs_from_the_analyst_to_the_mayor():
    load_demo()
    analyst = User.objects.get(username="analyst").person
    titles = [p.title_th for p in chain.supervisors_of(analyst)]
    assert titles == [
        "หัวหน้าฝ่ายบริหารงานทั่วไป",
        "หัวหน้าสำนักปลัด",
        "ปลัดเทศบาลตำบลบ่อพลอย",
        "รองนายกเทศมนตรีตำบลบ่อพลอย",
        "นายกเทศมนตรีตำบลบ่อพลอย",
    ]


def test_the_chain_can_stop_at_a_given_superior_and_answers_who_supervises_whom():
    load_demo()
    org = Organisation.objects.get(slug="bophloi")
    analyst = Position.objects.get(organisation=org, title_th="นักวิเคราะห์นโยบายและแผน")
    clerk = Position.objects.get(organisation=org, title_th="ปลัดเทศบาลตำบลบ่อพลอย")
    assert chain.approval_chain(analyst, up_to=clerk)[-1] == clerk
    assert len(chain.approval_chain(analyst, up_to=clerk)) == 3
    assert chain.supervises(clerk, analyst) and not chain.supervises(analyst, clerk)


def test_a_cycle_in_the_data_does_not_hang():
    load_demo()
    org = Organisation.objects.get(slug="bophloi")
    mayor = Position.objects.get(organisation=org, title_th="นายกเทศมนตรีตำบลบ่อพลอย")
    analyst = Position.objects.get(organisation=org, title_th="นักวิเคราะห์นโยบายและแผน")
    Position.objects.filter(pk=mayor.pk).update(reports_to=analyst)
    assert len(chain.approval_chain(analyst)) == 5  # stops where it meets itself


def test_unit_heads_and_sub_units():
    load_demo()
    org = Organisation.objects.get(slug="bophloi")
    office = Unit.objects.get(organisation=org, name_th="สำนักปลัดเทศบาล")
    assert len(chain.unit_and_descendants(office)) == 3
    general = Unit.objects.get(organisation=org, name_th="ฝ่ายบริหารงานทั่วไป")
    assert chain.head_of_unit(general).title_th == "หัวหน้าฝ่ายบริหารงานทั่วไป"


def test_demo_is_idempotent():
    load_demo()
    counts = (Organisation.objects.count(), Person.objects.count(), User.objects.count())
    load_demo()
    assert (Organisation.objects.count(), Person.objects.count(), User.objects.count()) == counts
    seed_people = {"ณภัทร", "จรัสศรี", "พอลาณ", "ชุต", "ณัฏภัทร", "ชัยเชษฐ"}
    assert seed_people <= set(
        Person.objects.filter(organisation__slug="bophloi").values_list("first_name", flat=True)
    )
