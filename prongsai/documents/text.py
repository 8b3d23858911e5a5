"""Text rules of Thai official documents (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ).

- Numbers are printed in Thai digits throughout.
- No line may break inside `พ.ศ. ๒๕๖๕`, inside a number and its unit (`๘๕.๕๙ คะแนน`), or inside a
  person's name: those spaces become U+00A0 (NO-BREAK SPACE). The word before a number is a whole
  word (pythainlp's newmm): the "ที่" ending หน้าที่ is not the word ที่, so `หน้าที่ ๘๕.๕๙` may break.
- Lines break between words, at pythainlp's word boundaries (`words`); `layout.py` measures lines
  from the same words, so the estimate and the printed page agree.
- Text typed by users is data, never markup: renderers escape it (HTML) or write it as plain runs
  (DOCX). Control characters, including Word's field delimiters U+0013–U+0015, are removed here
  so that neither output can carry a field code or an invalid XML character.
"""

from __future__ import annotations

import re
from functools import lru_cache

from prongsai.thai.digits import to_thai_digits

NBSP = "\u00a0"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_THAI_DIGIT = "[๐-๙]"
_THAI_LETTER = "\u0e01-\u0e4e"
# Words that stay with the number after them; "ที่" only as a word of its own (not หน้าที่ ๘๕.๕๙).
_BEFORE_NUMBER = re.compile(
    rf"(?<![{_THAI_LETTER}])(พ\.ศ\.|ค\.ศ\.|ฉบับที่|ที่|ข้อ|ปี|รอบ|ระดับ) (?={_THAI_DIGIT}|[A-Z]{{1,2}}\b)"
)
_NUMBER_UNIT = re.compile(rf"(?<={_THAI_DIGIT}) (?=คะแนน|บาท|เดือน|วัน|ปี|ราย|คน|ข้อ|{_THAI_DIGIT})")


def clean(text: str) -> str:
    """Remove control characters (keeps newlines and tabs); typed text goes through this once."""
    return _CONTROL.sub("", text or "").replace("\r\n", "\n").replace("\r", "\n")


def official(text: str) -> str:
    """Thai digits and no-break spaces: the form every printed string takes."""
    text = to_thai_digits(clean(text))
    text = _BEFORE_NUMBER.sub(lambda m: m.group(1) + NBSP, text)
    return _NUMBER_UNIT.sub(NBSP, text)


def name(text: str) -> str:
    """A person's name: one unbreakable unit (`นางณภัทร ฤกษ์วิจิตร`)."""
    return official(text).replace(" ", NBSP)


def plain(text: str) -> str:
    """Back to ordinary spaces, for comparing with text extracted from a PDF."""
    return text.replace(NBSP, " ")


@lru_cache(maxsize=4096)
def words(line: str) -> tuple[str, ...]:
    """The line cut where it may break: between pythainlp (newmm) words and after spaces.

    Each piece keeps its trailing space; a no-break space never ends a piece, so `๘๕.๕๙ คะแนน`
    and a name stay whole. Joined again, the pieces give back the line.
    """
    from pythainlp.tokenize import word_tokenize  # loads its dictionary once, on first use

    pieces: list[str] = []
    glue = True  # the next token joins the last piece (start of line, after "(" or a no-break space)
    for token in word_tokenize(line, engine="newmm", keep_whitespace=True):
        if pieces and (NBSP in token or token.isspace() or _CLOSING.match(token)):
            pieces[-1] += token  # spaces and closing marks end the piece before them
            glue = NBSP in token or token.endswith("(")
        elif glue and pieces:
            pieces[-1] += token
            glue = token.endswith("(")
        else:
            pieces.append(token)
            glue = token.endswith("(")
        if pieces[-1][-1:].isspace() and not pieces[-1].endswith(NBSP):
            glue = False
    return tuple(pieces)


_CLOSING = re.compile(r"^[.,;:!?)\]}/%\-ๆฯ]+$")
