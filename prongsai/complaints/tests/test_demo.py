import pytest

from prongsai.complaints import demo
from prongsai.complaints.models import Complaint
from prongsai.core.tests.factories import make_org, make_unit

pytestmark = pytest.mark.django_db


def test_demo_loads_once():
    org = make_org("bophloi")
    make_unit(org, "สำนักปลัดเทศบาล")
    demo.load({"bophloi": org})
    demo.load({"bophloi": org})
    assert Complaint.objects.for_org(org).count() == 3
    assert Complaint.objects.for_org(org).filter(state="screening").count() == 1
