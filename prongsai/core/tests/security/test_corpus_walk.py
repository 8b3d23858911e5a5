"""Push the payload corpus through every page, form and query parameter the project has.

Pages are discovered from the URL resolver (as the tenant-isolation walk does) and fetched as a
member holding every role; each form found in the HTML is posted back with the corpus, one field at
a time (so view code past validation is reached too) and all fields at once. Whatever comes back
must not be a 500, and an HTML answer must show the payload inert (escaped, never live markup).
"""

from __future__ import annotations

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse

from prongsai.core.tests.factories import login_verified, make_org, make_staff
from prongsai.core.tests.security import corpus
from prongsai.core.tests.security.forms import forms_of
from prongsai.core.tests.test_tenant_isolation import ALL_ROLES, discover, kwargs_for, populate_every_app

# Fields that only steer the walk away (signing out, switching language) or stand for a file.
SKIP_NAMES = {"logout", "set_language"}
# One field at a time (the rest valid) reaches view code past validation; every field at once
# covers the rest of the corpus. Both kept short: the walk posts every form of the project.
PER_FIELD = [corpus.HUGE[0], corpus.XSS[1]]
ALL_FIELDS = [corpus.XSS[0], corpus.XSS[2], corpus.FORMULAS[0], corpus.HUGE[1], corpus.HUGE[3],
              corpus.LONG[0], corpus.THAI[0], corpus.CRLF[1]]  # fmt: skip
SAMPLE = {"date": "2022-01-15", "number": "1", "email": "a@example.com", "url": "https://example.com"}
QUERY_NAMES = ["page", "year", "fy", "q", "month", "unit", "status", "item", "items", "number", "sort",
               "kind", "months", "page_size", "fiscal_year"]  # fmt: skip


@pytest.fixture
def walker(db, client):
    org, other = make_org("org-a"), make_org("org-b")
    populate_every_app(org, "QQORGAQQ")
    populate_every_app(other, "ZZORGBZZ")
    user = make_staff(org, roles=ALL_ROLES)
    client.raise_request_exception = False  # a crash is a 500 to report, not the end of the walk
    login_verified(client, user)
    return org, other


def body_of(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    # A file answer keeps its file open until closed; closing sends request_finished, which must
    # not close the test's database connection (as the test client itself takes care to avoid).
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    return raw.decode("utf-8", "replace")


def problem(response) -> str:
    """What is wrong with an answer to a hostile request, or "" when nothing is."""
    if response.status_code >= 500:
        return f"status {response.status_code}"
    html = body_of(response)
    if "html" in response.get("Content-Type", ""):
        live = [m for m in corpus.LIVE_MARKUP if m in html]
        if live:
            return f"live markup {live}"
    return ""


class Findings(list):
    def check(self, response, what: str) -> None:
        found = problem(response)
        if found:
            self.append(f"{what}: {found}")

    def assert_none(self):
        assert not self, "\n".join(dict.fromkeys(self))


def filled(form) -> dict[str, str]:
    data = {}
    for f in form.fields:
        data[f.name] = f.default or (SAMPLE.get(f.kind, "ทดสอบ ข้อความ") if f.kind != "hidden" else "")
    data.pop("csrfmiddlewaretoken", None)
    return data


def send(client, form, url, data):
    target = form.action or url
    if form.method == "post":
        return client.post(target, data)
    return client.get(target, data)


def pages(org, other) -> list:
    """Every page's address, worked out before any form is posted (a delete form removes rows)."""
    return [
        (name, names, reverse(name, kwargs=kwargs_for(names, org, other, use_b=False)))
        for name, names in discover()
        if name not in SKIP_NAMES
    ]


def test_every_form_survives_the_corpus(walker, client):
    org, other = walker
    posted, findings = set(), Findings()
    forms_seen = 0
    for _name, _names, url in pages(org, other):
        response = client.get(url)
        findings.check(response, url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_of(body_of(response)):
            key = (form.action or url, form.method, tuple(sorted(f.name for f in form.fields)))
            if key in posted or any(s in (form.action or "") for s in ("/logout", "/i18n/")):
                continue
            posted.add(key)
            forms_seen += 1
            base = filled(form)
            for field in form.fields:
                if field.name == "csrfmiddlewaretoken" or field.kind == "submit":
                    continue
                for payload in PER_FIELD:
                    answer = send(client, form, url, {**base, field.name: payload})
                    findings.check(answer, f"{url} {field.name}={payload[:20]!r}")
            for payload in ALL_FIELDS:
                every = {k: (v if k == "csrfmiddlewaretoken" else payload) for k, v in base.items()}
                findings.check(send(client, form, url, every), f"{url} all fields={payload[:20]!r}")
    findings.assert_none()
    assert forms_seen >= 20


def test_every_page_survives_hostile_query_parameters(walker, client):
    org, other = walker
    findings = Findings()
    for _name, _names, url in pages(org, other):
        for payload in [corpus.HUGE[0], corpus.HUGE[2], corpus.XSS[0]]:
            findings.check(client.get(url, {q: payload for q in QUERY_NAMES}), f"{url}?…={payload[:20]!r}")
    findings.assert_none()


def test_huge_numbers_in_addresses_are_not_found(walker, client):
    org, other = walker
    findings = Findings()
    for name, names, _url in pages(org, other):
        numeric = [n for n in names if n.endswith("_id") or n == "year"]
        for n in numeric:
            kwargs = kwargs_for(names, org, other, use_b=False)
            for huge in (10**30, 2**63, 2**31):
                kwargs[n] = huge
                url = reverse(name, kwargs=kwargs)
                findings.check(client.get(url), url)
    findings.assert_none()


def test_the_walk_would_see_a_live_payload_or_a_crash():
    """The checks are not blind: raw markup and a 500 are reported, escaped markup is not."""
    from django.http import HttpResponse
    from django.utils.html import escape

    for payload in corpus.XSS[:3]:
        assert (
            problem(HttpResponse(f"<p>{payload}</p>"))
            == f"live markup {[m for m in corpus.LIVE_MARKUP if m in payload]}"
        )
        assert problem(HttpResponse(f"<p>{escape(payload)}</p>")) == ""
    assert problem(HttpResponse("", status=500)) == "status 500"
