"""The anonymous complaint channel: nothing it writes is tied to an account, a session or a request.

A complaint, a complainant's message or file, a receipt: the audit log names the channel
(`ACTOR`) as the author, never `request.user`, even when the visitor happens to be signed in as
staff, because "<officer> created complaint 6/2569" in /staff/audit/ unmasks the complainant.
Two layers, so no page or caller can forget it:
- `writes()` wraps every write of the channel in actions.py (the audit log's actor comes from
  `core.audit.acting_as`, which the request middleware sets to the signed-in user);
- `complainant_page` wraps every public complaint view: the view sees an anonymous visitor (no
  user, no organisation of staff, so templates, messages and notices cannot link either) and the
  response carries the complainant headers (headers.py).
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import wraps

from django.contrib.auth.models import AnonymousUser

from prongsai.complaints.headers import protect
from prongsai.core import audit

ACTOR = "anonymous complaint channel"


@contextmanager
def writes():
    with audit.acting_as(ACTOR):
        yield


def complainant_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.user = AnonymousUser()
        request.organisation = None
        with writes():
            return protect(view(request, *args, **kwargs))

    return wrapper
