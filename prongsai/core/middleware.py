"""Request plumbing: the organisation a staff request works in, two-factor, security headers."""

from __future__ import annotations

from contextlib import suppress

from django.apps import apps
from django.db import connections, router
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

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


PRIVATE_PREFIXES = ("/staff/", "/accounts/", "/admin/")


def private_no_store(get_response):
    """Pages for signed-in staff are never kept by a browser or a shared cache.

    Set on every response to an authenticated request and under the staff, account and admin
    paths, overriding whatever a view chose; public pages for visitors keep their own caching.
    A session is only looked at when the request carries a session cookie.
    """
    from django.conf import settings

    def middleware(request):
        response = get_response(request)
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        # request.user is set further in, by the authentication middleware.
        signed_in = has_session and getattr(getattr(request, "user", None), "is_authenticated", False)
        if signed_in or request.path.startswith(PRIVATE_PREFIXES):
            response.headers["Cache-Control"] = "no-store, private"
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


# What a signed-in session may reach before its second step: with a device, only the code page;
# without one but in a role that needs it, only the set-up page (two_factor.py has the rules).
ALWAYS_OPEN = ("logout", "set_language")
OPEN_BEFORE_CODE = ("two_factor_verify", *ALWAYS_OPEN)
OPEN_BEFORE_ENROLMENT = ("two_factor_setup", *ALWAYS_OPEN)


def require_two_factor(get_response):
    """Staff with a confirmed device must enter a code; roles that read complaints must have one."""

    def middleware(request):
        user = request.user
        path = request.path
        if user.is_authenticated and not path.startswith("/static/") and not user.is_verified():
            from django_otp import user_has_device

            if user_has_device(user, confirmed=True):
                if not _is_one_of(path, OPEN_BEFORE_CODE):
                    return redirect(f"{reverse('two_factor_verify')}?next={path}")
            elif _needs_two_factor(user) and not _is_one_of(path, OPEN_BEFORE_ENROLMENT):
                return redirect("two_factor_setup")
        return get_response(request)

    return middleware


def _is_one_of(path: str, names: tuple[str, ...]) -> bool:
    return any(path == reverse(name) for name in names)


def _needs_two_factor(user) -> bool:
    from django.conf import settings

    from prongsai.core.access import roles_of
    from prongsai.core.roles import roles_need_two_factor

    if user.is_superuser and settings.TWO_FACTOR_FOR_SUPERUSERS:
        return True
    return roles_need_two_factor(sorted(roles_of(user)))


class DatabaseNotReady:
    """A database that is unreachable or not migrated gets a 503 page that says so, not a trace.

    Only that: a request that conflicts with stored data (a duplicate: IntegrityError; a value
    too long or out of range: DataError) is the request's fault, answered 409 or 400 with a
    sentence saying so; any other database error is a bug, left to the 500 handler.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db.utils import DatabaseError, DataError, IntegrityError
        from django.template.response import TemplateResponse

        from prongsai.core.setup_errors import explain_database_error, is_not_ready

        if isinstance(exception, IntegrityError | DataError):
            status = 409 if isinstance(exception, IntegrityError) else 400
            page = TemplateResponse(request, "core/data_conflict.html", {"status": status}, status=status)
            return page.render()
        if not isinstance(exception, DatabaseError) or not is_not_ready(exception):
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


class SecondFactor(OTPMiddleware):
    """django-otp's middleware, unchanged but for reading the session's device: every signed-in
    request asks for it, and one raw statement costs a fraction of compiling the ORM's query."""

    def _device_from_persistent_id(self, persistent_id: str):
        with suppress(ValueError, LookupError):
            label, device_id = self._normalize_persistent_id(persistent_id).rsplit("/", 1)
            model = apps.get_model(label)
            if not issubclass(model, Device):
                return None
            table = connections[router.db_for_read(model)].ops.quote_name(model._meta.db_table)
            rows = model.objects.raw(f"SELECT * FROM {table} WHERE id = %s", [int(device_id)])  # noqa: S608
            return next(iter(rows), None)
        return None
