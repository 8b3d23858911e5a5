"""Response headers of the complainant's pages: never cached, nothing external, no referrer to others.

Applied by `channel.complainant_page`, which also makes the visitor anonymous."""

COMPLAINANT_CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def protect(response):
    response["Cache-Control"] = "no-store, max-age=0"
    response["Pragma"] = "no-cache"
    response["Expires"] = "0"
    # A user file (core/files.py) keeps its own stricter, sandboxing policy.
    response.headers.setdefault("Content-Security-Policy", COMPLAINANT_CSP)
    # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on the form posts,
    # which CSRF protection rightly refuses; other sites still learn nothing.
    response["Referrer-Policy"] = "same-origin"
    response["X-Frame-Options"] = "DENY"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cross-Origin-Opener-Policy"] = "same-origin"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
