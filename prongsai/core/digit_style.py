"""One digit style per page: Thai digits (๑๒๓) unless the organisation chose Arabic ones.

Official Thai usage prints Thai digits, and that is the default; some organisations publish with
Arabic digits. The choice is `Organisation.official_digits`. Template filters (`thai_digits`,
`thai_date`, ...) read it from here, so a page never mixes the two. Background work (documents,
exports) runs outside a request and keeps the official Thai default.

The style costs no query: a staff page takes it from the signed-in organisation, and a public
page from the organisation its view loads anyway (the `post_init` signal below notices the row
whose address is the page's).
"""

from __future__ import annotations

from contextvars import ContextVar

from django.db.models.signals import post_init
from django.dispatch import receiver

from prongsai.core.models import Organisation
from prongsai.thai.digits import to_arabic_digits, to_thai_digits
from prongsai.thai.page_digits import arabic_digits_in_page, thai_digits_in_text

THAI, ARABIC = "thai", "arabic"
_STYLE: ContextVar[str] = ContextVar("official_digits", default=THAI)
_PAGE_SLUG: ContextVar[str | None] = ContextVar("official_digits_page", default=None)
_IN_THAI: ContextVar[bool] = ContextVar("official_digits_in_thai", default=True)


def thai_digits_on() -> bool:
    return _STYLE.get() == THAI


def styled(text: str) -> str:
    return to_thai_digits(text) if thai_digits_on() else to_arabic_digits(text)


def page_in_style(html: str) -> str:
    """The page with one digit style, whichever path printed each figure.

    An organisation that chose Arabic digits gets every Thai digit turned Arabic: Thai digits never
    carry a code or an address. A public page of a Thai-digit organisation read in Thai (its
    official face) gets the Arabic digits of its visible words turned Thai; links, form values,
    codes and addresses keep theirs (`thai.page_digits`). Staff pages, and pages read in English,
    are left as their templates print them.
    """
    if _STYLE.get() != THAI:
        return arabic_digits_in_page(html)
    if _IN_THAI.get() and _PAGE_SLUG.get() is not None:
        return thai_digits_in_text(html)
    return html


def mark_styled(response):
    """Tells the middleware that `response` already holds its digits in the page's style."""
    response.digits_styled = True
    return response


@receiver(post_init, sender=Organisation)
def _page_organisation_loaded(sender, instance: Organisation, **kwargs) -> None:
    if "official_digits" in instance.__dict__:
        organisation_read(instance.slug, instance.official_digits)


def organisation_read(slug: str, official_digits: str) -> None:
    """An organisation was read: if it is the page's, the page takes its digit style. Loading its
    model instance says so by itself (above); a read that makes no instance says so here."""
    if slug and slug == _PAGE_SLUG.get():
        _STYLE.set(official_digits)


class OfficialDigits:
    """Sets the style for the request, and puts the finished page's digits in it (`page_in_style`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        organisation = getattr(request, "organisation", None)
        style = _STYLE.set(organisation.official_digits if organisation is not None else THAI)
        page = _PAGE_SLUG.set(None)
        in_thai = _IN_THAI.set(getattr(request, "LANGUAGE_CODE", "th").startswith("th"))
        try:
            response = self.get_response(request)
            if (
                not getattr(response, "digits_styled", False)
                and not response.streaming
                and "text/html" in response.get("Content-Type", "")
            ):
                html = response.content.decode(response.charset)
                styled_html = page_in_style(html)
                if styled_html is not html:
                    response.content = styled_html.encode(response.charset)
            return response
        finally:
            _IN_THAI.reset(in_thai)
            _PAGE_SLUG.reset(page)
            _STYLE.reset(style)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if "org_slug" in view_kwargs:
            _PAGE_SLUG.set(view_kwargs["org_slug"])
            _STYLE.set(THAI)  # until the page's organisation is read
