"""Thai digits in the words of an HTML page, and nowhere else.

Templates print figures through many paths (filters, `intcomma`, form labels, translations,
numbers inside sentences); converting the finished page is the one place that cannot miss one.
Only the text a reader sees changes. Left as they are:
- tags and their attributes (links, form values, `tel:` numbers, ids), comments;
- the contents of `script`, `style`, `textarea`, `pre`, `code`, `kbd` and `samp`, and of any element
  marked `data-digits="as-is"` (codes a person types back, such as a receipt code);
- web addresses and e-mail addresses written in the text;
- digits that belong to a Latin word or code ("O12", "ITA2569", "H2") or to a character
  reference ("&#x27;").

The page is split at its tags once (in C); only text with digits is looked at again.
"""

from __future__ import annotations

import re

from prongsai.thai.digits import to_arabic_digits, to_thai_digits

_TAGS = re.compile(r"(<!--.*?-->|<[A-Za-z/!?][^>]*>)", re.DOTALL)  # "< 3" in a sentence is text
_RAW = frozenset({"script", "style", "textarea", "pre", "code", "kbd", "samp"})
_NAME = re.compile(r"</?([A-Za-z][\w-]*)")
_AS_IS = re.compile(r"\sdata-digits=[\"']as-is[\"']", re.IGNORECASE)
_FIGURE = re.compile(r"(?<![A-Za-z0-9#&_])[0-9]+(?![A-Za-z0-9_])")
_WORD_END = re.compile(r"[\s<>]")
_ADDRESS = re.compile(r"://|@|www\.")


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether the digits at text[start:end] belong to a web or e-mail address."""
    if not _ADDRESS.search(text, max(0, start - 80), end + 80):
        return False  # the usual case, decided without finding the word
    first = max(text.rfind(c, max(0, start - 300), start) for c in " \n\t>")
    found = _WORD_END.search(text, end)
    word = text[first + 1 : found.start() if found else len(text)]
    return _ADDRESS.search(word) is not None


def _figure(match: re.Match) -> str:
    if _in_address(match.string, match.start(), match.end()):
        return match.group(0)
    return to_thai_digits(match.group(0))


def thai_digits_in_text(html: str) -> str:
    """`html` with the Arabic digits of its visible words in Thai."""
    parts = _TAGS.split(html)  # text, tag, text, tag, ..., text
    kept, depth = None, 0  # the element whose content keeps its digits, and how deep inside it
    for i in range(0, len(parts), 2):
        if i:
            tag = parts[i - 1]
            name = _NAME.match(tag)
            name = name.group(1).lower() if name else None
            if kept is None:
                if name and tag[1] != "/" and not tag.endswith("/>"):
                    if name in _RAW or _AS_IS.search(tag):
                        kept, depth = name, 1
            elif name == kept:
                depth += -1 if tag[1] == "/" else 1
                if not depth:
                    kept = None
        text = parts[i]
        if kept is None and text:
            parts[i] = _FIGURE.sub(_figure, text)
    return "".join(parts)


_THAI_RUN = re.compile("[๐-๙]+")


def arabic_digits_in_page(html: str) -> str:
    """`html` with every Thai digit Arabic. Thai digits never carry a code or an address, so this
    direction is safe on the whole page; a run at a time is faster than translating the page."""
    return _THAI_RUN.sub(lambda match: to_arabic_digits(match.group(0)), html)
