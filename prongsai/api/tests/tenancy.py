"""API rows for the tenant-isolation walk: a token whose name carries the marker."""

from prongsai.api.tokens import create_token


def populate(org, marker: str) -> None:
    create_token(org, f"{marker} e-Saraban", ["disclosure:write", "plans:read"])
