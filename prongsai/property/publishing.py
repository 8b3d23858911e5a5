"""The usage rules (คู่มือการใช้ทรัพย์สินของทางราชการ) on the disclosure portal.

Measure 1 of the seed ends in publishing the manual on the website; OIT lists it under
"คู่มือหรือมาตรฐานการปฏิบัติงาน" (o13 in 2565, o14 in 2566; "คู่มือหรือแนวทางการปฏิบัติงานของ
เจ้าหน้าที่", o8, in 2568), found here by title because the numbering changes. The publication
links to the public rules page, which always shows the current version.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.urls import reverse

from prongsai.disclosure.publishing import item_code_titled, publish
from prongsai.property.models import UsageRules
from prongsai.thai.fiscal import fiscal_year_of

ITEM_TITLE = "คู่มือหรือมาตรฐานการปฏิบัติงาน"
ITEM_TITLE_2568 = "คู่มือหรือแนวทางการปฏิบัติงาน"


def item_code(fiscal_year: int) -> str:
    return item_code_titled(fiscal_year, ITEM_TITLE, ITEM_TITLE_2568)


def publish_rules(rules: UsageRules, today: date, user=None):
    year = fiscal_year_of(today)
    path = reverse("property_public:rules", kwargs={"org_slug": rules.organisation.slug})
    return publish(
        rules.organisation, fiscal_year=year, item_code=item_code(year),
        title=f"{rules.title} (ฉบับที่ {rules.version})", url=settings.SITE_URL.rstrip("/") + path, user=user,
    )  # fmt: skip
