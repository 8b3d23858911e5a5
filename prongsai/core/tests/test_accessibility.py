"""Accessibility of the key pages (issue 17): axe-core finds no serious or critical violation, the
phone menu works from the keyboard, and the focus outline stands out 3:1 from what is behind it.

axe-core comes from the npm registry (package.json at the repository's root; `make test` runs
`npm ci`) and is injected by Playwright. Without it a developer's run skips; CI fails, as for Chromium.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from prongsai.core.demo import load_demo
from prongsai.core.models import Organisation, User
from prongsai.core.tests.walk import open_as, session_of
from prongsai.ita.models import Result
from prongsai.thai.fiscal import fiscal_year_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(django_settings.BASE_DIR).parent / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.impact} ${v.id}: ${v.help} at `
              + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""
# The colour of the focus outline and of the first opaque background behind the focused element.
FOCUS_COLOURS = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  let node = el.parentElement, behind = "rgb(255, 255, 255)";
  while (node) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && bg !== "transparent" && !bg.startsWith("rgba(0, 0, 0, 0")) { behind = bg; break; }
    node = node.parentElement;
  }
  return {tag: el.tagName, text: el.textContent.trim().slice(0, 40), style: style.outlineStyle,
          width: parseFloat(style.outlineWidth), outline: style.outlineColor, behind};
}"""


@pytest.fixture
def axe_script():
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"axe-core is required in CI: npm ci ({AXE} is missing)")
        pytest.skip("axe-core is not installed (npm ci)")
    return str(AXE)


def _luminance(colour: str) -> float:
    red, green, blue = (int(c) / 255 for c in re.findall(r"\d+", colour)[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, two: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def key_pages(organisation) -> list[tuple[str, str]]:
    """(who, URL) of the key pages: the citizen's, then the analyst's."""
    slug = {"org_slug": organisation.slug}
    year = fiscal_year_of(timezone.localdate())
    analysed = Result.objects.for_org(organisation).order_by("-year").values_list("year", flat=True).first()
    return [
        ("citizen", reverse("public:home", kwargs=slug)),
        ("citizen", reverse("disclosure_public:index", kwargs=slug)),
        ("citizen", reverse("disclosure_public:year", kwargs={**slug, "year": year})),
        ("citizen", reverse("complaints_public:index", kwargs=slug)),
        ("analyst", reverse("core:dashboard")),
        ("analyst", reverse("documents:index")),
        ("analyst", reverse("plans:index")),
        ("analyst", reverse("property:index")),
        ("analyst", reverse("ita:analysis", kwargs={"year": analysed})),
    ]


def test_key_pages_have_no_serious_or_critical_violations(live_server, browser, axe_script):
    load_demo()
    organisation = Organisation.objects.get(slug="bophloi")
    sessions = {"citizen": None, "analyst": session_of(User.objects.get(username="analyst"), organisation)}
    found, checked = [], 0
    for viewport in (DESKTOP, PHONE):
        for who, session in sessions.items():
            # The CSP (rightly) refuses an injected script; the check's own context bypasses it.
            context = open_as(browser, live_server.url, session, viewport, bypass_csp=True)
            page = context.new_page()
            for owner, url in key_pages(organisation):
                if owner != who:
                    continue
                response = page.goto(url)
                assert response.status == 200, f"{url} as {who}: {response.status}"
                page.add_script_tag(path=axe_script)
                found += [f"{url} as {who} at {viewport['width']} px: {v}" for v in page.evaluate(RUN_AXE)]
                checked += 1
            context.close()
    assert checked == 2 * len(key_pages(organisation))
    assert not found, f"{len(found)} serious or critical violations:\n" + "\n".join(found)


def test_the_phone_menu_works_from_the_keyboard_with_a_visible_focus(live_server, browser):
    load_demo()
    organisation = Organisation.objects.get(slug="bophloi")
    session = session_of(User.objects.get(username="analyst"), organisation)
    context = open_as(browser, live_server.url, session, PHONE)
    page = context.new_page()
    page.goto(reverse("core:dashboard"))
    menu, toggle = page.locator("#site-menu"), page.locator(".menu-toggle")
    assert toggle.is_visible() and not menu.is_visible()  # folded on a phone

    page.keyboard.press("Tab")  # the skip link comes first and shows itself
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator(".skip").is_visible()
    seen = []
    for _ in range(4):  # on to the menu button, checking each focus ring on the way
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUS_COLOURS))
        if page.evaluate("document.activeElement.classList.contains('menu-toggle')"):
            break
    assert seen[-1]["tag"] == "BUTTON", seen
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and menu.is_visible()
    page.keyboard.press("Tab")
    seen.append(page.evaluate(FOCUS_COLOURS))
    assert seen[-1]["tag"] == "A" and page.locator("#site-menu nav a").first.is_visible()
    page.keyboard.press("Escape")  # folds again and gives the focus back to the button
    assert not menu.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")

    # A link in the page's body: the ring on the page's own background.
    page.locator("main a").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    seen.append(page.evaluate(FOCUS_COLOURS))
    for focus in seen:
        assert focus["style"] != "none" and focus["width"] >= 2, focus
        assert contrast(focus["outline"], focus["behind"]) >= 3, focus
    assert page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")[0] <= PHONE["width"]
    context.close()
