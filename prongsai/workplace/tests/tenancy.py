"""Workplace rows for the tenant-isolation walk: a linked LINE account of the organisation."""

from prongsai.core.tests.factories import make_staff
from prongsai.workplace.models import LineAccount


def populate(org, marker: str) -> None:
    user = make_staff(org, roles=("staff",), first=f"{marker}ไลน์")
    LineAccount.objects.create(organisation=org, user=user, line_user_id=f"U{marker}")
