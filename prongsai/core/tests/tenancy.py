"""Rows of every core model for the tenant-isolation walk (see test_tenant_isolation.py)."""

from prongsai.core.models import Job
from prongsai.core.notifications import notify
from prongsai.core.tests.factories import make_person, make_position, make_staff, make_unit


def populate(org, marker: str) -> None:
    unit = make_unit(org, name=f"{marker} กองคลัง")
    chief = make_position(org, title=f"{marker} ผู้อำนวยการ", unit=unit, is_executive=True)
    make_person(org, first=f"{marker}สมชาย", last="ใจซื่อ", position=chief, phone="0-3459-1234")
    Job.objects.create(organisation=org, kind="ita.import", payload={"filename": f"{marker}.csv"})
    notify(org, [make_staff(org, roles=("staff",))], f"{marker} มีงานรอตรวจ", kind="test")
