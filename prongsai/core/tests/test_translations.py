"""Thai is the default language: every string of the interface must have its Thai translation."""

import gettext
from pathlib import Path

import pytest

PO = Path(__file__).resolve().parents[2] / "locale" / "th" / "LC_MESSAGES" / "django.po"


def po_entries(with_context: bool = False) -> list[tuple]:
    """(msgid, msgstr, fuzzy[, msgctxt]) for each entry; a small reader, enough for makemessages' files."""
    found = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            if line.startswith(
                ("msgctxt ", "msgid ", "msgid_plural ", "msgstr ", "msgstr[0] ")
            ):  # Thai: one plural form
                current, _, rest = line.partition(" ")
                current = "msgstr" if current == "msgstr[0]" else current
                fields[current] = rest[1:-1]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            decode = lambda s: s.encode().decode("unicode_escape").encode("latin-1").decode()  # noqa: E731
            entry = (decode(fields["msgid"]), decode(fields.get("msgstr", "")), "#, fuzzy" in block)
            found.append((*entry, decode(fields.get("msgctxt", ""))) if with_context else entry)
    return found


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = po_entries()
    assert len(entries) > 200
    assert [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy] == []


def test_the_compiled_catalogue_matches_the_translations():
    with PO.with_suffix(".mo").open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)

    def compiled(msgid: str, context: str) -> str:
        found = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
        return found if found != msgid else catalogue.ngettext(msgid, msgid, 1)  # plural entries

    stale = [
        msgid for msgid, msgstr, _, ctx in po_entries(with_context=True) if compiled(msgid, ctx) != msgstr
    ]
    assert stale == [], "run `make messages` to compile the catalogue"


@pytest.mark.django_db
def test_pages_are_in_thai(client):
    page = client.get("/accounts/login/").content.decode()
    assert "เข้าสู่ระบบเจ้าหน้าที่" in page and "Staff sign-in" not in page
