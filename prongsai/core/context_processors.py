from django.conf import settings
from django.utils.functional import SimpleLazyObject

from prongsai.core.access import roles_of
from prongsai.core.modules import MODULES, staff_links, staff_modules
from prongsai.core.notifications import unread_count


def organisation(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated  # a visitor's page builds no staff menu
    roles = roles_of(user) if signed_in else frozenset()
    return {
        "current_organisation": getattr(request, "organisation", None),
        "user_roles": roles,
        "modules": MODULES,
        # The staff menu: only the modules this reader may open (lazy, as the count below).
        "staff_modules": SimpleLazyObject(lambda: staff_modules(user)) if signed_in else [],
        "staff_links": SimpleLazyObject(lambda: staff_links(user, roles)) if signed_in else [],
        "source_code_url": settings.SOURCE_CODE_URL,
        # Lazy: only pages that show the staff menu pay for the count.
        "unread_notifications": SimpleLazyObject(lambda: unread_count(user)) if signed_in else 0,
    }
