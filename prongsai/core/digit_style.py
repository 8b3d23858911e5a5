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

THAI, ARABIC = "thai", "arabic"
_STYLE: ContextVar[str] = ContextVar("official_digits", default=THAI)
_PAGE_SLUG: ContextVar[str | None] = ContextVar("official_digits_page", default=None)


def thai_digits_on() -> bool:
    return _STYLE.get() == THAI


def styled(text: str) -> str:
    return to_thai_digits(text) if thai_digits_on() else to_arabic_digits(text)


def arabic_page(html: str) -> str:
    """Thai digits written into templates and translations ("รอบ ๖ เดือน") follow the choice too.

    Only this direction is safe on a whole page: Thai digits never carry a code or an address,
    while Arabic ones do (receipt codes, links), so Thai pages rely on the filters instead.
    """
    return html if thai_digits_on() else to_arabic_digits(html)


@receiver(post_init, sender=Organisation)
def _page_organisation_loaded(sender, instance: Organisation, **kwargs) -> None:
    if instance.slug and instance.slug == _PAGE_SLUG.get() and "official_digits" in instance.__dict__:
        _STYLE.set(instance.official_digits)


class OfficialDigits:
    """Sets the style for the request and, for an organisation that chose Arabic, the page's digits."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        organisation = getattr(request, "organisation", None)
        style = _STYLE.set(organisation.official_digits if organisation is not None else THAI)
        page = _PAGE_SLUG.set(None)
        try:
            response = self.get_response(request)
            if (
                not thai_digits_on()
                and not response.streaming
                and "text/html" in response.get("Content-Type", "")
            ):
                response.content = arabic_page(response.content.decode(response.charset)).encode(
                    response.charset
                )
            return response
        finally:
            _PAGE_SLUG.reset(page)
            _STYLE.reset(style)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if "org_slug" in view_kwargs:
            _PAGE_SLUG.set(view_kwargs["org_slug"])
            _STYLE.set(THAI)  # until the page's organisation is read
