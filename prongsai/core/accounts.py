"""Staff sign-in: password login (locked out in `authenticate()`), then a second factor.

The rules for second factors are in core/two_factor.py; these views only ask and answer.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from prongsai.core import throttle, two_factor
from prongsai.core.forms import ReauthForm, ThrottledLoginForm, TokenForm, VerifyForm


def _wrong_code() -> str:
    return _("That code is not right. Check the time on your phone and try again.")


class LoginView(auth_views.LoginView):
    form_class = ThrottledLoginForm
    template_name = "core/login.html"
    redirect_authenticated_user = True


def admin_login(request, extra_context=None):
    """The admin has no sign-in form of its own: one form, one lockout, one second factor."""
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_superuser:
            return redirect("admin:index")
        raise PermissionDenied
    target = request.GET.get("next") or reverse("admin:index")
    return redirect(f"{reverse('login')}?{urlencode({'next': target})}")


class PasswordResetView(auth_views.PasswordResetView):
    """Throttled per address and per client; every request counts, known address or not."""

    template_name = "core/password_reset.html"

    def form_valid(self, form):
        if not throttle.reset_allowed(form.cleaned_data["email"], throttle.client_address(self.request)):
            form.add_error(None, _("Too many reset requests. Please try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def _safe_next(request, default: str = "core:dashboard"):
    target = request.GET.get("next") or request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def _ask_to_reauthenticate(request, then: str = ""):
    """To the code page if the session is not verified yet, else to re-authentication."""
    step = "two_factor_confirm" if request.user.is_verified() else "two_factor_verify"
    return redirect(f"{reverse(step)}?{urlencode({'next': then or request.path})}")


def _show_backup_codes(request, codes: list[str]):
    return render(request, "core/two_factor_backup_codes.html", {"codes": codes})


@login_required
def two_factor_setup(request):
    """Enrol an authenticator app: the secret as a QR code and as text, confirmed with one code."""
    if not two_factor.may_change(request):
        return _ask_to_reauthenticate(request)
    device = two_factor.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            codes = two_factor.enrol(request, device)
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is now on for your account."))
            return _show_backup_codes(request, codes) if codes else redirect("two_factor_manage")
        form.add_error("token", _wrong_code())
    context = {"form": form, "qr": _qr_svg(device.config_url), "text_key": two_factor.text_key(device)}
    return render(request, "core/two_factor_setup.html", context)


@login_required
def two_factor_verify(request):
    """The only way a session becomes verified: a code from a device the account already has."""
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = two_factor.matching_device(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return _safe_next(request)
        form.add_error("token", _wrong_code())
    return render(request, "core/two_factor_verify.html", {"form": form, "next": request.GET.get("next", "")})


@login_required
def two_factor_manage(request):
    from django_otp.plugins.otp_static.models import StaticToken

    context = {
        "has_device": two_factor.has_device(request.user),
        "backup_codes_left": StaticToken.objects.filter(device__user=request.user).count(),
    }
    return render(request, "core/two_factor_manage.html", context)


@login_required
def two_factor_confirm(request):
    """Re-authentication (password and a current code) before a second factor may change."""
    if not two_factor.has_device(request.user):
        return redirect("two_factor_setup")
    form = ReauthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if throttle.is_locked(request.user.get_username()):
            form.add_error(None, _("Too many failed attempts. Please try again later."))
        elif two_factor.reauthenticate(request, data["password"], data["token"]):
            return _safe_next(request, "two_factor_manage")
        else:
            form.add_error(None, _("The password or the code is not right."))
    return render(
        request, "core/two_factor_confirm.html", {"form": form, "next": request.GET.get("next", "")}
    )


@login_required
def two_factor_backup_codes(request):
    """New backup codes (the old ones stop working), shown once."""
    if not two_factor.has_device(request.user):
        return redirect("two_factor_setup")
    if not two_factor.may_change(request):
        return _ask_to_reauthenticate(request)
    if request.method == "POST":
        return _show_backup_codes(request, two_factor.regenerate_backup_codes(request))
    return render(request, "core/two_factor_backup_codes.html", {"codes": None})


@login_required
@require_POST
def two_factor_remove(request):
    if not two_factor.may_change(request):
        return _ask_to_reauthenticate(request, reverse("two_factor_manage"))
    two_factor.remove_all(request)
    messages.success(request, _("Two-factor sign-in was turned off for your account."))
    return redirect("two_factor_manage")
