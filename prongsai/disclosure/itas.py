"""The ITAS table: each OIT item of a year with the URL(s) to type into the NACC's form.

The first URL of an item is its page on this site (it always answers and lists every current
publication); the current publications' own URLs follow, for items that need a direct link.
"""

from __future__ import annotations

from django.urls import reverse

from prongsai.core import sheets
from prongsai.disclosure.catalogue import current_and_history
from prongsai.disclosure.models import Item, Publication

HEADER = ["ข้อ (item)", "ชื่อข้อมูล (title)", "สถานะ (status)", "URL"]


def publication_url(publication: Publication, organisation) -> str:
    if publication.url:
        return publication.url
    if publication.file:
        return reverse(
            "disclosure_public:file", kwargs={"org_slug": organisation.slug, "publication_id": publication.pk}
        )
    return ""


def rows(organisation, year: int, base_url: str) -> list[dict]:
    base = base_url.rstrip("/")
    items = list(Item.objects.for_org(organisation).filter(year=year))
    publications: dict[int, list[Publication]] = {}
    for p in Publication.objects.for_org(organisation).filter(item__year=year).order_by("-publish_at", "-pk"):
        publications.setdefault(p.item_id, []).append(p)
    result = []
    for item in items:
        current, _history, _scheduled = current_and_history(publications.get(item.pk, []))
        page = base + reverse(
            "disclosure_public:item",
            kwargs={"org_slug": organisation.slug, "year": year, "item_code": item.code},
        )
        urls = [page] + [
            (u if u.startswith("http") else base + u)
            for p in current
            if (u := publication_url(p, organisation))
        ]
        result.append({"code": item.code, "title": item.title_th, "ready": bool(current), "urls": urls})
    return result


def _cells(row: dict) -> list[str]:
    return [row["code"], row["title"], "พร้อม (ready)" if row["ready"] else "ยังไม่มี (missing)", *row["urls"]]


def to_csv(table: list[dict]) -> bytes:
    return sheets.csv_bytes([HEADER, *(_cells(row) for row in table)])


def to_xlsx(table: list[dict], year: int) -> bytes:
    rows = [HEADER, *(_cells(row) for row in table)]
    return sheets.xlsx_bytes({f"OIT {year}": rows}, widths={"B": 60, "D": 70})
