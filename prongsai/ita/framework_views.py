"""The national administrator's pages for ITA frameworks: every year's state and versions,
import from a file, carry a year forward, and edit its parts; plus the framework page any staff
member reads.

Frameworks serve every organisation on the server, so every change is for superusers only
(`ita.edit_framework`). Pages edit the YAML mapping (`framework_forms`); `store` validates,
versions, audits and re-syncs the catalogues, so a view only says what happened.
"""

from __future__ import annotations

import re

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from prongsai.disclosure.models import Item
from prongsai.ita import results, store
from prongsai.ita.framework import FrameworkError, load_framework_from_text
from prongsai.ita.framework_forms import PAGES, ImportForm, ReasonForm, TextForm, editor_for
from prongsai.ita.models import FrameworkVersion

EDIT = "ita.edit_framework"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year_or_404(year: int) -> int:
    if year in results.known_years() or FrameworkVersion.objects.filter(year=year).exists():
        return year
    raise Http404(_("There is no ITA framework for %(year)s.") % {"year": year})


def _message(exc: FrameworkError) -> str:
    return f"{exc.message_th} ({exc.message_en})"


# Names of the framework's sections and fields, so an error names the field in Thai and English.
NAMES = {
    "oit_items": ("ข้อ OIT", "OIT item"),
    "oit_sub_indicators": ("ตัวชี้วัดย่อย", "sub-indicator"),
    "indicators": ("ตัวชี้วัด", "indicator"),
    "groups": ("เครื่องมือ", "tool"),
    "grade_bands": ("ช่วงคะแนน", "grade bands"),
    "result_levels": ("ระดับผลการประเมิน", "result level"),
    "iit_questions": ("คำถาม IIT", "IIT question"),
    "eit_questions": ("คำถาม EIT", "EIT question"),
    "sub_items": ("ข้อย่อย", "sub-item"),
    "scoring": ("วิธีคิดคะแนน", "scoring"),
    "sources": ("แหล่งที่มา", "source"),
    "code": ("รหัส", "code"),
    "title_th": ("ชื่อข้อ", "title"),
    "heading_th": ("หัวข้อ", "heading"),
    "indicator": ("ตัวชี้วัด", "indicator"),
    "sub_indicator": ("ตัวชี้วัดย่อย", "sub-indicator"),
    "requirement_th": ("สิ่งที่ต้องเผยแพร่", "what must be published"),
    "weight": ("น้ำหนัก", "weight"),
    "weight_total": ("น้ำหนักของเครื่องมือ", "tool weight"),
    "name_th": ("ชื่อ", "name"),
    "year": ("ปี", "year"),
    "rule": ("เงื่อนไข", "rule"),
    "level": ("ระดับ", "level"),
    "grade": ("ระดับ", "grade"),
    "min": ("คะแนนตั้งแต่", "from"),
    "max": ("คะแนนถึง", "to"),
    "min_total": ("คะแนนรวมขั้นต่ำ", "minimum total"),
    "min_tool_pct": ("ขั้นต่ำของแต่ละเครื่องมือ", "minimum of each tool"),
    "text_th": ("ข้อความคำถาม", "question"),
    "topic_th": ("ข้อความคำถาม", "question"),
    "pass_mark": ("เกณฑ์ผ่าน", "pass mark"),
    "verified": ("ยืนยันแล้ว", "verified"),
    "source": ("แหล่งที่มา", "source"),
    "reason": ("เหตุผล", "reason"),
    "file": ("ไฟล์", "file"),
}
_SEGMENT = re.compile(r"([a-z_]+)(?:\[(\d+)\])?$")
_CELL = re.compile(r"row (\d+), column ([A-Z]+) \((\w+)\)")


def field_names(path: str) -> tuple[str, str]:
    """A FrameworkError's field path (`ita-2571.oit_items[3].code`, `row 4, column A (code)`)
    as the field's name in Thai and in English."""
    if cell := _CELL.fullmatch(path):
        row, column, key = cell.groups()
        th, en = NAMES.get(key, (key, key))
        return f"แถว {row} คอลัมน์ {column} ({th})", f"row {row}, column {column} ({en})"
    thai, english = [], []
    for segment in path.split("."):
        found = _SEGMENT.fullmatch(segment)
        if not found or found.group(1) not in NAMES:
            continue  # the origin (ita-2571, a file name) or a grade's name
        th, en = NAMES[found.group(1)]
        number = f" {int(found.group(2)) + 1}" if found.group(2) else ""
        thai.append(th + number)
        english.append(en + number)
    if not thai:
        return path, path
    return " › ".join(thai), " › ".join(english)


def explain(exc: FrameworkError) -> dict:
    th, en = field_names(exc.field)
    return {"field_th": th, "field_en": en, "path": exc.field, "th": exc.message_th, "en": exc.message_en}


def review_summary(year: int) -> dict:
    """How many organisations' catalogue items of the year matched nothing in the new list."""
    rows = (
        Item.objects.filter(year=year, needs_review=True)
        .values("organisation__name_th")
        .annotate(items=Count("pk"))
        .order_by("-items", "organisation__name_th")
    )
    rows = list(rows[:50])
    totals = Item.objects.filter(year=year, needs_review=True).aggregate(
        items=Count("pk"), organisations=Count("organisation", distinct=True)
    )
    return {**totals, "rows": rows}


def _saved(request, year: int, version: FrameworkVersion, items_changed: bool = True) -> None:
    messages.success(
        request,
        _("ITA %(year)s framework saved as version %(number)s.") % {"year": year, "number": version.number},
    )
    if items_changed:
        summary = review_summary(year)
        if summary["items"]:
            messages.warning(
                request,
                _(
                    "%(items)s catalogue items of %(organisations)s organisations match nothing in the new "
                    "item list; they are kept with their publications and flagged for review."
                )
                % summary,
            )


