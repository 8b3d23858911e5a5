"""งานของฉัน (my work): the staff landing page, and linking a LINE account for the digest."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from prongsai.workplace import kinds, line
from prongsai.workplace.entries import collect, for_request
from prongsai.workplace.models import LineAccount

logger = logging.getLogger(__name__)
PAGE_SIZE = 50


@login_required
@permission_required("core.view_dashboard", raise_exception=True)
def index(request):
    entries = for_request(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page, "rows": kinds.rows(page), "total": len(entries), "late": sum(e.late for e in entries),
    }  # fmt: skip
    return render(request, "workplace/index.html", context)


@login_required
@permission_required("core.view_dashboard", raise_exception=True)
def count(request):
    """The menu's count, asked for by the menu when its kept count is out of date (htmx)."""
    return render(request, "workplace/_count.html", {"work_count": len(collect(request.user))})


@login_required
@permission_required("core.view_dashboard", raise_exception=True)
def line_account(request):
    """Link a LINE account (send the code to the official account) or unlink it."""
    account = LineAccount.objects.filter(user=request.user).first()
    if request.method == "POST":
        if account is not None:
            account.delete()
            messages.success(request, _("Your LINE account is no longer linked."))
        return redirect("workplace:line")
    context = {"account": account, "configured": line.configured(), "code": line.link_code(request.user)}
    return render(request, "workplace/line.html", context)


@csrf_exempt  # LINE's servers call it; the channel secret's signature is the check
@require_POST
def line_webhook(request):
    try:
        linked = line.link_from_webhook(
            request.body.decode("utf-8", "replace"), request.headers.get("X-Line-Signature", "")
        )
    except line.LineError as exc:
        logger.warning("LINE webhook refused: %s", exc)
        return HttpResponseBadRequest("invalid signature", content_type="text/plain")
    return HttpResponse(f"linked {len(linked)}", content_type="text/plain")
