"""The Jinja2 environment of the few pages rendered by Jinja2 instead of Django's engine (ADR 0007).

Why: the public OIT item page is what ITAS and assessors open for organisations all over the
country, mostly with a cold page cache, and Django's template engine was the largest part of its
cost. The same page in Jinja2 renders in well under two thirds of the time. Its helpers are the
ones Django's templates use (translations from the same catalogue, `reverse`, the cached
addresses and menu, the Thai date filters, htmx), so a page reads the same in either engine.
"""

from __future__ import annotations

from django.template.defaultfilters import linebreaks_filter
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django_htmx.jinja import htmx_script
from jinja2 import Environment

from prongsai.core.addresses import org_address, page_address
from prongsai.core.templatetags.public_menu import public_menu
from prongsai.core.templatetags.thai import thai_date


def url(name: str, **kwargs) -> str:
    """`{% url name key=value %}` as `url(name, key=value)`."""
    return reverse(name, kwargs=kwargs)


def environment(**options) -> Environment:
    options.pop("autoescape", None)  # always on, whatever the settings say
    options.setdefault("keep_trailing_newline", True)  # as Django's templates print them
    env = Environment(autoescape=True, extensions=["jinja2.ext.i18n"], **options)
    # Old-style gettext: `_("… %(year)s") % {"year": …}`, which `makemessages` finds as it finds
    # `{{ _("…") }}` in Django's templates, so both engines share one catalogue.
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    env.globals.update(
        url=url,
        static=static,
        address=page_address,
        org_address=org_address,
        public_menu=public_menu,
        htmx_script=htmx_script,
    )
    env.filters.update(thai_date=thai_date, linebreaks=linebreaks_filter)
    return env
