"""The register books: ทะเบียนหนังสือส่ง (the numbers of what the office issues) and ทะเบียนหนังสือรับ.

The correspondence rules (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ) number each book from ๑ at
the start of every *calendar* year, not by fiscal year. Orders (คำสั่ง) and announcements (ประกาศ)
run series of their own, written "๑/๒๕๖๙"; letters and memos carry the organisation's prefix,
"กจ ๕๓๐๐๑/๑". A progress-report memo, which is not a Document row, is numbered by a key, so printing
it again keeps its number.

Allocation is race-safe on both databases: the organisation's row is locked (select_for_update on
PostgreSQL; on SQLite every transaction takes the write lock when it begins, `transaction_mode`
IMMEDIATE in settings) before the highest number is read, and the unique constraints refuse a
duplicate should anything slip past.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from prongsai.core import audit, sheets
from prongsai.core import files as user_files
from prongsai.core.models import Organisation
from prongsai.documents.models import Book, Document, DocumentSettings, ReceivedEntry, SentEntry
from prongsai.thai.dates import format_short
from prongsai.thai.digits import to_thai_digits

SENT_COLUMNS = ("ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "หมายเหตุ")
RECEIVED_COLUMNS = ("เลขทะเบียนรับ", "วันที่รับ", "ที่", "ลงวันที่", "จาก", "ถึง", "เรื่อง", "การปฏิบัติ")


def calendar_year(day: date) -> int:
    """The Buddhist-era calendar year of `day`: the year a register's numbers run in."""
    return day.year + 543


def reference(organisation: Organisation, book: str, year: int, number: int) -> str:
    if book == Book.SENT:
        row = DocumentSettings.objects.for_org(organisation).first()
        return to_thai_digits(f"{row.register_prefix if row else ''}{number}")
    return to_thai_digits(f"{number}/{year}")


def _lock(organisation: Organisation) -> None:
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _next(queryset) -> int:
    return (queryset.aggregate(last=Max("number"))["last"] or 0) + 1


def allocate(
    organisation: Organisation, *, book: str = Book.SENT, day: date | None = None, subject: str,
    to: str = "", sender: str = "", document: Document | None = None, key: str = "", by=None,
) -> SentEntry:  # fmt: skip
    """The next number of `book` in the calendar year of `day`, recorded in the send register.

    With `key`, the entry already recorded under that key is returned instead of a new number.
    """
    day = day or timezone.localdate()
    with transaction.atomic(), audit.acting_as(by or "register"):
        _lock(organisation)
        if key:
            existing = SentEntry.objects.for_org(organisation).filter(key=key).first()
            if existing is not None:
                return existing
        year = calendar_year(day)
        number = _next(SentEntry.objects.for_org(organisation).filter(book=book, year=year))
        return SentEntry.objects.create(
            organisation=organisation, book=book, year=year, number=number,
            reference=reference(organisation, book, year, number), date=day, subject=subject[:500],
            to=to[:300], sender=sender[:300], document=document, key=key,
        )  # fmt: skip


def number_document(document: Document, book: str, sender: str = "", by=None) -> SentEntry:
    """Give the document its number in `book` for the calendar year of its date (once).

    A document that already carries a number (the demo's seed memo, an import) is recorded in the
    register with that number instead of taking a new one.
    """
    entry = document.register_entries.first()
    if entry is not None:
        return entry
    day = document.doc_date or timezone.localdate()
    if document.register_number:
        with transaction.atomic(), audit.acting_as(by or "register"):
            year, number = document.register_year or calendar_year(day), document.register_number
            return SentEntry.objects.create(
                organisation=document.organisation, book=book, year=year, number=number,
                reference=document.reference or reference(document.organisation, book, year, number),
                date=day, subject=document.subject[:500], to=document.to[:300], sender=sender[:300],
                document=document, key=f"document:{document.pk}",
            )  # fmt: skip
    entry = allocate(
        document.organisation, book=book, day=day, subject=document.subject, to=document.to,
        sender=sender, document=document, key=f"document:{document.pk}", by=by,
    )  # fmt: skip
    document.register_year, document.register_number, document.reference = (
        entry.year, entry.number, entry.reference,
    )  # fmt: skip
    return entry


