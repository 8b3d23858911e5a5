"""Structured logs (LOG_FORMAT=json): one JSON object per line, for a log collector, with no personal data.

A line has `time` (UTC, ISO 8601), `level`, `logger` and `message`; a line written while a request
is served adds its `request_id`, and the one line per request (logger `prongsai.request`) adds
`method`, `path`, `status` and `duration_ms`. What a line never carries, whatever the code logs:
client addresses, user names, e-mail addresses, query strings and request bodies. The request
object a Django logger attaches is never printed, only the fields above; a path is printed without
its query string, and a complaint path (public or staff) only as its URL pattern, so no case id
or number reaches the logs (complaints/logscrub.py keeps complainants' requests out of records).
Messages are scrubbed of e-mail and IP addresses and of query strings as a last line of defence.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

from prongsai.complaints.logscrub import is_complainant_path

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
request_logger = logging.getLogger("prongsai.request")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
_IPV6 = re.compile(
    r"(?<![\w:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:)*:(?::?[0-9A-Fa-f]{1,4})+)(?![\w:])"
)
_QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")
_COMPLAINT_PATH = re.compile(r"(/complaints/)[^\s\"']*")
_INCOMING_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


def scrub(text: str) -> str:
    """A message without e-mail or IP addresses, query strings or what follows /complaints/."""
    text = _EMAIL.sub("<email>", text)
    text = _QUERY.sub(r"\1", text)
    text = _COMPLAINT_PATH.sub(r"\1…", text)
    text = _IPV4.sub("<ip>", text)
    return _IPV6.sub("<ip>", text)


def log_path(request) -> str:
    """The path as logged: no query string; a complaint page only as its URL pattern."""
    path = request.path
    if is_complainant_path(path) or path.startswith("/staff/complaints/"):
        match = getattr(request, "resolver_match", None)
        return "/" + match.route if match is not None else _COMPLAINT_PATH.sub(r"\1…", path)
    return path


class JsonFormatter(logging.Formatter):
    FIELDS = ("method", "path", "status", "duration_ms")

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        rid = getattr(record, "request_id", "") or request_id.get()
        if rid:
            line["request_id"] = rid
        for name in self.FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


class RequestLog:
    """One `prongsai.request` line per request, with its id; only with LOG_FORMAT=json.

    The id is the front server's X-Request-ID when it looks like one (nginx `$request_id`), else new,
    so a line of nginx's log and of ours can be matched; every line logged meanwhile carries it."""

    def __init__(self, get_response):
        if getattr(settings, "LOG_FORMAT", "text") != "json":
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if _INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex
        # Left set after the response: Django logs a 4xx/5xx after the middleware returns, and the
        # next request on this thread sets its own.
        request_id.set(rid)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            request_logger.info(
                "request",
                extra={
                    "request_id": rid,
                    "method": request.method,
                    "path": log_path(request),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
