from prongsai.core.access import roles_of


def organisation(request):
    return {
        "current_organisation": getattr(request, "organisation", None),
        "user_roles": roles_of(request.user) if hasattr(request, "user") else frozenset(),
    }
