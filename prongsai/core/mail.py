"""Text that ends up in an e-mail header (subject, sender's name, reply address) is one line.

A line break there would let a visitor add headers (`Bcc:`), and Django refuses such a header
with BadHeaderError, so a mail sent with `fail_silently=True` simply vanished. Forms refuse line
breaks in header-bound fields with `single_line` (a message in Thai and English, nothing
stored), and every subject built from stored text goes through `one_line` before sending.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Everything str.splitlines() breaks on, so no kind of line break slips through.
LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")


def single_line(value: str) -> None:
    """Validator for form and model fields that go into a mail header."""
    if LINE_BREAKS.search(value or ""):
        raise ValidationError(_("Write this on one line (no line breaks)."), code="line_break")


def one_line(text: str, limit: int = 200) -> str:
    """A header value from any text: line breaks become spaces, at most `limit` characters."""
    return " ".join(LINE_BREAKS.sub(" ", str(text)).split())[:limit]
