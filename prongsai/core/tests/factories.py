"""Plain test data builders with sensible defaults; one way to make each thing."""

from __future__ import annotations

import itertools

from prongsai.core.models import Organisation, OrganisationKind, Person, Position, Unit, User

_n = itertools.count(1)
PASSWORD = "correct-horse-battery-9"


def make_org(slug: str | None = None, **fields) -> Organisation:
    n = next(_n)
    defaults = {
        "slug": slug or f"org-{n}",
        "name_th": f"เทศบาลตำบลทดสอบ {n}",
        "kind": OrganisationKind.SUBDISTRICT_MUNICIPALITY,
        "province": "กาญจนบุรี",
    }
    return Organisation.objects.create(**{**defaults, **fields})


def make_unit(org: Organisation, name: str = "สำนักปลัด", **fields) -> Unit:
    return Unit.objects.create(organisation=org, name_th=name, **fields)


def make_position(org: Organisation, title: str = "นักวิเคราะห์", roles=(), **fields) -> Position:
    return Position.objects.create(organisation=org, title_th=title, roles=list(roles), **fields)


def make_person(org: Organisation, first: str = "สมหญิง", last: str = "ใจดี", **fields) -> Person:
    return Person.objects.create(organisation=org, prefix="นาง", first_name=first, last_name=last, **fields)


def make_staff(
    org: Organisation, username: str | None = None, roles=("analyst",), is_superuser=False, **person_fields
) -> User:
    """A login holding a position with the given roles, in `org`."""
    user = User.objects.create_user(
        username or f"user{next(_n)}",
        password=PASSWORD,
        organisation=org,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    position = make_position(org, title=f"ตำแหน่ง {user.username}", roles=roles)
    make_person(org, user=user, position=position, **person_fields)
    return user


def login_verified(client, user):
    """Log in a user past the second factor, as if they had entered their TOTP code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client
