"""Builders for API tests: a token of an organisation, and the header that carries it."""

from __future__ import annotations

from prongsai.api.models import SCOPES
from prongsai.api.tokens import create_token


def make_token(org, scopes=tuple(SCOPES), name="ระบบสารบรรณ", **fields):
    token, secret = create_token(org, name, scopes, **fields)
    return token, secret


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
