"""An organisation's public pages print one digit style: Thai by default, Arabic if it chose so.

The walk visits every public page of an organisation (URLs with `org_slug`, from the resolver,
filled from each app's `tests/tenancy.py` rows), as a visitor and as a signed-in member, and reads
the visible text with an HTML parser of its own. Numbers that are not figures (web and e-mail
addresses, Latin codes such as "O12", receipt codes marked `data-digits="as-is"`) keep their digits.
"""

import re

import pytest
from django.urls import reverse

from prongsai.core.tests.test_tenant_isolation import discover, kwargs_for, two_orgs  # noqa: F401
from prongsai.core.tests.test_thai_words import NOT_INTERFACE, SKIPPED, VisibleText
from prongsai.thai.page_digits import arabic_digits_in_page, thai_digits_in_text

ARABIC_FIGURE = re.compile(r"(?<![A-Za-z0-9#&_])[0-9]+(?![A-Za-z0-9_])")
THAI_DIGIT = re.compile("[๐-๙]")


class FiguresText(VisibleText):
    """Visible text, less what keeps its digits on purpose (`data-digits="as-is"`, typed text)."""

    def __init__(self):
        super().__init__()
        self._as_is: list[list] = []

    def handle_starttag(self, tag, attrs):
        if self._as_is and self._as_is[-1][0] == tag:
            self._as_is[-1][1] += 1
        elif tag == "textarea" or dict(attrs).get("data-digits") == "as-is":
            self._as_is.append([tag, 1])
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if self._as_is and self._as_is[-1][0] == tag:
            self._as_is[-1][1] -= 1
            if not self._as_is[-1][1]:
                self._as_is.pop()
        super().handle_endtag(tag)

    def handle_data(self, data):
        if not self._as_is:
            super().handle_data(data)


def visible(html: str) -> str:
    reader = FiguresText()
    reader.feed(html)
    return NOT_INTERFACE.sub(" ", " ".join(reader.parts))


def arabic_figures(html: str) -> list[str]:
    text = visible(html)
    return [text[max(0, m.start() - 25) : m.end() + 10] for m in ARABIC_FIGURE.finditer(text)]


def public_pages(org_a, org_b):
    for name, names in discover():
        if "org_slug" in names:
            yield reverse(name, kwargs=kwargs_for(names, org_a, org_b, use_b=False))


def html_of(response) -> str | None:
    if response.status_code != 200 or response.streaming:
        return None
    if "text/html" not in response.get("Content-Type", ""):
        return None
    return response.content.decode()


def test_figures_in_words_turn_thai_and_codes_do_not():
    page = (
        '<p class="a1">คะแนน 79.58 จาก 100 (1,234.50 บาท)</p><a href="/x/2569/">ปี 2569</a>'
        "<script>var a = 1;</script><textarea>12</textarea><code>sha 34</code><p>“< 3”</p>"
        '<p>ข้อ O12, ITA2569 · a1@b2.go.th · https://x.go.th/a/123 · &#x27;5&#39;</p>'
        '<span data-digits="as-is">AB12-3456</span><input value="12"><!-- 7 -->'
    )
    assert thai_digits_in_text(page) == (
        '<p class="a1">คะแนน ๗๙.๕๘ จาก ๑๐๐ (๑,๒๓๔.๕๐ บาท)</p><a href="/x/2569/">ปี ๒๕๖๙</a>'
        "<script>var a = 1;</script><textarea>12</textarea><code>sha 34</code><p>“< ๓”</p>"
        '<p>ข้อ O12, ITA2569 · a1@b2.go.th · https://x.go.th/a/123 · &#x27;๕&#39;</p>'
        '<span data-digits="as-is">AB12-3456</span><input value="12"><!-- 7 -->'
    )
    assert len(arabic_figures(page)) == 9  # 79 58 100 1 234 50 2569 3 5: the check sees them
    assert arabic_figures(thai_digits_in_text(page)) == []


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_every_public_page_prints_thai_figures(two_orgs, client, signed_in):  # noqa: F811
    org_a, org_b = two_orgs
    if not signed_in:
        client.logout()
    found, walked = {}, 0
    for url in public_pages(org_a, org_b):
        html = html_of(client.get(url))
        if html is None:
            continue
        walked += 1
        if figures := arabic_figures(html):
            found[url] = figures[:3]
    assert walked > 25
    listed = "\n".join(f"{url}: {figures}" for url, figures in sorted(found.items()))
    assert not found, f"Arabic digits in the words of Thai public pages:\n{listed}"


def test_a_receipt_code_keeps_the_digits_a_person_types_back():
    page = '<p class="big complaints-code" id="receipt-code" data-digits="as-is">7K2M-4821-9QX3-0005</p>'
    assert thai_digits_in_text(page) == page


def test_english_pages_are_left_and_arabic_organisations_read_arabic(two_orgs, client):  # noqa: F811
    org_a, org_b = two_orgs
    client.logout()
    urls = list(public_pages(org_a, org_b))
    client.cookies["django_language"] = "en"
    english = [html_of(client.get(url)) for url in urls]
    words = [re.sub(r"<[^>]+>", " ", html) for html in english if html]  # lang="en" pages
    assert sum(bool(ARABIC_FIGURE.search(text)) for text in words) > 10
    del client.cookies["django_language"]
    org_a.official_digits = "arabic"
    org_a.save()
    walked = 0
    for url in urls:
        html = html_of(client.get(url))
        if html is None:
            continue
        walked += 1
        assert not THAI_DIGIT.search(visible(html)), url
    assert walked > 25


def test_skipped_elements_match_the_converter():
    for tag in SKIPPED:
        if tag == "template":
            continue
        page = f"<{tag}>12</{tag}>"
        assert thai_digits_in_text(page) == page


def test_a_kept_element_ends_at_its_own_closing_tag():
    page = '<div data-digits="as-is"><div>1</div>2</div>3<br/>4'
    assert thai_digits_in_text(page) == '<div data-digits="as-is"><div>1</div>2</div>๓<br/>๔'
    assert arabic_digits_in_page('<p title="๑">ปี ๒๕๖๙</p>') == '<p title="1">ปี 2569</p>'
