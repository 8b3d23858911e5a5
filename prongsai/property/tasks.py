"""Background work of the property app: importing an XLSX register (a big file must not hold a request)."""

from django.db import transaction
from django_tasks import task

from prongsai.core import audit, jobs, sheets
from prongsai.core.models import Job
from prongsai.property import register


@task
@jobs.tracked
def import_register(job: Job) -> dict:
    """All rows or none: any bad row is reported and nothing is saved (so a failed run can be
    run again)."""
    try:
        with job.upload.open("rb") as fh:
            rows = register.read_xlsx(fh)
    except sheets.SheetError as exc:
        if exc.limit:  # over a limit (size, rows, a zip bomb): the message names it
            return {"imported": 0, "errors": [str(exc)]}
        return {"imported": 0, "unreadable": True, "errors": []}
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        return {"imported": 0, "unreadable": True, "errors": []}  # the page says it in the reader's language
    result = register.parse_rows(job.organisation, rows)
    if result.errors:
        return {"imported": 0, "errors": [str(e) for e in result.errors]}
    with audit.acting_as(job.created_by or "property import"), transaction.atomic():
        return {"imported": register.save_import(result), "errors": []}
