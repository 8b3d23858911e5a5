"""Pages rendered by Jinja2 (docs/adr/0007) print the same layout and words as Django's templates."""

import re
from pathlib import Path

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.template import engines
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation.template import templatize

from prongsai.core.tests.factories import make_org, make_staff
from prongsai.core.tests.test_translations import po_entries

pytestmark = pytest.mark.django_db

PAGE = (  # a child page in the syntax both engines read
    '{% extends "public_base.html" %}'
    "{% block title %}หัวเรื่อง{% endblock %}{% block content %}<p>เนื้อหา</p>{% endblock %}"
)
JINJA_TEMPLATES = sorted(Path(__file__).resolve().parents[2].glob("*/jinja2/**/*.html"))
TOKEN = re.compile(r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+')
SAME_ENTITY = {"&#34;": "&quot;", "&#39;": "&#x27;"}  # Jinja2's spelling of a quote, and Django's


def both_engines(request, organisation) -> tuple[str, str]:
    """The same child page through Django's public_base.html and through the Jinja2 layout."""
    context = {"organisation": organisation}
    django_html = engines["django"].from_string(PAGE).render(context, request)
    jinja_html = engines["jinja2"].from_string(PAGE).render(context, request)
    for jinja_spelling, django_spelling in SAME_ENTITY.items():
        jinja_html = jinja_html.replace(jinja_spelling, django_spelling)
    return TOKEN.sub(r"\1token", django_html), TOKEN.sub(r"\1token", jinja_html)


def request_as(user, path="/org-a/disclosure/2569/o1/?page=2&q=%22x%22"):
    request = RequestFactory().get(path)
    request.user, request.session = user, SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.parametrize("language", ["th", "en"])
def test_a_visitor_gets_the_same_layout_from_both_engines(language):
    organisation = make_org("org-a", name_th='เทศบาล "ทดสอบ" & <ตัวอย่าง>')
    with translation.override(language):
        django_html, jinja_html = both_engines(request_as(AnonymousUser()), organisation)
    assert "หัวเรื่อง" in jinja_html and "<p>เนื้อหา</p>" in jinja_html and "&lt;ตัวอย่าง&gt;" in jinja_html
    assert jinja_html == django_html


def test_signed_in_staff_with_a_message_get_the_same_layout_from_both_engines():
    organisation = make_org("org-a")
    request = request_as(make_staff(organisation, "clerk"))
    messages.success(request, "บันทึกแล้ว <b>")
    django_html, jinja_html = both_engines(request, organisation)
    assert "บันทึกแล้ว &lt;b&gt;" in jinja_html and 'name="csrfmiddlewaretoken"' in jinja_html
    assert jinja_html == django_html


def jinja_messages(path: Path) -> list[str]:
    return re.findall(r"""_\((?:"([^"]+)"|'([^']+)')\)""", path.read_text(encoding="utf-8"))


def test_every_word_of_a_jinja_page_is_in_the_catalogue_and_found_by_makemessages():
    translated = {msgid for msgid, msgstr, fuzzy in po_entries() if msgstr and not fuzzy}
    assert JINJA_TEMPLATES, "no Jinja2 templates found"
    for path in JINJA_TEMPLATES:
        found = [a or b for a, b in jinja_messages(path)]
        assert found, path
        extracted = templatize(path.read_text(encoding="utf-8"), origin=str(path))  # what makemessages reads
        for msgid in found:
            assert msgid in translated, f"{path.name}: {msgid!r} has no Thai translation"
            assert f'_("{msgid}")' in extracted or f"_('{msgid}')" in extracted, (path.name, msgid)
