"""The LINE Messaging API, through line-bot-sdk: push a text to a linked account, and link one.

Configured from the environment (docs/configuration.md): LINE_CHANNEL_ACCESS_TOKEN to send,
LINE_CHANNEL_SECRET to check the webhook's signature, LINE_API_URL for another endpoint (the
tests' local fake server). Without a token nothing is sent and the page says so.

Linking: the staff page shows a code signed for the login (valid for a day); the person sends it
to the organisation's LINE official account, whose webhook call (signed by LINE with the channel
secret) names the LINE user; `link_from_webhook` keeps that id for the login.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.core import signing
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import ApiClient, Configuration, MessagingApi, PushMessageRequest, TextMessage
from linebot.v3.webhooks import MessageEvent, TextMessageContent

from prongsai.core.models import User
from prongsai.workplace.models import LineAccount

logger = logging.getLogger(__name__)
CODE_SALT = "prongsai.workplace.line-link"
CODE_MAX_AGE = 24 * 3600
MAX_TEXT = 5000  # the Messaging API's limit for one text message
CODE_PATTERN = re.compile(r"\d+:[0-9A-Za-z]+:[0-9A-Za-z_-]+")


class LineError(Exception):
    pass


def configured() -> bool:
    return bool(settings.LINE_CHANNEL_ACCESS_TOKEN)


def push(line_user_id: str, text: str) -> None:
    """Send one text message; raises LineError when LINE refuses it (the task then fails)."""
    configuration = Configuration(
        host=settings.LINE_API_URL.rstrip("/"), access_token=settings.LINE_CHANNEL_ACCESS_TOKEN
    )
    with ApiClient(configuration) as client:
        try:
            MessagingApi(client).push_message(
                PushMessageRequest(to=line_user_id, messages=[TextMessage(text=text[:MAX_TEXT])])
            )
        except Exception as exc:  # the SDK's ApiException, or the connection failing
            raise LineError(f"LINE push failed: {type(exc).__name__}: {str(exc)[:200]}") from None


def link_code(user: User) -> str:
    return signing.TimestampSigner(salt=CODE_SALT).sign(str(user.pk))


def user_for_code(text: str) -> User | None:
    found = CODE_PATTERN.search(text or "")
    if not found:
        return None
    try:
        user_id = signing.TimestampSigner(salt=CODE_SALT).unsign(found.group(0), max_age=CODE_MAX_AGE)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=int(user_id), is_active=True, organisation__isnull=False).first()


def link_from_webhook(body: str, signature: str) -> list[LineAccount]:
    """Link the logins whose codes arrived in a webhook call; raises LineError on a bad signature."""
    if not settings.LINE_CHANNEL_SECRET:
        raise LineError("LINE_CHANNEL_SECRET is not set")
    try:
        events = WebhookParser(settings.LINE_CHANNEL_SECRET).parse(body, signature)
    except (InvalidSignatureError, ValueError, KeyError, TypeError) as exc:
        raise LineError(f"webhook refused: {type(exc).__name__}") from None
    linked = []
    for event in events:
        if not isinstance(event, MessageEvent) or not isinstance(event.message, TextMessageContent):
            continue
        line_user_id = getattr(event.source, "user_id", None)
        user = user_for_code(event.message.text)
        if user is None or not line_user_id:
            continue
        account, _created = LineAccount.objects.update_or_create(
            user=user, defaults={"organisation_id": user.organisation_id, "line_user_id": line_user_id}
        )
        linked.append(account)
    return linked
