"""Background work of the ITA app: importing a results file with progress."""

from django_tasks import task

from prongsai.core import audit, jobs
from prongsai.core.models import Job
from prongsai.ita import results, tabular


@task
@jobs.tracked
def import_results(job: Job) -> dict:
    """Safe to run again: each row replaces the organisation's result for that year."""
    with job.upload.open("rb") as fh:
        data = fh.read(tabular.LIMITS.max_bytes + 1)  # one byte over the limit is enough to refuse
    with audit.acting_as(job.created_by or "import"):
        report = results.import_file(
            data,
            job.payload.get("filename", job.upload.name),
            progress=lambda done, total: jobs.progress(job, done, total),
        )
    return report.to_dict()
