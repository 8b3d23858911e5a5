"""Publish the yearly participation report to the disclosure portal in one action.

OIT has an item on opening the organisation to participation ("การเปิดโอกาสให้เกิดการมีส่วนร่วม",
o33 in 2565, o30 in 2566); it is found by title in the fiscal year's framework because the
numbering changes. The publication links to the public report page, which stays current.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from prongsai.disclosure.publishing import item_code_titled, publish

ITEM_TITLE = "การเปิดโอกาสให้เกิดการมีส่วนร่วม"


def report_item_code(fiscal_year: int) -> str:
    return item_code_titled(fiscal_year, ITEM_TITLE)


def publish_report(organisation, fiscal_year: int, user=None):
    path = reverse("participation_public:report", kwargs={"org_slug": organisation.slug, "year": fiscal_year})
    return publish(
        organisation, fiscal_year=fiscal_year, item_code=report_item_code(fiscal_year),
        title=f"รายงานผลการเปิดโอกาสให้ประชาชนมีส่วนร่วม ประจำปีงบประมาณ พ.ศ. {fiscal_year}",
        url=settings.SITE_URL.rstrip("/") + path, user=user,
    )  # fmt: skip
