"""Background work of the ITA app: importing a results file with progress."""

from prongsai.core import audit
from prongsai.core.jobs import handler, job_progress
from prongsai.core.models import Job
from prongsai.ita import results, tabular


@handler("ita.import")
def import_job(job: Job) -> dict:
    with job.upload.open("rb") as fh:
        data = fh.read(tabular.LIMITS.max_bytes + 1)  # one byte over the limit is enough to refuse
    with audit.acting_as(job.created_by or "import"):
        report = results.import_file(
            data,
            job.payload.get("filename", job.upload.name),
            progress=lambda done, total: job_progress(job, done, total),
        )
    return report.to_dict()
