"""Plain builders for property tests: items, rules, loans in any state."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from django.core.files.base import ContentFile

from prongsai.core.tests import samples
from prongsai.core.tests.factories import make_position, make_staff, make_unit
from prongsai.property import actions
from prongsai.property.models import Asset, AssetPhoto, Category, Loan, UsageRules

_n = itertools.count(1)
PNG = samples.picture("PNG")  # a picture Pillow decodes: uploads are drawn again from their pixels


def make_item(
    org, unit=None, *, code=None, name="เครื่องฉายภาพ", category=Category.EQUIPMENT, **fields
) -> Asset:
    n = next(_n)
    unit = unit or make_unit(org, name=f"กองทดสอบ {n}")
    return Asset.objects.create(
        organisation=org, unit=unit, code=code or f"416-64-{n:04d}", name=name, category=category, **fields
    )


def make_photo(item: Asset) -> AssetPhoto:
    photo = AssetPhoto(organisation=item.organisation, item=item, content_type="image/png", caption="ภาพ")
    photo.image.save("photo.png", ContentFile(PNG), save=True)
    return photo


def make_rules(org, text="ข้อ ๑ ผู้ยืมต้องดูแลทรัพย์สินของทางราชการ", **fields) -> UsageRules:
    version = (
        UsageRules.objects.for_org(org).order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    UsageRules.objects.for_org(org).update(is_current=False)
    defaults = {"title": "คู่มือการใช้ทรัพย์สินของทางราชการ", "text": text, "is_current": True}
    return UsageRules.objects.create(organisation=org, version=version, **{**defaults, **fields})


def make_office(org, unit_name="กองคลัง"):
    """A unit with its head (unit_head), a property officer and a clerk, as users."""
    unit = make_unit(org, name=unit_name)
    clerk = make_staff(org, roles=("clerk",))
    head = make_staff(org, roles=("unit_head",))
    head.person.position.unit = unit
    head.person.position.reports_to = clerk.person.position
    head.person.position.save()
    officer = make_staff(org, roles=("property_officer",))
    officer.person.position.unit, officer.person.position.reports_to = unit, head.person.position
    officer.person.position.save()
    return unit, head, officer, clerk


def make_borrower(org, supervisor=None):
    user = make_staff(org, roles=("staff",))
    if supervisor is not None:
        user.person.position.reports_to = supervisor.person.position
        user.person.position.save()
    return user


def make_loan(borrower_user, items, *, today=None, start=None, days=1, purpose="ประชุมประชาคม", **kw) -> Loan:
    org = borrower_user.organisation
    today = today or date.today()
    rules = actions.current_rules(org) or make_rules(org)
    start = start or today
    return actions.request_loan(
        borrower_user.person, list(items), starts_on=start, ends_on=start + timedelta(days=days - 1),
        purpose=purpose, today=today, rules_version=rules.version, **kw,
    )  # fmt: skip


def make_position_in(org, unit, roles=(), reports_to=None):
    return make_position(org, title=f"ตำแหน่ง {next(_n)}", unit=unit, roles=roles, reports_to=reports_to)
