"""The register books' pages: ทะเบียนหนังสือส่ง and ทะเบียนหนังสือรับ, searched, paged, exported."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from prongsai.core import files as user_files
from prongsai.core.access import get_for_org_or_404
from prongsai.documents import registers
from prongsai.documents.kind_forms import ReceivedForm, RegisterSearchForm
from prongsai.documents.models import ReceivedEntry
from prongsai.documents.render import html as html_renderer
from prongsai.documents.render.browser import RenderError
from prongsai.thai.dates import format_short
from prongsai.thai.digits import to_thai_digits

PER_PAGE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request) -> tuple[RegisterSearchForm, dict]:
    form = RegisterSearchForm(request.GET or None, years=registers.years(request.organisation))
    return form, form.filters()


def _sent(request):
    form, filters = _filters(request)
    return form, filters, registers.sent(request.organisation, **filters)


def _received(request):
    form, filters = _filters(request)
    filters.pop("book")
    return form, filters, registers.received(request.organisation, **filters)


@login_required
@permission_required("documents.view_document", raise_exception=True)
def sent(request):
    form, _filters_used, rows = _sent(request)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "documents/registers/sent.html", {"form": form, "page": page})


@login_required
@permission_required("documents.view_document", raise_exception=True)
def received(request):
    form, _filters_used, rows = _received(request)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    entry_form = ReceivedForm()
    return render(
        request, "documents/registers/received.html", {"form": form, "page": page, "entry_form": entry_form}
    )


@login_required
@permission_required("documents.keep_register", raise_exception=True)
def receive(request):
    """Record an incoming document; a refused form keeps what was typed and says why."""
    entry_form = ReceivedForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and entry_form.is_valid():
        data = entry_form.cleaned_data
        entry = registers.receive(request.organisation, data, data.get("file"), by=request.user)
        number = to_thai_digits(f"{entry.number}/{entry.year}")
        messages.success(request, _("Recorded as number %(n)s received.") % {"n": number})
        return redirect("documents:received_register")
    form, _filters_used, rows = _received(request)
    page = Paginator(rows, PER_PAGE).get_page(1)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "documents/registers/received.html",
        {"form": form, "page": page, "entry_form": entry_form, "show_entry_form": True}, status=status,
    )  # fmt: skip


@login_required
@permission_required("documents.view_document", raise_exception=True)
def received_file(request, received_entry_id):
    entry = get_for_org_or_404(ReceivedEntry, request.organisation, pk=received_entry_id)
    return user_files.serve_stored(entry.file, entry.filename or "document", as_attachment=True)


# --- exports ---------------------------------------------------------------------------------


def _title(kind: str, filters: dict) -> str:
    book = "ทะเบียนหนังสือส่ง" if kind == "sent" else "ทะเบียนหนังสือรับ"
    return f"{book} ปี {filters['year']}" if filters.get("year") else book


def _xlsx(title: str, columns, rows, stem: str) -> HttpResponse:
    response = HttpResponse(registers.to_xlsx(title, columns, rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


def _pdf(request, title: str, columns, rows, stem: str) -> HttpResponse:
    """The register printed landscape by the documents' PDF renderer (its warm Chromium)."""
    with tempfile.TemporaryDirectory(prefix="prongsai-register-") as tmp:
        workdir = Path(tmp)
        fonts = workdir / "fonts.css"
        fonts.write_text(html_renderer._fonts_css(), encoding="utf-8")
        page = workdir / "register.html"
        page.write_text(render_to_string("documents/print/register.html", {
            "title": title, "organisation": request.organisation, "columns": columns, "rows": rows,
            "printed": format_short(timezone.localdate()),
            "css_url": html_renderer.CSS.as_uri(), "fonts_css_url": fonts.as_uri(),
        }), encoding="utf-8")  # fmt: skip
        try:
            out = html_renderer.html_to_pdf(page, workdir / "register.pdf")
        except RenderError as exc:
            messages.error(request, _("The PDF could not be made: %(error)s") % {"error": exc})
            return redirect(request.path.rsplit(".", 1)[0] + "/")
        response = HttpResponse(out.read_bytes(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{timezone.localdate():%Y%m%d}.pdf"'
    return response


def _export(request, kind: str, fmt: str) -> HttpResponse:
    if kind == "sent":
        _form, filters, entries = _sent(request)
        columns, rows = registers.SENT_COLUMNS, registers.sent_rows(entries)
    else:
        _form, filters, entries = _received(request)
        columns, rows = registers.RECEIVED_COLUMNS, registers.received_rows(entries)
    title = _title(kind, filters)
    stem = f"{kind}-register"
    if fmt == "xlsx":
        return _xlsx(title, columns, rows, stem)
    return _pdf(request, title, columns, rows, stem)


@login_required
@permission_required("documents.view_document", raise_exception=True)
def sent_xlsx(request):
    return _export(request, "sent", "xlsx")


@login_required
@permission_required("documents.view_document", raise_exception=True)
def sent_pdf(request):
    return _export(request, "sent", "pdf")


@login_required
@permission_required("documents.view_document", raise_exception=True)
def received_xlsx(request):
    return _export(request, "received", "xlsx")


@login_required
@permission_required("documents.view_document", raise_exception=True)
def received_pdf(request):
    return _export(request, "received", "pdf")
