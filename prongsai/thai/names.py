"""Thai personal names with title prefixes (คำนำหน้านาม).

Thai official style writes the prefix straight against the first name, with
no space: "นางณภัทร ฤกษ์วิจิตร", "ดร.สมชาย ใจดี". Splitting therefore relies on a
list of known prefixes, tried longest first so that "นางสาว" wins over "นาง".

Known limit: the text alone cannot tell "นาง" + "สาวิตรี" from "นางสาว" +
"วิตรี"; the longer prefix is chosen. Store the three parts separately and
use `split_prefix` only for imports and free text.
"""

PLAIN_PREFIXES = (
    "นาย", "นาง", "นางสาว", "น.ส.", "เด็กชาย", "เด็กหญิง", "ด.ช.", "ด.ญ.",
    "ดร.", "ศ.", "รศ.", "ผศ.", "ศ.ดร.", "รศ.ดร.", "ผศ.ดร.",
    "นายแพทย์", "แพทย์หญิง", "นพ.", "พญ.", "ทพ.", "ทพญ.", "ภก.", "ภญ.",
)  # fmt: skip
# Military and police ranks; these may be followed by "หญิง" and preceded by "ว่าที่".
RANKS = (
    "ร้อยตรี", "ร้อยโท", "ร้อยเอก", "พันตรี", "พันโท", "พันเอก", "พลตรี", "พลโท", "พลเอก",
    "ร.ต.", "ร.ท.", "ร.อ.", "พ.ต.", "พ.ท.", "พ.อ.", "พล.ต.", "พล.ท.", "พล.อ.",
    "ร.ต.ต.", "ร.ต.ท.", "ร.ต.อ.", "พ.ต.ต.", "พ.ต.ท.", "พ.ต.อ.", "พล.ต.ต.", "พล.ต.ท.", "พล.ต.อ.",
    "ส.ต.", "ส.ท.", "ส.อ.", "จ.ส.ต.", "จ.ส.ท.", "จ.ส.อ.", "ส.ต.ต.", "ส.ต.ท.", "ส.ต.อ.", "ด.ต.",
)  # fmt: skip
ACTING = "ว่าที่"  # ว่าที่ร้อยตรี: a reserve-officer title
FEMALE = "หญิง"
# Display order (common first), e.g. for a form's choices. Other rank forms
# ("ว่าที่ ร.ต.", "พ.ต.อ.หญิง", "พ.ต.อ.ดร.") are still recognised by split_prefix.
PREFIXES = (*PLAIN_PREFIXES[:3], "ว่าที่ร้อยตรี", "ว่าที่ร้อยตรีหญิง", *PLAIN_PREFIXES[3:], *RANKS)
_LONGEST_FIRST = tuple(sorted(PREFIXES, key=len, reverse=True))
_RANKS = tuple(sorted(RANKS, key=len, reverse=True))
_DOTTED = tuple(p for p in _LONGEST_FIRST if p.endswith("."))


def _match(text: str, candidates: tuple[str, ...]) -> str:
    return next((p for p in candidates if text.startswith(p)), "")


def _rank(text: str) -> str:
    """Rank at the start of `text`, with "ว่าที่" before and "หญิง" after if present."""
    acting = ""
    if text.startswith(ACTING):
        acting = ACTING + (" " if text[len(ACTING) :].startswith(" ") else "")
    rest = text[len(acting) :]
    rank = _match(rest, _RANKS)
    if not rank:
        return ""
    return acting + rank + (FEMALE if rest[len(rank) :].startswith(FEMALE) else "")


def _prefix(text: str) -> str:
    """Longest known prefix, plus a dotted academic title chained after it ("พ.ต.อ.ดร.")."""
    prefix = max(_rank(text), _match(text, _LONGEST_FIRST), key=len)
    if prefix.endswith(".") or prefix in RANKS or prefix.endswith(FEMALE):
        prefix += _match(text[len(prefix) :], _DOTTED)
    return prefix


def split_prefix(name: str) -> tuple[str, str, str]:
    """Split "นางณภัทร ฤกษ์วิจิตร" into ("นาง", "ณภัทร", "ฤกษ์วิจิตร"); prefix "" if none is known."""
    text = " ".join(name.split())
    prefix = _prefix(text)
    parts = text[len(prefix) :].split()
    if not parts:
        raise ValueError(f"ไม่พบชื่อ / no first name in: {name!r}")
    return prefix, parts[0], " ".join(parts[1:])


def full_name(prefix: str, first: str, last: str) -> str:
    """Join as "นางณภัทร ฤกษ์วิจิตร": prefix against the first name, a space before the surname."""
    return f"{prefix.strip()}{first.strip()} {last.strip()}".strip()


def signature_name(prefix: str, first: str, last: str) -> str:
    """The line printed under a signature: "(นางณภัทร ฤกษ์วิจิตร)"."""
    return f"({full_name(prefix, first, last)})"
