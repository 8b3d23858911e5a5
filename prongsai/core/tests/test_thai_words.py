"""Every page, rendered in Thai, shows no English word outside a short allowlist.

The walk is the tenant walk's: every URL from the resolver, filled from each app's
`tests/tenancy.py` rows, seen by a member holding every role. Visible text and the attributes a
person reads (title, placeholder, aria-label, alt, button values) are checked; data typed by
users (the marker rows, e-mail addresses, file names, web addresses) is not interface and is
left out.
"""

import re
from html.parser import HTMLParser

from django.urls import reverse

from prongsai.core.tests.test_tenant_isolation import discover, kwargs_for, two_orgs  # noqa: F401

# Names, acronyms and formats that Thai pages write in Latin letters too.
ALLOWED = {
    "ita", "oit", "iit", "eit", "pdf", "docx", "xlsx", "csv", "json", "yaml", "api", "qr", "line", "url",
    "prongsai", "nacc", "otp", "totp", "http", "https", "www", "html", "pades", "xml", "sha", "hmac",
    "id", "ids", "utf", "icu", "th", "en", "ok", "e-mail", "email", "lpa", "ocp", "globaleaks", "django",
    "redis", "postgresql", "sqlite", "agpl", "gnu", "open", "contracting", "partnership", "no", "gift",
    "policy", "break-glass", "itas", "cmu", "bophloi", "amp", "nbsp", "th-th", "google", "authenticator",
    "qqorgaqq", "zzorgbzz", "svg", "png", "jpeg", "jpg", "zip", "doc", "xls", "odt", "b.e", "a.d", "dd",
    "mm", "yyyy", "uuid", "null", "word", "excel", "javascript", "e-service", "social", "network",
    "opendocument", "e-gp", "e-saraban", "facebook", "youtube", "webboard", "e-office", "powerpoint", "chat",
}  # fmt: skip
WORD = re.compile(r"\b[A-Za-z][A-Za-z'’\-]*[A-Za-z]\b")  # not "user" of a login "user12"
# Messages say it in Thai, then in English: "ข้อความ / Message", "ข้อความ (English words)".
BILINGUAL = re.compile(
    r"(?<=[\u0e01-\u0e5b\s])\([^()\u0e01-\u0e5b]*\)|(?<=[\u0e01-\u0e5b.)]) / [^\u0e01-\u0e5b]*"
)
NOT_INTERFACE = re.compile(
    r"(?:QQORGAQQ|ZZORGBZZ)\w*|\S+@\S+|https?://\S+|\b[\w\-]+\.(?:pdf|docx|xlsx|csv|png|jpe?g|zip|txt|odt|doc|xls)\b|/[\w\-/.]+"
)
# Tooltips (title) carry sources and research notes kept in their own language; what a person must
# read to use the page is checked.
READ_ATTRIBUTES = {"placeholder", "aria-label", "alt"}
SKIPPED = ("script", "style", "code", "pre", "kbd", "samp", "template")


class VisibleText(HTMLParser):
    """Text a person reads, less code samples and passages marked as another language (lang="en")."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self._foreign: list[list] = []  # [tag, open count] of an element in another language

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self._foreign and self._foreign[-1][0] == tag:
            self._foreign[-1][1] += 1
        elif (attributes.get("lang") or "th")[:2] != "th" and tag not in ("br", "img", "input", "meta"):
            self._foreign.append([tag, 1])
        if tag in SKIPPED:
            self._skip += 1
        if self._skip or self._foreign:
            return
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                self.parts.append(attributes[name])
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.parts.append(attributes["value"])

    def handle_endtag(self, tag):
        if tag in SKIPPED and self._skip:
            self._skip -= 1
        if self._foreign and self._foreign[-1][0] == tag:
            self._foreign[-1][1] -= 1
            if not self._foreign[-1][1]:
                self._foreign.pop()

    def handle_data(self, data):
        if not self._skip and not self._foreign:
            self.parts.append(data)


def english_words(html: str) -> set[str]:
    reader = VisibleText()
    reader.feed(html)
    found = set()
    for part in reader.parts:
        part = BILINGUAL.sub(" ", NOT_INTERFACE.sub(" ", part))
        for word in WORD.findall(part):
            if word.lower() not in ALLOWED and not (word.isupper() and len(word) <= 5):
                found.add(word)
    return found


def test_the_check_sees_an_english_word():
    assert english_words("<p>ส่ง Submit</p><input placeholder='Name'>") == {"Submit", "Name"}
    assert english_words("<p>ที่มา <span lang='en'>Open <b>Contracting</b> Data</span> ok</p>") == set()
    assert english_words("<p>ปีไม่ถูกต้อง / Wrong year. ขอบเขต (scope) ของ user12</p>") == set()
    assert english_words("<p>ส่งแล้ว (sent) Draft</p>") == {"Draft"}
    assert english_words("<p>ITA · report.pdf · a@b.org · https://x.org/y</p><script>var a</script>") == set()


def test_every_page_reads_in_thai(two_orgs, client):  # noqa: F811
    org_a, org_b = two_orgs
    found: dict[str, set[str]] = {}
    walked = 0
    for name, names in discover():
        url = reverse(name, kwargs=kwargs_for(names, org_a, org_b, use_b=False))
        if url.startswith("/api/"):
            continue  # answers machines, in JSON
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="th")
        if response.streaming or "text/html" not in response.get("Content-Type", ""):
            continue
        walked += 1
        words = english_words(response.content.decode())
        if words:
            found[url] = words
    assert walked > 100
    listed = "\n".join(f"{url}: {' '.join(sorted(words))}" for url, words in sorted(found.items()))
    assert not found, f"translate these words, or add a proper name to ALLOWED:\n{listed}"


def test_an_organisation_may_publish_with_arabic_digits(two_orgs, client):  # noqa: F811
    org_a, _ = two_orgs
    home = reverse("public:home", kwargs={"org_slug": org_a.slug})
    assert re.search("[๐-๙]", client.get(home).content.decode())
    org_a.official_digits = "arabic"
    org_a.save()
    html = client.get(home).content.decode()
    reader = VisibleText()
    reader.feed(html)
    assert not re.search("[๐-๙]", " ".join(reader.parts))
