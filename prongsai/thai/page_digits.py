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

The elements that keep their digits are found by regex scans (in C); the rest is split at its tags
once, and its texts are converted in one pass, so Python runs once per figure, not once per tag.
"""

from __future__ import annotations

import re

from prongsai.thai.digits import to_arabic_digits, to_thai_digits

_TAGS = re.compile(r"(<!--.*?-->|<[A-Za-z/!?][^>]*>)", re.DOTALL)  # "< 3" in a sentence is text
_RAW = frozenset({"script", "style", "textarea", "pre", "code", "kbd", "samp"})
_NAME = re.compile(r"</?([A-Za-z][\w-]*)")
_FIGURE = re.compile(r"(?<![A-Za-z0-9#&_])[0-9]+(?![A-Za-z0-9_])")
_WORD_END = re.compile(r"[\s<>\x00]")  # \x00: where texts were joined (_visible_words)
_AS_IS = re.compile(r"\sdata-digits=[\"']as-is[\"']")  # written so by the templates
_ADDRESS = re.compile(r"://|@|www\.")
_ANY_DIGIT = re.compile("[0-9]")


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether the digits at text[start:end] belong to a web or e-mail address."""
    if not _ADDRESS.search(text, max(0, start - 80), end + 80):
        return False  # the usual case, decided without finding the word
    first = max(text.rfind(c, max(0, start - 300), start) for c in " \n\t>\x00")
    found = _WORD_END.search(text, end)
    word = text[first + 1 : found.start() if found else len(text)]
    return _ADDRESS.search(word) is not None


def _figure(match: re.Match) -> str:
    if _in_address(match.string, match.start(), match.end()):
        return match.group(0)
    return to_thai_digits(match.group(0))


def thai_digits_in_text(html: str) -> str:
    """`html` with the Arabic digits of its visible words in Thai."""
    out, pos = [], 0
    for start, end in _kept_spans(html):
        out += (_visible_words(html[pos:start]), html[start:end])
        pos = end
    out.append(_visible_words(html[pos:]))
    return "".join(out)


# Where an element whose content keeps its digits starts: a raw element's tag (comments are
# matched so that a tag written inside one is not taken for a real one), or a tag holding the
# marker, found by a plain search for it and then back to its "<". Both scans run in C.
_RAW_START = re.compile(
    rf"<!--.*?-->|<(?:{'|'.join(sorted(_RAW))})(?=[\s/>])[^>]*>", re.DOTALL | re.IGNORECASE
)
_MARKER = "data-digits="
_SEP = "\x00"  # joins a chunk's texts for one pass; never printed by a template


def _kept_spans(html: str):
    """(start, end) of each element whose content keeps its digits, outermost only, in order."""
    pos = 0
    while True:
        raw = _RAW_START.search(html, pos)
        marked = _marked_tag(html, pos, raw.start() if raw else len(html))
        if marked is None and raw is None:
            return
        start, end = marked or raw.span()
        tag = html[start:end]
        if tag.startswith("<!--") or tag.endswith("/>") or tag[1] == "/":
            pos = end
            continue
        end = _closing_end(html, _NAME.match(tag).group(1).lower(), end)
        yield start, end
        pos = end


def _marked_tag(html: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The first tag between `pos` and `limit` that carries data-digits="as-is"."""
    while (marker := html.find(_MARKER, pos, limit)) >= 0:
        start, end = html.rfind("<", 0, marker), html.find(">", marker) + 1
        inside_a_tag = start >= 0 and end and ">" not in html[start:marker] and _NAME.match(html, start)
        if inside_a_tag and _AS_IS.match(html, marker - 1):
            return start, end
        pos = marker + len(_MARKER)
    return None


def _closing_end(html: str, name: str, pos: int) -> int:
    """Where the element `name` opened just before `pos` ends (nested ones of its name counted)."""
    depth = 1
    pattern = re.compile(rf"<!--.*?-->|</?{re.escape(name)}(?=[\s/>])[^>]*>", re.DOTALL | re.IGNORECASE)
    for tag in pattern.finditer(html, pos):
        if tag.group(0).startswith("<!--"):
            continue
        depth += -1 if tag.group(0)[1] == "/" else 1
        if not depth:
            return tag.end()
    return len(html)  # never closed: kept to the end, as a browser would


def _visible_words(chunk: str) -> str:
    """A chunk with no kept element: its texts (between tags) joined by _SEP and converted in one
    regex pass, so the Python callback runs per figure, not per tag."""
    if not _ANY_DIGIT.search(chunk):
        return chunk
    parts = _TAGS.split(chunk)  # text, tag, text, tag, ..., text
    texts = parts[0::2]
    if _SEP in chunk:  # cannot join safely; one text at a time
        parts[0::2] = [_FIGURE.sub(_figure, text) for text in texts]
        return "".join(parts)
    joined = _SEP.join(texts)
    # Without any address in its words, no figure needs the (slower) look at the word around it.
    parts[0::2] = _FIGURE.sub(_figure if _ADDRESS.search(joined) else _plain_figure, joined).split(_SEP)
    return "".join(parts)


def _plain_figure(match: re.Match) -> str:
    return to_thai_digits(match.group(0))


_THAI_RUN = re.compile("[๐-๙]+")


def arabic_digits_in_page(html: str) -> str:
    """`html` with every Thai digit Arabic. Thai digits never carry a code or an address, so this
    direction is safe on the whole page; a run at a time is faster than translating the page."""
    return _THAI_RUN.sub(lambda match: to_arabic_digits(match.group(0)), html)
