"""Thai personal names with title prefixes (คำนำหน้านาม).

Thai official style writes the prefix straight against the first name, with
no space: "นางณภัทร ฤกษ์วิจิตร", "ดร.สมชาย ใจดี", "ว่าที่ร้อยตรีสมชาย ใจดี".
Splitting therefore relies on a list of known prefixes, tried longest first so
that "นางสาว" wins over "นาง", and refuses any split that would leave the first
name starting with a vowel or tone mark that cannot begin a Thai syllable
("นางสาวิตรี" is นาง + สาวิตรี, never นางสาว + ิตรี).

The families: plain titles, academic (ศ. รศ. ผศ. ศ.(พิเศษ) ดร. and their
combinations), medical, military ranks of the army, navy and air force, police
ranks, the reserve-officer "ว่าที่" before any commissioned rank, "หญิง" after a
rank, monastic titles, and royal descent.

Known limit: the text alone cannot tell "นาง" + "สาวสมใจ" from "นางสาว" +
"สมใจ"; the longer prefix is chosen whenever the rest can begin a syllable.
Store the three parts separately and use `split_prefix` only for imports and
free text.
"""

PLAIN_PREFIXES = (
    "นาย", "นาง", "นางสาว", "น.ส.", "เด็กชาย", "เด็กหญิง", "ด.ช.", "ด.ญ.",
)  # fmt: skip
ACADEMIC = (
    "ดร.", "ศ.", "รศ.", "ผศ.", "ศ.ดร.", "รศ.ดร.", "ผศ.ดร.", "ศ.(พิเศษ)", "ศ.(พิเศษ)ดร.",
    "ศาสตราจารย์", "รองศาสตราจารย์", "ผู้ช่วยศาสตราจารย์", "ศาสตราจารย์พิเศษ", "ศาสตราจารย์ ดร.",
    "ศ.นพ.", "รศ.นพ.", "ผศ.นพ.", "ศ.พญ.", "รศ.พญ.", "ผศ.พญ.",
)  # fmt: skip
MEDICAL = (
    "นายแพทย์", "แพทย์หญิง", "นพ.", "พญ.", "ทันตแพทย์", "ทันตแพทย์หญิง", "ทพ.", "ทพญ.",
    "เภสัชกร", "เภสัชกรหญิง", "ภก.", "ภญ.", "สัตวแพทย์", "สัตวแพทย์หญิง", "สพ.", "สพ.ญ.",
)  # fmt: skip
ARMY = (
    "ร้อยตรี", "ร้อยโท", "ร้อยเอก", "พันตรี", "พันโท", "พันเอก", "พลตรี", "พลโท", "พลเอก", "จอมพล",
    "สิบตรี", "สิบโท", "สิบเอก", "จ่าสิบตรี", "จ่าสิบโท", "จ่าสิบเอก", "พลทหาร",
    "ร.ต.", "ร.ท.", "ร.อ.", "พ.ต.", "พ.ท.", "พ.อ.", "พล.ต.", "พล.ท.", "พล.อ.", "จอมพล.",
    "ส.ต.", "ส.ท.", "ส.อ.", "จ.ส.ต.", "จ.ส.ท.", "จ.ส.อ.", "พลฯ",
)  # fmt: skip
NAVY = (
    "เรือตรี", "เรือโท", "เรือเอก", "นาวาตรี", "นาวาโท", "นาวาเอก", "พลเรือตรี", "พลเรือโท", "พลเรือเอก",
    "จ่าตรี", "จ่าโท", "จ่าเอก", "พันจ่าตรี", "พันจ่าโท", "พันจ่าเอก",
    "น.ต.", "น.ท.", "น.อ.", "พล.ร.ต.", "พล.ร.ท.", "พล.ร.อ.",
    "จ.ต.", "จ.ท.", "จ.อ.", "พ.จ.ต.", "พ.จ.ท.", "พ.จ.อ.",
)  # fmt: skip
AIR_FORCE = (
    "เรืออากาศตรี", "เรืออากาศโท", "เรืออากาศเอก", "นาวาอากาศตรี", "นาวาอากาศโท", "นาวาอากาศเอก",
    "พลอากาศตรี", "พลอากาศโท", "พลอากาศเอก", "จ่าอากาศตรี", "จ่าอากาศโท", "จ่าอากาศเอก",
    "พันจ่าอากาศตรี", "พันจ่าอากาศโท", "พันจ่าอากาศเอก",
    "เรือ อ.ต.", "เรือ อ.ท.", "เรือ อ.อ.", "ร.อ.ต.", "ร.อ.ท.", "ร.อ.อ.", "น.อ.ต.", "น.อ.ท.", "น.อ.อ.",
    "พล.อ.ต.", "พล.อ.ท.", "พล.อ.อ.", "จ.อ.ต.", "จ.อ.ท.", "จ.อ.อ.", "พ.อ.ต.", "พ.อ.ท.", "พ.อ.อ.",
)  # fmt: skip
POLICE = (
    "ร้อยตำรวจตรี", "ร้อยตำรวจโท", "ร้อยตำรวจเอก", "พันตำรวจตรี", "พันตำรวจโท", "พันตำรวจเอก",
    "พลตำรวจตรี", "พลตำรวจโท", "พลตำรวจเอก", "พลตำรวจ",
    "สิบตำรวจตรี", "สิบตำรวจโท", "สิบตำรวจเอก", "จ่าสิบตำรวจ", "ดาบตำรวจ",
    "ร.ต.ต.", "ร.ต.ท.", "ร.ต.อ.", "พ.ต.ต.", "พ.ต.ท.", "พ.ต.อ.", "พล.ต.ต.", "พล.ต.ท.", "พล.ต.อ.", "พลต.",
    "ส.ต.ต.", "ส.ต.ท.", "ส.ต.อ.", "จ.ส.ต.", "ด.ต.",
)  # fmt: skip
MONASTIC = (
    "พระ", "พระมหา", "พระครู", "พระครูปลัด", "พระครูสมุห์", "พระครูใบฎีกา", "พระครูวินัยธร",
    "พระครูธรรมธร", "พระอธิการ", "พระปลัด", "พระสมุห์", "พระใบฎีกา", "พระอาจารย์", "พระภิกษุ",
    "สามเณร", "ส.ณ.", "แม่ชี",
)  # fmt: skip
ROYAL = ("หม่อมเจ้า", "หม่อมราชวงศ์", "หม่อมหลวง", "ม.จ.", "ม.ร.ว.", "ม.ล.", "ท่านผู้หญิง", "คุณหญิง")


