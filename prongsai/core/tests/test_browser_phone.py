"""Phone-ready and no 500s (issue 17): every public and staff page on a 390 × 844 phone, then at 1280 px.

The pages come from the resolver (`walk.py`), each opened as a login that may open it, in one
browser with one context per login. On the phone no page may scroll sideways
(`document.scrollingElement.scrollWidth <= innerWidth`); at either width no page may answer 5xx
or log a console error (a CSP refusal, a missing file, a script error).
"""

from __future__ import annotations

import time

import pytest

from prongsai.core.demo import load_demo
from prongsai.core.models import Organisation
from prongsai.core.tests.walk import open_as, walk_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# URLs the demo cannot open for anyone, each for a reason of its own (they still must not answer 5xx):
# files of rows that carry none (a download answers 404 without its file), the page of a job when no
# job of its kind ran, and the form of a step update that only its author opens once it is returned.
NOT_OPENED = {
    "plans:evidence", "plans_public:evidence", "documents:download_pdf", "documents:download_docx",
    "disclosure:file", "disclosure_public:file", "disclosure_public:photo", "participation_public:document",
    "documents:received_file",
    "ita:job", "property:import_job", "plans:update_edit",
}


def _open_all(browser, base_url, walk, viewport) -> tuple[list[str], int]:
    """Open every HTML page of the walk at one width; the problems found and the pages opened."""
    problems, opened = [], 0
    by_who: dict[str, list] = {}
    for visit in walk.visits:
        if visit.is_page:
            by_who.setdefault(visit.who, []).append(visit)
    for who, visits in by_who.items():
        context = open_as(browser, base_url, walk.sessions.get(who), viewport)
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.on("response", lambda r, errors=errors: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
        for visit in visits:
            errors.clear()
            response = page.goto(visit.url, wait_until="load")
            opened += 1
            where = f"{visit.url} as {who} at {viewport['width']} px"
            if response is None or response.status >= 500:
                problems.append(f"{where}: answered {response.status if response else 'nothing'}")
                continue
            if viewport is PHONE:
                wide, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
                if wide > inner:
                    problems.append(f"{where}: the page scrolls sideways ({wide} > {inner})")
            problems += [f"{where}: console error {text}" for text in errors]
        context.close()
    return problems, opened


def test_every_page_fits_a_phone_and_none_fails_on_a_desktop(live_server, browser, capsys, settings):
    settings.API_PUBLIC_RATE_PER_MINUTE = settings.API_TOKEN_RATE_PER_MINUTE = 10**6  # a walk, not a flood
    started = time.perf_counter()
    load_demo()
    walk = walk_site(Organisation.objects.get(slug="bophloi"))
    asked = time.perf_counter()
    assert not walk.server_errors, "\n".join(walk.server_errors)
    assert not walk.unfilled, f"patterns the walk could not fill: {walk.unfilled}"
    assert set(walk.refused) <= NOT_OPENED, f"pages no login may open: {set(walk.refused) - NOT_OPENED}"
    pages = [v for v in walk.visits if v.is_page]
    assert len(pages) >= 120, f"the walk found only {len(pages)} pages"
    assert {v.who for v in pages} >= {"citizen", "analyst", "complaints", "admin"}

    phone, on_phone = _open_all(browser, live_server.url, walk, PHONE)
    desktop, on_desktop = _open_all(browser, live_server.url, walk, DESKTOP)
    with capsys.disabled():
        print(f"\nphone walk: {len(walk.visits)} URLs asked in {asked - started:.0f} s, {on_phone} pages at "
              f"390 px and {on_desktop} at 1280 px in {time.perf_counter() - asked:.0f} s")
    assert not phone, f"{len(phone)} problems on a phone:\n" + "\n".join(phone)
    assert not desktop, f"{len(desktop)} problems on a desktop:\n" + "\n".join(desktop)