def receive(organisation: Organisation, data: dict, upload=None, by=None) -> ReceivedEntry:
    """Record an incoming document under the next number received this calendar year.

    `upload` is a file already accepted by `core.files.accept` (checked by its bytes).
    """
    received_on = data.get("received_on") or timezone.localdate()
    stored = user_files.save("documents/received", upload) if upload else ""
    with transaction.atomic(), audit.acting_as(by or "register"):
        _lock(organisation)
        year = calendar_year(received_on)
        number = _next(ReceivedEntry.objects.for_org(organisation).filter(year=year))
        return ReceivedEntry.objects.create(
            organisation=organisation, year=year, number=number, received_on=received_on,
            sender=data["sender"], their_reference=data.get("their_reference", ""),
            their_date=data.get("their_date"), subject=data["subject"], to=data["to"],
            action=data.get("action", ""), file=stored,
            filename=upload.display_name[:200] if upload else "",
            recorded_by=by,
        )  # fmt: skip


# --- finding and exporting -------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [w for w in (text or "").split() if w][:8]


def sent(organisation: Organisation, *, year: int | None = None, q: str = "", book: str = ""):
    rows = SentEntry.objects.for_org(organisation).select_related("document")
    if year:
        rows = rows.filter(year=year)
    if book:
        rows = rows.filter(book=book)
    for word in _words(q):  # a reference is kept in Thai digits; "12" finds "๑๒"
        thai = to_thai_digits(word)
        rows = rows.filter(
            Q(subject__icontains=word) | Q(to__icontains=word) | Q(sender__icontains=word)
            | Q(reference__icontains=thai) | Q(reference__icontains=word)
        )  # fmt: skip
    return rows.order_by("-year", "book", "-number")


def received(organisation: Organisation, *, year: int | None = None, q: str = ""):
    rows = ReceivedEntry.objects.for_org(organisation)
    if year:
        rows = rows.filter(year=year)
    for word in _words(q):
        thai = to_thai_digits(word)
        rows = rows.filter(
            Q(subject__icontains=word) | Q(to__icontains=word) | Q(sender__icontains=word)
            | Q(their_reference__icontains=thai) | Q(their_reference__icontains=word)
            | Q(action__icontains=word)
        )  # fmt: skip
    return rows.order_by("-year", "-number")


def years(organisation: Organisation) -> list[int]:
    """Calendar years with entries in either book, newest first, always with this year."""
    found = set(SentEntry.objects.for_org(organisation).values_list("year", flat=True))
    found |= set(ReceivedEntry.objects.for_org(organisation).values_list("year", flat=True))
    found.add(calendar_year(timezone.localdate()))
    return sorted(found, reverse=True)


def _day(value: date | None) -> str:
    return to_thai_digits(format_short(value)) if value else ""


def _series(entry: SentEntry) -> str:
    return "" if entry.book == Book.SENT else str(entry.get_book_display())


def sent_rows(entries) -> list[tuple]:
    return [(e.reference, _day(e.date), e.sender, e.to, e.subject, _series(e)) for e in entries]


def received_rows(entries) -> list[tuple]:
    return [
        (to_thai_digits(f"{e.number}/{e.year}"), _day(e.received_on), e.their_reference, _day(e.their_date),
         e.sender, e.to, e.subject, e.action)
        for e in entries
    ]  # fmt: skip


def to_xlsx(title: str, columns: tuple[str, ...], rows: list[tuple]) -> bytes:
    """The register as a workbook (core/sheets.py: typed text never runs as a formula)."""
    widths = dict(zip("ABCDEFGH", (16, 14, 28, 28, 60, 24, 40, 24), strict=False))
    return sheets.xlsx_bytes({title: [columns, *rows]}, widths=widths)