def _unique(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for group in groups for p in group))


# Military and police ranks; these may be followed by "หญิง" and preceded by "ว่าที่".
RANKS = _unique(ARMY, NAVY, AIR_FORCE, POLICE)
ACTING = "ว่าที่"  # ว่าที่ร้อยตรี: a reserve-officer title
FEMALE = "หญิง"
COMMISSIONED = tuple(r for r in RANKS if r.startswith(("ร้อย", "เรือ", "ร.", "ร.อ.")))
# Display order (common first), e.g. for a form's choices. Other forms ("ว่าที่ ร.ต.",
# "พ.ต.อ.หญิง", "พ.ต.อ.ดร.") are still recognised by split_prefix.
PREFIXES = _unique(
    PLAIN_PREFIXES[:3],
    tuple(f"{ACTING}{r}{f}" for r in COMMISSIONED for f in ("", FEMALE) if not r.endswith(".")),
    PLAIN_PREFIXES[3:], ACADEMIC, MEDICAL, RANKS,
    tuple(f"{r}{FEMALE}" for r in RANKS if not r.endswith(".") and not r.startswith(("จอมพล", "พลทหาร"))),
    MONASTIC, ROYAL,
)  # fmt: skip
_LONGEST_FIRST = tuple(sorted(PREFIXES, key=len, reverse=True))
_RANKS = tuple(sorted(RANKS, key=len, reverse=True))
# Titles that may follow another one: "พ.ต.อ.ดร.", "ศ.(พิเศษ)ดร.", "ว่าที่ร้อยตรี ดร.".
_CHAINED = tuple(sorted((p for p in (*ACADEMIC, *MEDICAL) if p.endswith(".")), key=len, reverse=True))
# Characters no Thai syllable begins with: above and below vowels, tone and other marks, and
# the following vowels ะ า ำ ๅ, plus the repetition and abbreviation signs.
_CANNOT_BEGIN = frozenset("ัิีึืฺุู็่้๊๋์ํ๎ะาำๅๆฯ")


def dangling(text: str) -> bool:
    """Whether `text` starts with a character no Thai syllable begins with (ิ in "ิตรี")."""
    return bool(text) and text[0] in _CANNOT_BEGIN


def _rank(text: str) -> list[str]:
    """Ranks at the start of `text`, with "ว่าที่" before and "หญิง" after if present."""
    acting = ""
    if text.startswith(ACTING):
        acting = ACTING + (" " if text[len(ACTING) :].startswith(" ") else "")
    rest = text[len(acting) :]
    found = []
    for rank in (r for r in _RANKS if rest.startswith(r)):
        found.append(acting + rank)
        if rest[len(rank) :].startswith(FEMALE):
            found.append(acting + rank + FEMALE)
    return found


def _candidates(text: str) -> list[str]:
    """Every known prefix `text` starts with, longest first, titles chained ("พ.ต.อ.ดร.")."""
    heads = {p for p in _LONGEST_FIRST if text.startswith(p)} | set(_rank(text))
    found = set(heads)
    for head in heads:
        rest = text[len(head) :]
        gap = " " if rest.startswith(" ") and head.startswith(ACTING) else ""
        for title in _CHAINED:
            if rest[len(gap) :].startswith(title) and title != head:
                found.add(head + gap + title)
    return sorted(found, key=len, reverse=True)


def _prefix(text: str) -> str:
    """The longest prefix that leaves a first name able to begin a syllable, else ""."""
    for prefix in _candidates(text):
        rest = text[len(prefix) :].lstrip()
        if not dangling(rest):  # an empty rest is "no first name", reported by split_prefix
            return prefix
    return ""


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


def prefix_choices() -> list[tuple[str, str]]:
    """Choices of a prefix field; models name this callable, so a new prefix needs no migration."""
    return [(p, p) for p in PREFIXES]
