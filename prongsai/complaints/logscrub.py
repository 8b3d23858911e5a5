"""Keep complainants' requests out of the logs.

Django's request and security loggers attach the request to each record (and a formatter or
the admin e-mail handler may print its headers, address and agent). For the public complaint
pages the request is removed from the record before any handler sees it. The front web server
(gunicorn, nginx) must also run without access logs, or without the client address in them:
see the deployment notes in the report.
"""

import logging

LOGGERS = ("django.request", "django.security", "django.security.csrf", "django.server")


def is_complainant_path(path: str) -> bool:
    return "/complaints/" in path and not path.startswith("/staff/")


class DropComplainantRequest(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", "") or ""
        if request is not None and is_complainant_path(path):
            record.request = None
            record.args = (
                tuple(a for a in (record.args or ()) if a is not request)
                if isinstance(record.args, tuple)
                else record.args
            )
        server_line = record.getMessage() if record.name == "django.server" else ""
        return not (server_line and "/complaints/" in server_line)


def install() -> None:
    scrub = DropComplainantRequest()
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, DropComplainantRequest) for f in logger.filters):
            logger.addFilter(scrub)
