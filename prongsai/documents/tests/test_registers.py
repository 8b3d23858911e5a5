"""The register books: numbered per calendar year and series, race-safe, searched, paged, exported."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, OperationalError, connection, transaction
from django.urls import reverse
from openpyxl import load_workbook

from prongsai.core.tests.factories import PASSWORD
from prongsai.documents import registers
from prongsai.documents.models import Book, DocumentSettings, ReceivedEntry, SentEntry

pytestmark = pytest.mark.django_db
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _entry(org, day, subject="เรื่อง", **kw):
    return registers.allocate(org, day=day, subject=subject, **kw)


def test_numbers_restart_each_calendar_year_not_each_fiscal_year(chain_org):
    org, _users = chain_org
    DocumentSettings.objects.update_or_create(organisation=org, defaults={"register_prefix": "กจ ๕๓๐๐๑/"})
    # 1 October opens a fiscal year, but the register runs on until 31 December.
    numbers = [_entry(org, day) for day in (date(2026, 9, 30), date(2026, 10, 1), date(2026, 12, 31))]
    assert [(e.year, e.number) for e in numbers] == [(2569, 1), (2569, 2), (2569, 3)]
    new_year = _entry(org, date(2027, 1, 1))
    assert (new_year.year, new_year.number, new_year.reference) == (2570, 1, "กจ ๕๓๐๐๑/๑")


def test_orders_and_announcements_have_series_of_their_own(chain_org):
    org, _users = chain_org
    day = date(2026, 12, 2)
    _entry(org, day)
    order = _entry(org, day, book=Book.ORDERS)
    announcement = _entry(org, day, book=Book.ANNOUNCEMENTS)
    assert (order.number, order.reference) == (1, "๑/๒๕๖๙")
    assert announcement.number == 1


def test_a_key_keeps_its_number_however_often_it_is_asked(chain_org):
    org, _users = chain_org
    first = _entry(org, date(2026, 12, 2), key="progress:1:6")
    again = _entry(org, date(2026, 12, 3), key="progress:1:6")
    assert again.pk == first.pk and SentEntry.objects.for_org(org).count() == 1


def test_the_database_refuses_a_duplicate_number(chain_org):
    org, _users = chain_org
    entry = _entry(org, date(2026, 12, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        SentEntry.objects.create(
            organisation=org, book=entry.book, year=entry.year, number=entry.number, reference="x",
            date=entry.date, subject="ซ้ำ",
        )  # fmt: skip


def test_numbers_are_per_organisation(chain_org):
    from prongsai.documents.tests.factories import make_chain_org

    org, _users = chain_org
    other, _other_users = make_chain_org()
    assert _entry(org, date(2026, 12, 2)).number == 1
    assert _entry(other, date(2026, 12, 2)).number == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_never_share_a_number(chain_org):
    """Eight threads, each with its own connection, take numbers at once: 1..8, no gap, no twin."""
    org, _users = chain_org
    errors, barrier = [], threading.Barrier(8)

    def take():
        try:
            barrier.wait(timeout=10)
            for _n in range(3):
                _entry(org, date(2026, 12, 2))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    numbers = sorted(SentEntry.objects.for_org(org).values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))  # no twin, no gap
    if connection.vendor == "postgresql":  # row locks: every thread waits its turn
        assert errors == [] and len(numbers) == 24
    else:  # the test's in-memory SQLite refuses a second writer at once instead of waiting
        assert all(isinstance(e, OperationalError) and "locked" in str(e) for e in errors), errors
        assert numbers  # and whatever was refused left no trace


def test_receiving_records_the_incoming_document_with_its_file(client, chain_org):
    org, users = chain_org
    client.login(username=users["analyst"].username, password=PASSWORD)
    answer = client.post(reverse("documents:receive"), {
        "sender": "อำเภอบ่อพลอย", "their_reference": "กจ 0018/12", "their_date": "2026-11-30",
        "subject": "ขอเชิญประชุม", "to": "นายกเทศมนตรี", "received_on": "2026-12-01",
        "file": SimpleUploadedFile("หนังสือ.pdf", PDF, content_type="application/pdf"),
    })  # fmt: skip
    assert answer.status_code == 302
    entry = ReceivedEntry.objects.for_org(org).get()
    assert (entry.year, entry.number, entry.sender, entry.their_date) == (
        2569,
        1,
        "อำเภอบ่อพลอย",
        date(2026, 11, 30),
    )
    assert entry.file and entry.filename.endswith(".pdf")
    download = client.get(reverse("documents:received_file", args=[entry.pk]))
    assert download.status_code == 200 and b"".join(
        download.streaming_content if download.streaming else [download.content]
    ).startswith(b"%PDF")


def test_a_refused_incoming_record_keeps_what_was_typed(client, chain_org):
    org, users = chain_org
    client.login(username=users["analyst"].username, password=PASSWORD)
    answer = client.post(reverse("documents:receive"), {
        "sender": "อำเภอบ่อพลอย", "subject": "", "to": "นายก",
        "file": SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>", "application/pdf"),
    })  # fmt: skip
    assert answer.status_code == 400
    body = answer.content.decode()
    assert "อำเภอบ่อพลอย" in body and "<script>alert(1)" not in body
    assert ReceivedEntry.objects.for_org(org).count() == 0


def test_only_register_keepers_record(client, chain_org):
    _org, users = chain_org
    client.login(username=users["head"].username, password=PASSWORD)
    assert client.get(reverse("documents:received_register")).status_code == 200
    assert client.post(reverse("documents:receive"), {"sender": "ก"}).status_code == 403


def test_the_send_register_searches_by_subject_and_by_number_in_arabic_digits(client, chain_org):
    org, users = chain_org
    for n in range(12):
        _entry(org, date(2026, 12, 2), subject=f"เรื่องที่ {n}" if n != 11 else "ขอเชิญประชุมประจำเดือน")
    client.login(username=users["analyst"].username, password=PASSWORD)
    url = reverse("documents:sent_register")
    found = client.get(url, {"q": "ประชุม"}).content.decode()
    assert "ขอเชิญประชุมประจำเดือน" in found and "เรื่องที่ 3" not in found
    by_number = client.get(url, {"q": "12"}).content.decode()
    assert "ขอเชิญประชุมประจำเดือน" in by_number  # number ๑๒
    assert client.get(url, {"calendar_year": "not a year", "book": "nonsense"}).status_code == 200


def test_register_pages_take_the_same_queries_for_10_or_60_entries(
    client, chain_org, django_assert_max_num_queries
):
    org, users = chain_org
    client.login(username=users["analyst"].username, password=PASSWORD)
    client.get(reverse("documents:sent_register"))  # warm the session and caches
    for n in range(10):
        _entry(org, date(2026, 12, 2), subject=f"ก{n}")
        registers.receive(
            org, {"sender": "ก", "subject": f"ข{n}", "to": "ค", "received_on": date(2026, 12, 2)}
        )
    counts = {}
    for size in (10, 60):
        while SentEntry.objects.for_org(org).count() < size:
            _entry(org, date(2026, 12, 2), subject="ง")
            registers.receive(
                org, {"sender": "ก", "subject": "จ", "to": "ค", "received_on": date(2026, 12, 2)}
            )
        from django.test.utils import CaptureQueriesContext

        for name in ("documents:sent_register", "documents:received_register"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(name)).status_code == 200
            counts.setdefault(name, []).append(len(queries))
    for name, (small, large) in counts.items():
        assert small == large, name
        assert large <= 16, (name, large)


def test_the_send_register_exports_to_xlsx_with_formulas_kept_as_text(client, chain_org):
    org, users = chain_org
    _entry(org, date(2026, 12, 2), subject='=HYPERLINK("http://x")')
    _entry(org, date(2026, 12, 3), subject="ขอเชิญประชุม", to="นายอำเภอ")
    client.login(username=users["analyst"].username, password=PASSWORD)
    answer = client.get(reverse("documents:sent_register_xlsx"), {"q": "ประชุม"})
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == registers.SENT_COLUMNS
    assert [r[4] for r in rows[1:]] == ["ขอเชิญประชุม"]
    everything = load_workbook(io.BytesIO(client.get(reverse("documents:sent_register_xlsx")).content)).active
    subjects = [r[4] for r in everything.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x")' in subjects


def test_the_receive_register_exports_to_xlsx(client, chain_org):
    org, users = chain_org
    registers.receive(
        org, {"sender": "อำเภอ", "subject": "หนังสือเวียน", "to": "ปลัด", "received_on": date(2026, 12, 1)}
    )
    client.login(username=users["analyst"].username, password=PASSWORD)
    answer = client.get(reverse("documents:received_register_xlsx"))
    rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "๑/๒๕๖๙" and rows[1][6] == "หนังสือเวียน"


@pytest.mark.browser
def test_both_registers_print_to_pdf(client, chain_org):
    org, users = chain_org
    _entry(org, date(2026, 12, 2), subject="ขอเชิญประชุม")
    registers.receive(
        org, {"sender": "อำเภอ", "subject": "หนังสือเวียน", "to": "ปลัด", "received_on": date(2026, 12, 1)}
    )
    client.login(username=users["analyst"].username, password=PASSWORD)
    for name in ("documents:sent_register_pdf", "documents:received_register_pdf"):
        answer = client.get(reverse(name))
        assert answer.status_code == 200 and answer.content.startswith(b"%PDF"), name


def test_another_organisations_entries_stay_out_of_sight(client, chain_org):
    from prongsai.documents.tests.factories import make_chain_org

    _org, users = chain_org
    other, _other_users = make_chain_org()
    _entry(other, date(2026, 12, 2), subject="ของหน่วยงานอื่น")
    theirs = registers.receive(
        other, {"sender": "ก", "subject": "ลับของเขา", "to": "ข", "received_on": date(2026, 12, 1)}
    )
    client.login(username=users["analyst"].username, password=PASSWORD)
    assert "ของหน่วยงานอื่น" not in client.get(reverse("documents:sent_register")).content.decode()
    assert "ลับของเขา" not in client.get(reverse("documents:received_register")).content.decode()
    assert client.get(reverse("documents:received_file", args=[theirs.pk])).status_code == 404


def test_a_progress_report_memo_gets_a_number_and_keeps_it():
    from prongsai.documents import progress
    from prongsai.plans import drafting, reports
    from prongsai.plans.tests.factories import make_member, make_seed_org

    org, units = make_seed_org()
    DocumentSettings.objects.update_or_create(organisation=org, defaults={"register_prefix": "กจ ๕๓๐๐๑/"})
    plan, _ = drafting.draft_plan(org, 2565, lowest_only=True)
    author = make_member(org, units["งานวิเคราะห์นโยบายและแผน"], roles=("analyst",)).person
    _entry(org, date(2026, 12, 1))  # a letter took number ๑ this year
    report = reports.progress_report(plan, 6)
    first = progress.content_for(report, author, date(2026, 12, 2)).memo.reference
    again = progress.content_for(report, author, date(2026, 12, 3)).memo.reference
    assert first == again == "กจ ๕๓๐๐๑/๒"
    twelve = progress.content_for(reports.progress_report(plan, 12), author, date(2026, 12, 3)).memo.reference
    assert twelve == "กจ ๕๓๐๐๑/๓"
    entry = SentEntry.objects.for_org(org).get(key=f"progress:{plan.pk}:6")
    assert "รอบ ๖ เดือน" in entry.subject
