"""Plans rows for the tenant-isolation walk (fiscal year 2564, as every app dates its yearly rows)."""

from prongsai.core.tests.factories import make_staff, make_unit
from prongsai.plans.tests.factories import make_evidence, make_measure, make_plan, make_step, make_update


def populate(org, marker: str) -> None:
    unit = make_unit(org, f"กอง{marker}")
    author = make_staff(org, roles=("unit_head",))
    plan = make_plan(org, 2564, title=f"แผน {marker}", published=True)
    measure = make_measure(plan, 1, title=f"มาตรการ {marker}", units=[unit])
    step = make_step(measure, unit, text=f"ขั้นตอน {marker}")
    update = make_update(step, author, text=f"ผลงาน {marker}", date=measure.start, state="accepted")
    make_evidence(update, name=f"หลักฐาน {marker}", is_public=True)
