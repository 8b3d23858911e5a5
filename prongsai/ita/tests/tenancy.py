"""ITA rows for the tenant-isolation walk."""

from decimal import Decimal

from prongsai.ita.models import Result


def populate(org, marker: str) -> None:
    scores = {f"indicator_{n}": Decimal("80.00") for n in range(1, 11)}
    Result.objects.create(organisation=org, year=2564, total=Decimal("80.00"), rating=f"{marker}B", **scores)
