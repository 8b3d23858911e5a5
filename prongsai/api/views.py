"""Staff pages for API tokens: the organisation administrator makes and revokes them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from prongsai.api import tokens
from prongsai.api.forms import TokenForm
from prongsai.api.models import SCOPES, ApiToken
from prongsai.core.access import get_for_org_or_404

PAGE_SIZE = 25


@never_cache
@login_required
@permission_required("api.manage_tokens", raise_exception=True)
def token_list(request):
    """The organisation's tokens, and a form for a new one; the new secret is shown once."""
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = tokens.create_token(
            request.organisation,
            form.cleaned_data["name"],
            form.cleaned_data["scopes"],
            user=request.user,
            expires_at=form.expires_at,
        )
        form = TokenForm()
    rows = ApiToken.objects.for_org(request.organisation).order_by("-created_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "secret": secret, "scopes": SCOPES, "now": timezone.now()}
    return render(request, "api/tokens.html", context)


@require_POST
@login_required
@permission_required("api.manage_tokens", raise_exception=True)
def token_revoke(request, api_token_id):
    token = get_for_org_or_404(ApiToken, request.organisation, pk=api_token_id)
    tokens.revoke(token, user=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api_staff:tokens")
