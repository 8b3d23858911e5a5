"""Request plumbing: the organisation a staff request works in, two-factor, security headers."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

from prongsai.core import audit
from prongsai.core.models import Organisation

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def security_headers(get_response):
    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    return middleware


def organisation_for(request) -> Organisation | None:
    """Staff work in their own organisation; a superuser works in the one chosen in the session."""
    user = request.user
    if not user.is_authenticated:
        return None
    if user.is_superuser and request.session.get("organisation_id"):
        return Organisation.objects.filter(pk=request.session["organisation_id"]).first()
    return user.organisation


def current_organisation(get_response):
    def middleware(request):
        request.organisation = organisation_for(request)
        with audit.acting_as(request.user if request.user.is_authenticated else None):
            return get_response(request)

    return middleware


TWO_FACTOR_EXEMPT = ("two_factor_setup", "two_factor_verify", "logout", "set_language")


def require_two_factor(get_response):
    """Staff with a TOTP device must enter a code; roles that read complaints must have one."""

    def middleware(request):
        user = request.user
        path = request.path
        exempt = path.startswith(("/static/", "/media/")) or any(
            path == reverse(name) for name in TWO_FACTOR_EXEMPT
        )
        if user.is_authenticated and not exempt and not user.is_verified():
            from django_otp import user_has_device

            if user_has_device(user, confirmed=True):
                return redirect(f"{reverse('two_factor_verify')}?next={path}")
            if _needs_two_factor(user):
                return redirect("two_factor_setup")
        return get_response(request)

    return middleware


def _needs_two_factor(user) -> bool:
    from django.conf import settings

    from prongsai.core.access import roles_of
    from prongsai.core.roles import roles_need_two_factor

    if user.is_superuser and settings.TWO_FACTOR_FOR_SUPERUSERS:
        return True
    return roles_need_two_factor(sorted(roles_of(user)))


class DatabaseNotReady:
    """A database that is unreachable or not migrated gets a 503 page that says so, not a trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db.utils import DatabaseError
        from django.template.response import TemplateResponse

        from prongsai.core.setup_errors import explain_database_error

        if not isinstance(exception, DatabaseError):
            return None
        context = {"explanation": explain_database_error(exception)}
        return TemplateResponse(request, "core/database_not_ready.html", context, status=503).render()


def thai_first_language(get_response):
    """Thai unless the visitor chose English with the switch; the browser's language is not asked.

    Officers often use browsers set to English, and the official language of the pages is Thai.
    """
    from django.conf import settings
    from django.utils import translation

    choices = dict(settings.LANGUAGES)

    def middleware(request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in choices:
            language = settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        with translation.override(language):  # restored afterwards: nothing leaks to the thread's next use
            response = get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response

    return middleware
