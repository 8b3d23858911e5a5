"""Complaint content that cannot be opened gets a 503 page that says why, never a 500 trace.

A missing or wrong key (COMPLAINTS_KEYS changed, or not set in production) is an operator's
mistake to fix, not a bug: the page tells the visitor the case is safe but unreadable for now, the
log tells the operator which setting to check. Nothing of the case is shown or logged.
"""

import logging

from django.template.response import TemplateResponse

from prongsai.complaints.crypto import DecryptionError, KeysNotConfigured

logger = logging.getLogger(__name__)


class KeysUnavailable:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DecryptionError | KeysNotConfigured):
            return None
        logger.error(
            "complaint content cannot be opened (%s): check COMPLAINTS_KEYS", type(exception).__name__
        )
        return TemplateResponse(request, "complaints/keys_unavailable.html", status=503).render()
