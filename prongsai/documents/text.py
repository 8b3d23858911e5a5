"""Text rules of Thai official documents (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ).

- Numbers are printed in Thai digits throughout.
- No line may break inside `พ.ศ. ๒๕๖๕`, inside a number and its unit, or inside a person's name:
  those spaces become U+00A0 (NO-BREAK SPACE).
- Text typed by users is data, never markup: renderers escape it (HTML) or write it as plain runs
  (DOCX). Control characters, including Word's field delimiters U+0013–U+0015, are removed here
  so that neither output can carry a field code or an invalid XML character.
"""

from __future__ import annotations

import re

from prongsai.thai.digits import to_thai_digits

NBSP = "\u00a0"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_THAI_DIGIT = "[๐-๙]"
_BEFORE_NUMBER = re.compile(rf"(พ\.ศ\.|ค\.ศ\.|ที่|ข้อ|ฉบับที่|ปี|รอบ|ระดับ) (?={_THAI_DIGIT}|[A-Z]{{1,2}}\b)")
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
