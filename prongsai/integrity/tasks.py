"""Background work of the integrity app: the year's red flags of every organisation on the server."""

from django_tasks import task

from prongsai.integrity import redflags


@task
def compute_red_flags(fiscal_year: int) -> dict:
    """Safe to run again: the year's kept indicators are replaced whole (`redflags.store`)."""
    return {"fiscal_year": fiscal_year, "organisations": redflags.store(fiscal_year)}
