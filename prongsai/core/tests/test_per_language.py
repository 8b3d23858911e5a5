"""The layout's fixed parts are rendered once per language; everything else, every time."""

from django.template import Context, engines
from django.utils import translation

LAYOUT = (
    "{% load static per_language %}{% per_language %}"
    "<a href=\"{% address 'login' %}\">{% translate 'Staff sign-in' %}</a>"
    '<link href="{% static "core/prongsai.css" %}">'
    "<b>{{ name }}</b><i>{% translate message %}</i>{% if flag %}yes{% endif %}"
    "{% endper_language %}"
)


def render(template, language, **context):
    with translation.override(language):
        return template.render(context)


def test_each_language_keeps_its_own_words():
    template = engines["django"].from_string(LAYOUT)
    assert "เข้าสู่ระบบเจ้าหน้าที่" in render(template, "th")
    english = render(template, "en")
    assert "Staff sign-in" in english and "เข้าสู่ระบบ" not in english
    assert "เข้าสู่ระบบเจ้าหน้าที่" in render(template, "th")  # the Thai copy was not overwritten


def test_variables_translations_of_variables_and_conditions_follow_each_request():
    template = engines["django"].from_string(LAYOUT)
    first = render(template, "en", name="สมศรี", message="Menu", flag=True)
    second = render(template, "en", name="<script>", message="Sign out", flag=False)
    assert "<b>สมศรี</b><i>Menu</i>yes" in first
    assert "<b>&lt;script&gt;</b><i>Sign out</i>" in second and "yes" not in second
    assert second.startswith('<a href="/accounts/login/">Staff sign-in</a><link href="/static/')


def test_blocks_inside_the_tag_are_still_filled_by_the_child_page():
    engine = engines["django"].engine
    parent = engine.from_string(
        "{% load per_language %}{% per_language %}"
        "<h1>{% block title %}base{% endblock %}</h1>"
        "{% endper_language %}"
    )
    child = engine.from_string("{% extends parent %}{% block title %}ของลูก{% endblock %}")
    assert child.render(Context({"parent": parent})) == "<h1>ของลูก</h1>"