# --- the list and one year -------------------------------------------------------------------


@login_required
@permission_required(EDIT, raise_exception=True)
def frameworks(request):
    versions: dict[int, list] = {}
    rows = (
        FrameworkVersion.objects.defer("text", "sha256")
        .select_related("created_by")
        .order_by("year", "-number")
    )
    for version in rows:
        versions.setdefault(version.year, []).append(version)
    years = [(state, versions.get(state.year, [])) for state in reversed(store.states())]
    return render(request, "ita/frameworks/list.html", {"years": years})


@login_required
@permission_required(EDIT, raise_exception=True)
def year_detail(request, year):
    _year_or_404(year)
    versions = (
        FrameworkVersion.objects.filter(year=year)
        .defer("text", "sha256")
        .select_related("created_by")
        .order_by("-number")
    )
    context = {
        "year": year,
        "state": store.state(year),
        "versions": versions,
        "pages": PAGES,
        "review": review_summary(year),
        "carry_form": ReasonForm(prefix="carry"),
    }
    return render(request, "ita/frameworks/year.html", context)


@login_required
@permission_required(EDIT, raise_exception=True)
def version_detail(request, year, number):
    versions = FrameworkVersion.objects.filter(year=year)
    version = get_object_or_404(versions.select_related("created_by"), number=number)
    latest = versions.order_by("-number").values_list("number", flat=True).first()
    context = {"version": version, "year": year, "latest": number == latest}
    return render(request, "ita/frameworks/version.html", context)


# --- changes -------------------------------------------------------------------------------


@login_required
@permission_required(EDIT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_year(request, year):
    _year_or_404(year)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = store.import_file(
                year, upload.read(), upload.name, user=request.user, reason=form.cleaned_data["reason"]
            )
        except FrameworkError as exc:
            errors.append(explain(exc))
        else:
            _saved(request, year, version)
            return redirect("ita:framework_year", year=year)
    return render(request, "ita/frameworks/import.html", {"form": form, "year": year, "errors": errors})


@login_required
@permission_required(EDIT, raise_exception=True)
def template_xlsx(request, year):
    _year_or_404(year)
    response = HttpResponse(store.xlsx_template(year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ita-{year}-oit-items.xlsx"'
    return response


@login_required
@permission_required(EDIT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def carry_forward(request, year):
    _year_or_404(year)
    state = store.state(year)
    if state.version is not None or state.carried_from is None:
        messages.error(request, _("ITA %(year)s already has a framework of its own.") % {"year": year})
        return redirect("ita:framework_year", year=year)
    form = ReasonForm(request.POST or None, prefix="carry")
    source = state.carry_source  # "carry 2570 forward to 2571", even when 2570 is carried itself
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            version = store.carry_forward(
                year, user=request.user, from_year=source, reason=form.cleaned_data["reason"]
            )
        except FrameworkError as exc:
            errors.append(explain(exc))
        else:
            _saved(request, year, version)
            return redirect("ita:framework_year", year=year)
    context = {"form": form, "year": year, "source": source, "state": state, "errors": errors}
    return render(request, "ita/frameworks/carry_forward.html", context)


@login_required
@permission_required(EDIT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def edit_part(request, year, page):
    _year_or_404(year)
    text = store.current_text(year)
    data = yaml.safe_load(text) or {}
    framework = results.framework_for(year)
    editor = editor_for(page, data, framework, request.POST if request.method == "POST" else None)
    if editor is None:
        raise Http404
    errors: list[dict] = []
    invalid = request.method == "POST" and not editor.is_valid()
    if request.method == "POST" and not invalid:
        changed = editor.apply()
        new_text = yaml.safe_dump(changed, allow_unicode=True, sort_keys=False, width=120)
        try:
            reason = editor.reason.cleaned_data["reason"]
            version = store.save_text(year, new_text, user=request.user, reason=reason)
        except FrameworkError as exc:
            errors.append(explain(exc))
            form, field = editor.locate(exc.field)
            if form is not None:
                form.add_error(field, _message(exc))
        else:
            items_changed = _items(data) != _items(changed)
            _saved(request, year, version, items_changed)
            return redirect("ita:framework_year", year=year)
    state = store.state(year)
    context = {"year": year, "editor": editor, "errors": errors, "invalid": invalid, "state": state}
    return render(request, "ita/frameworks/edit.html", context)


def _items(data: dict) -> list:
    items = data.get("oit_items")
    return [
        (e.get("code"), e.get("title_th"), e.get("sub_indicator"), e.get("indicator"))
        for e in (items if isinstance(items, list) else [])
        if isinstance(e, dict)
    ]


# --- the framework page every staff member reads, and the whole-YAML correction -------------


@login_required
def framework(request, year):
    try:
        shown = results.framework_for(year)
    except FrameworkError:
        raise Http404(_("There is no ITA framework for %(year)s.") % {"year": year}) from None
    return render(request, "ita/framework.html", {"framework": shown})


@login_required
@permission_required(EDIT, raise_exception=True)
@require_http_methods(["GET", "POST"])
def framework_edit(request, year):
    _year_or_404(year)
    form = TextForm(request.POST or None, initial={"text": store.current_text(year)})
    if request.method == "POST" and form.is_valid():
        try:
            load_framework_from_text(form.cleaned_data["text"], origin=f"ita-{year}")
            version = store.save_text(
                year, form.cleaned_data["text"], user=request.user, reason=form.cleaned_data["reason"]
            )
        except FrameworkError as exc:
            form.add_error("text", str(exc))
        else:
            _saved(request, year, version)
            return redirect("ita:framework", year=year)
    return render(request, "ita/framework_edit.html", {"form": form, "year": year})

