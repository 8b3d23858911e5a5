from django.utils.functional import SimpleLazyObject

from prongsai.workplace.entries import cached_count, for_request

# Pages that gather the list anyway: their menu shows the count they found.
LISTING = {"core:dashboard", "workplace:index"}


def work_count(request):
    """The count beside "My work" in the staff menu. Other pages read the kept count
    (entries.cached_count); None means it is out of date, and the menu asks for it by itself."""
    user = getattr(request, "user", None)

    def count():
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in LISTING and user.is_authenticated:
            return len(for_request(request))
        return cached_count(user)

    return {"work_count": SimpleLazyObject(count) if user is not None and user.is_authenticated else None}
