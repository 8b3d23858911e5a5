"""My work, every role, on the demo: each list holds what the demo data implies, each link opens
for that person, and `prongsai work --user U --format json` lists the same entries."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from prongsai.core.demo import load_demo
from prongsai.core.models import Organisation, User
from prongsai.core.tests.factories import login_verified
from prongsai.disclosure.catalogue import ready_item_ids
from prongsai.disclosure.models import ContactMessage, Item
from prongsai.participation.models import Comment, CommentStatus
from prongsai.plans.models import ReviewState, StepUpdate
from prongsai.property.models import Loan, LoanState
from prongsai.thai.fiscal import fiscal_year_of
from prongsai.workplace.entries import collect

pytestmark = pytest.mark.django_db


def _urls(entries, kind: str) -> set[str]:
    return {e.url for e in entries if e.kind == kind}


def _implied(org: Organisation) -> dict[str, dict[str, set[str]]]:
    """What the demo's rows say each person must find, worked out from the rows, not the code."""
    today = timezone.localdate()
    year = fiscal_year_of(today)
    ready = ready_item_ids(org, year)
    missing = {
        f"/staff/disclosure/{year}/items/{i.pk}/" for i in Item.objects.for_org(org).filter(year=year)
        if i.pk not in ready
    }  # fmt: skip
    unanswered = {
        f"/staff/disclosure/messages/{m.pk}/": m.executive.person.user.username
        for m in ContactMessage.objects.for_org(org).filter(answered_at__isnull=True)
    }
    to_review = {
        f"/staff/plans/steps/{u.step_id}/"
        for u in StepUpdate.objects.for_org(org).filter(state=ReviewState.SUBMITTED)
    }
    pending = {
        f"/staff/participation/consultations/{c.consultation_id}/"
        for c in Comment.objects.for_org(org).filter(status=CommentStatus.PENDING)
    }
    requested = {
        loan.get_absolute_url() for loan in Loan.objects.for_org(org).filter(state=LoanState.REQUESTED)
    }
    on_loan = {
        loan.get_absolute_url(): loan.borrower.user.username
        for loan in Loan.objects.for_org(org).filter(state=LoanState.ON_LOAN, ends_on__lte=today)
    }
    return {
        "mayor": {"disclosure.answer": {u for u, who in unanswered.items() if who == "mayor"}},
        "clerk": {"disclosure.answer": set(unanswered), "plans.review": to_review,
                  "disclosure.publish": missing, "participation.moderate": pending},
        "analyst": {"disclosure.publish": missing, "participation.moderate": pending,
                    "property.return": {u for u, who in on_loan.items() if who == "analyst"}},
        "finance": {"property.approve": requested, "property.chase": set(on_loan)},
    }  # fmt: skip


def test_every_demo_role_finds_what_the_demo_implies_and_each_link_opens():
    load_demo()
    org = Organisation.objects.get(slug="bophloi")
    implied = _implied(org)
    for username in ("analyst", "clerk", "mayor", "finance"):
        assert any(implied[username].values()), f"the demo implies nothing for {username}"
    seen_kinds = set()
    for user in User.objects.filter(organisation=org, is_active=True).select_related("person__position"):
        entries = collect(user)
        for kind, urls in implied.get(user.username, {}).items():
            assert urls <= _urls(entries, kind), (user.username, kind)
        if "complaints_officer" not in (user.person.position.roles or []):
            assert not _urls(entries, "complaints.case"), user.username
        assert all(e.title and e.url.startswith("/staff/") for e in entries)
        client = login_verified(Client(), user)  # roles such as the clerk's need the second factor
        for url in sorted({e.url for e in entries}):
            assert client.get(url).status_code == 200, (user.username, url)
        page = client.get("/staff/work/")
        assert page.status_code == 200 and len(page.context["page"].object_list) == min(len(entries), 50)
        seen_kinds |= {e.kind for e in entries}
    assert {"disclosure.answer", "plans.review", "property.approve", "property.chase"} <= seen_kinds


def test_the_command_lists_the_same_entries_as_the_page():
    load_demo()
    for username in ("analyst", "clerk", "mayor", "finance"):
        out = StringIO()
        call_command("work", "--user", username, "--format", "json", stdout=out)
        listed = json.loads(out.getvalue())
        expected = [e.to_dict() for e in collect(User.objects.get(username=username))]
        assert listed["user"] == username and listed["entries"] == expected and expected, username
        assert set(expected[0]) == {"kind", "title", "due", "working_days_left", "url"}
