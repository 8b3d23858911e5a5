"""The providers as they were written through the ORM, kept as the reference that the hand-written
SQL of each `<app>/work.py` must match (docs/adr/0005): every module here is that provider's
`work_for` before the SQL, unchanged, so a test compares both lists entry by entry."""

from __future__ import annotations

from prongsai.workplace.entries import _sort_key, viewer_for
from prongsai.workplace.tests.reference import (
    complaints,
    disclosure,
    documents,
    participation,
    plans,
    property,
)

PROVIDERS = (documents, plans, complaints, property, participation, disclosure)


def collect(user, today=None) -> list:
    if not user.is_authenticated or user.organisation_id is None or not user.is_active:
        return []
    viewer = viewer_for(user, today)
    found = []
    for provider in PROVIDERS:
        found += provider.work_for(viewer)
    return sorted(found, key=_sort_key)
