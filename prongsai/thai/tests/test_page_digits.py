"""The page converter against a plain reference: one tag at a time, as it was first written.

The converter finds kept elements by regex scans and converts all texts in one pass (speed on
public pages); the reference walks every tag in Python. Random pages built from the tricky
pieces (kept elements nested, comments, addresses, codes, markers in words) must come out the same.
"""

import random
import re

from prongsai.thai.digits import to_thai_digits
from prongsai.thai.page_digits import thai_digits_in_text

TAGS = re.compile(r"(<!--.*?-->|<[A-Za-z/!?][^>]*>)", re.DOTALL)
RAW = {"script", "style", "textarea", "pre", "code", "kbd", "samp"}
NAME = re.compile(r"</?([A-Za-z][\w-]*)")
AS_IS = re.compile(r"\sdata-digits=[\"']as-is[\"']")
FIGURE = re.compile(r"(?<![A-Za-z0-9#&_])[0-9]+(?![A-Za-z0-9_])")
ADDRESS = re.compile(r"://|@|www\.")


def reference(html: str) -> str:
    def figure(match):
        word = re.findall(r"[^\s<>]+", match.string[: match.end()])[-1]  # the word the digits end
        tail = re.match(r"[^\s<>]*", match.string[match.end() :]).group(0)
        return match.group(0) if ADDRESS.search(word + tail) else to_thai_digits(match.group(0))

    parts = TAGS.split(html)
    kept, depth = None, 0
    for i in range(0, len(parts), 2):
        if i:
            tag = parts[i - 1]
            name = NAME.match(tag)
            name = name.group(1).lower() if name else None
            if kept is None:
                if name and tag[1] != "/" and not tag.endswith("/>") and (name in RAW or AS_IS.search(tag)):
                    kept, depth = name, 1
            elif name == kept:
                depth += -1 if tag[1] == "/" else 1
                kept = kept if depth else None
        if kept is None:
            parts[i] = FIGURE.sub(figure, parts[i])
    return "".join(parts)


PIECES = [
    "<p>", "</p>", "12", " 3 ", "O12", "a1@b2.go.th", "https://x.go.th/a/123", " www.x9.com", "&#x27;",
    "<pre>", "</pre>", "<PRE class=x>", "<code>", "</code>", '<div data-digits="as-is">', "<div>", "</div>",
    "<br/>", "<!-- 5 <pre> -->", "<script>var a=1</script>", "< 3", "ปี 2569", "\n", "\t7",
    "<span data-digits='as-is'>", "</span>", "<span>", "x_1", "#2", '<a href="/2/">', "</a>", "4.5",
    "<textarea>", "</textarea>", "<pre/>", "<samp>", "</SAMP>", " @ ", "99", 'data-digits="as-is" 5',
    '<p data-digits="no">', '<i data-digits="as-is"/>', "<b x=\"data-digits='as-is'\">", "ข้อ ๑ 1",
]


def test_random_pages_come_out_as_the_reference_gives():
    rng = random.Random(19)
    for _ in range(3000):
        page = "".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 30)))
        assert thai_digits_in_text(page) == reference(page), page


def test_a_page_without_kept_elements_or_addresses_turns_every_figure():
    page = "<p>คะแนน 85.50</p><p>ปี 2568 ข้อ 3</p>"
    assert thai_digits_in_text(page) == "<p>คะแนน ๘๕.๕๐</p><p>ปี ๒๕๖๘ ข้อ ๓</p>"
