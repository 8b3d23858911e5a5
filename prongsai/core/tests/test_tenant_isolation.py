"""Walk every URL the project has, as a member of organisation A, and find no row of B.

URLs are discovered from the resolver, not listed, so a new page is covered the day it is
added. Each app's `tests/tenancy.py` creates rows of its models with a marker text; a URL
argument named `<model>_id` is filled with a row of that model, and B's row must give 404.
"""

import importlib
import pkgutil

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

import prongsai
from prongsai.core.models import TenantModel
from prongsai.core.roles import ROLES
from prongsai.core.tests.factories import make_org, make_staff

MARKER_A = "QQORGAQQ"
MARKER_B = "ZZORGBZZ"
# Every role there is, so no page of any module is hidden from the walk behind a 403.
ALL_ROLES = tuple(ROLES)
# Pages that hold no tenant data at all, or the superuser-only Django admin, which by design
# serves the system administrators of every organisation.
EXEMPT_NAMESPACES = {"admin"}
# (An invitation link, like a reset link, names a login by a signed token: test_setup.py.)
EXEMPT_NAMES = {"set_language", "logout", "password_reset_confirm", "invitation_accept"}


def discover(patterns=None, namespace: str = "", kwargs: tuple = ()):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        names = kwargs + tuple(entry.pattern.converters)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace not in EXEMPT_NAMESPACES:
                yield from discover(entry.url_patterns, inner, names)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in EXEMPT_NAMES:
            yield f"{namespace}{entry.name}", names


def populate_every_app(org, marker):
    for module in pkgutil.iter_modules(prongsai.__path__):
        if not module.ispkg:
            continue
        try:
            tenancy = importlib.import_module(f"prongsai.{module.name}.tests.tenancy")
        except ModuleNotFoundError as exc:
            if exc.name != f"prongsai.{module.name}.tests.tenancy":
                raise
            continue
        tenancy.populate(org, marker)


def model_for(kwarg: str):
    wanted = kwarg.removesuffix("_id").replace("_", "")
    for model in apps.get_app_configs():
        if not model.name.startswith("prongsai."):
            continue
        for candidate in model.get_models():
            if candidate._meta.model_name == wanted:
                return candidate
    raise AssertionError(f"URL argument {kwarg!r} names no model; call it <model>_id")


def row_of(model, org):
    row = model.objects.for_org(org).order_by("pk").first()
    assert row is not None, f"tests/tenancy.py of {model._meta.app_label} must create a {model.__name__}"
    return row


@pytest.fixture
def two_orgs(db, client):
    org_a, org_b = make_org("org-a"), make_org("org-b")
    populate_every_app(org_a, MARKER_A)
    populate_every_app(org_b, MARKER_B)
    user = make_staff(org_a, roles=ALL_ROLES)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return org_a, org_b


def kwargs_for(names, org_a, org_b, use_b: bool) -> dict:
    values = {}
    for name in names:
        if name == "org_slug":
            values[name] = org_a.slug
        elif name == "year":
            values[name] = 2564  # every app's tenancy.py dates its yearly rows 2564
        elif name == "item_code":
            values[name] = "o1"  # an OIT item's readable address; disclosure's tenancy.py publishes o1
        elif name == "number":
            values[name] = 1  # a national framework version (ita/framework_views.py)
        elif name == "page":
            values[name] = "items"  # a framework edit page's name (ita/framework_forms.PAGES)
        elif name.endswith("_id"):
            values[name] = row_of(model_for(name), org_b if use_b else org_a).pk
        else:
            raise AssertionError(f"no rule to fill URL argument {name!r}: extend kwargs_for")
    return values


def test_every_tenant_model_is_populated_for_the_walk(two_orgs):
    _, org_b = two_orgs
    for model in apps.get_models():
        if issubclass(model, TenantModel) and model._meta.app_label != "otp_totp":
            assert model.objects.for_org(org_b).exists(), (
                f"add {model.__name__} to its app's tests/tenancy.py"
            )


def test_no_page_shows_another_organisations_rows(two_orgs, client):
    org_a, org_b = two_orgs
    walked = 0
    for name, names in discover():
        url = reverse(name, kwargs=kwargs_for(names, org_a, org_b, use_b=False))
        response = client.get(url)
        assert response.status_code < 500, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        # Files (PDF, images, XLSX) carry the marker as UTF-8 bytes too when they leak text.
        assert MARKER_B.encode() not in body, f"{url} shows organisation B's rows"
        walked += 1
        if any(n.endswith("_id") for n in names):
            foreign = reverse(name, kwargs=kwargs_for(names, org_a, org_b, use_b=True))
            status = client.get(foreign).status_code
            if status == 405:  # a POST-only action: posting to another organisation's row must find nothing
                status = client.post(foreign, {}).status_code
            assert status == 404, f"{foreign} must not exist for organisation A (got {status})"
    assert walked >= 10


def test_the_walk_would_see_a_leak(two_orgs, client):
    """The marker is really rendered where a row is shown, so a leak would be caught."""
    org_a, _ = two_orgs
    assert MARKER_A in client.get(reverse("core:structure")).content.decode()
    assert MARKER_A in client.get(reverse("public:home", kwargs={"org_slug": org_a.slug})).content.decode()
