"""Publishing an approved measures memo, sealed file and all, to its OIT item in one click.

The item is found in the year's framework (the catalogue), never by a fixed code: "มาตรการส่งเสริม
คุณธรรมและความโปร่งใสภายในหน่วยงาน" was o42 in 2565 and 2563–2567 renumber it; 2568 folds the
measures into the anti-corruption action plan ("แผนปฏิบัติการป้องกันการทุจริต"). The title must
*begin* the item's title: o43 ("การดำเนินการตามมาตรการ…") holds the same words later on.
The published file is the sealed PDF itself, byte for byte, so the portal's copy verifies too.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from prongsai.disclosure.publishing import publish
from prongsai.documents import measures
from prongsai.documents.models import Document, Status
from prongsai.ita.framework import FrameworkError
from prongsai.ita.results import framework_for

MEASURES_TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
PLAN_TITLE = "แผนปฏิบัติการป้องกันการทุจริต"


def measures_item(fiscal_year: int):
    """The year's OIT item for the measures (ValueError, Thai and English, when it has none)."""
    try:
        items = framework_for(fiscal_year).oit_items
    except FrameworkError as exc:
        raise ValueError(f"{exc.message_th} ({exc.message_en})") from None
    for wanted in (MEASURES_TITLE, PLAN_TITLE):
        for item in items:
            if item.title_th.strip().startswith(wanted):
                return item
    raise ValueError(
        f"กรอบการประเมินปี {fiscal_year} ไม่มีข้อมาตรการส่งเสริมคุณธรรมและความโปร่งใส "
        f"(the {fiscal_year} framework has no item for the measures)"
    )


def publishable(document: Document) -> bool:
    return (
        document.status == Status.APPROVED and document.document_type.code == measures.KIND
        and bool(document.pdf_sha256)
    )  # fmt: skip


def publish_memo(document: Document, user):
    """Put the sealed PDF under the year's measures item; ValueError when it cannot be."""
    if document.status != Status.APPROVED or document.document_type.code != measures.KIND:
        raise ValueError(_("Only an approved measures memo is published here."))
    if not document.pdf_sha256 or not document.pdf or not default_storage.exists(document.pdf):
        raise ValueError(_("The sealed final PDF is not made yet; wait for it, then publish."))
    item = measures_item(document.fiscal_year)
    with default_storage.open(document.pdf, "rb") as fh:
        content = fh.read()
    return publish(
        document.organisation, fiscal_year=document.fiscal_year, item_code=item.code,
        title=document.subject, content=content,
        filename=f"measures-{document.fiscal_year}-v{document.version}.pdf", user=user,
    )  # fmt: skip
