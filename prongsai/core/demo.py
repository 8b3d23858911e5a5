"""Demo data: เทศบาลตำบลบ่อพลอย as the seed memo describes it, and a second organisation.

Idempotent: running it again updates the same rows instead of adding new ones. The six people
are the seed memo's approval chain, from the policy analyst up to the mayor.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from prongsai.core.audit import acting_as
from prongsai.core.models import Organisation, OrganisationKind, Person, Position, Unit, User

DEMO_PASSWORD = "prongsai-demo-2565"  # noqa: S105 - printed by `make demo`, for local trials only

BOPHLOI = {
    "slug": "bophloi",
    "name_th": "เทศบาลตำบลบ่อพลอย",
    "name_en": "Bo Phloi Subdistrict Municipality",
    "kind": OrganisationKind.SUBDISTRICT_MUNICIPALITY,
    "province": "กาญจนบุรี",
    "district": "บ่อพลอย",
    "address": "อำเภอบ่อพลอย จังหวัดกาญจนบุรี",
}

# (unit, parent unit) in display order
UNITS = [
    ("สำนักปลัดเทศบาล", None),
    ("ฝ่ายบริหารงานทั่วไป", "สำนักปลัดเทศบาล"),
    ("งานวิเคราะห์นโยบายและแผน", "ฝ่ายบริหารงานทั่วไป"),
    ("กองคลัง", None),
    ("กองช่าง", None),
]


@dataclass(frozen=True)
class Post:
    key: str
    title: str
    unit: str | None
    reports_to: str | None
    roles: tuple[str, ...]
    person: tuple[str, str, str]  # prefix, first name, last name
    username: str
    executive_order: int = 0
    level: str = ""


# The seed memo's approval chain, top first so that superiors exist before subordinates.
POSTS = [
    Post(
        "mayor",
        "นายกเทศมนตรีตำบลบ่อพลอย",
        None,
        None,
        ("executive",),
        ("นาย", "ชัยเชษฐ", "พัฒนะพิชัย"),
        "mayor",
        executive_order=1,
    ),
    Post(
        "deputy",
        "รองนายกเทศมนตรีตำบลบ่อพลอย",
        None,
        "mayor",
        ("executive",),
        ("นาย", "ณัฏภัทร", "หนูขาว"),
        "deputy",
        executive_order=2,
    ),
    Post(
        "clerk",
        "ปลัดเทศบาลตำบลบ่อพลอย",
        "สำนักปลัดเทศบาล",
        "deputy",
        ("clerk", "org_admin"),
        ("นาย", "ชุต", "เหมวิเชียร"),
        "clerk",
    ),
    Post(
        "office_head",
        "หัวหน้าสำนักปลัด",
        "สำนักปลัดเทศบาล",
        "clerk",
        ("unit_head",),
        ("นางสาว", "พอลาณ", "คนตรง"),
        "officehead",
    ),
    Post(
        "admin_head",
        "หัวหน้าฝ่ายบริหารงานทั่วไป",
        "ฝ่ายบริหารงานทั่วไป",
        "office_head",
        ("unit_head",),
        ("นาง", "จรัสศรี", "คุ่มอยู่"),
        "adminhead",
    ),
    Post(
        "analyst",
        "นักวิเคราะห์นโยบายและแผน",
        "งานวิเคราะห์นโยบายและแผน",
        "admin_head",
        ("analyst",),
        ("นาง", "ณภัทร", "ฤกษ์วิจิตร"),
        "analyst",
        level="ชำนาญการ",
    ),
    Post(
        "finance_head",
        "ผู้อำนวยการกองคลัง",
        "กองคลัง",
        "clerk",
        ("unit_head",),
        ("นาง", "สมใจ", "ตัวอย่าง"),
        "finance",
    ),
    # The complaint centre: its head receives break-glass notices and deadline alerts, its officer
    # reads the cases (both need a second factor at sign-in).
    Post(
        "centre_head",
        "หัวหน้าศูนย์รับเรื่องร้องเรียนการทุจริต",
        "สำนักปลัดเทศบาล",
        "clerk",
        ("complaints_head",),
        ("นาย", "ประพันธ์", "เที่ยงธรรม"),
        "centrehead",
    ),
    Post(
        "complaints_officer",
        "เจ้าหน้าที่ศูนย์รับเรื่องร้องเรียนการทุจริต",
        "สำนักปลัดเทศบาล",
        "centre_head",
        ("complaints_officer",),
        ("นางสาว", "วิไล", "ซื่อตรง"),
        "complaints",
    ),
]

SECOND = {
    "slug": "example-sao",
    "name_th": "องค์การบริหารส่วนตำบลตัวอย่าง",
    "name_en": "Example Subdistrict Administrative Organisation",
    "kind": OrganisationKind.SAO,
    "province": "นครปฐม",
    "district": "เมืองนครปฐม",
}


def _organisation(data: dict) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(slug=data["slug"], defaults=data)
    return organisation


def _units(organisation: Organisation, units: list[tuple[str, str | None]]) -> dict[str, Unit]:
    by_name: dict[str, Unit] = {}
    for order, (name, parent) in enumerate(units):
        by_name[name], _ = Unit.objects.update_or_create(
            organisation=organisation, name_th=name, defaults={"parent": by_name.get(parent), "order": order}
        )
    return by_name


def _posts(organisation: Organisation, units: dict[str, Unit], posts: list[Post], prefix: str) -> list[User]:
    positions: dict[str, Position] = {}
    users = []
    for post in posts:
        positions[post.key], _ = Position.objects.update_or_create(
            organisation=organisation,
            title_th=post.title,
            defaults={
                "unit": units.get(post.unit) if post.unit else None,
                "reports_to": positions.get(post.reports_to) if post.reports_to else None,
                "roles": list(post.roles),
                "is_executive": "executive" in post.roles,
                "executive_order": post.executive_order,
                "level": post.level,
            },
        )
        user, created = User.objects.get_or_create(
            username=f"{prefix}{post.username}", defaults={"organisation": organisation}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        title_prefix, first, last = post.person
        Person.objects.update_or_create(
            organisation=organisation,
            user=user,
            defaults={
                "prefix": title_prefix,
                "first_name": first,
                "last_name": last,
                "position": positions[post.key],
            },
        )
        users.append(user)
    return users


SECOND_POSTS = [
    Post(
        "chief",
        "นายกองค์การบริหารส่วนตำบลตัวอย่าง",
        None,
        None,
        ("executive",),
        ("นาย", "สมชาย", "ทดสอบ"),
        "chief",
        executive_order=1,
    ),
    Post(
        "analyst",
        "นักวิเคราะห์นโยบายและแผน",
        "สำนักปลัด",
        "chief",
        ("analyst",),
        ("นางสาว", "สมหญิง", "ทดลอง"),
        "analyst",
    ),
]


def _load_app_demos(organisations: dict[str, Organisation]) -> None:
    """Each app may ship a `demo.py` with `load(organisations)`; they run in app order."""
    for config in apps.get_app_configs():
        if config.name.startswith("prongsai.") and config.name != "prongsai.core":
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":  # a demo module that fails to import is a bug
                    raise
                continue
            module.load(organisations)


@transaction.atomic
def load_demo() -> list[tuple[str, str, str]]:
    """Create or refresh the demo; returns (username, name, position) for the printed logins."""
    with acting_as("demo"):
        bophloi = _organisation(BOPHLOI)
        users = _posts(bophloi, _units(bophloi, UNITS), POSTS, prefix="")
        second = _organisation(SECOND)
        users += _posts(second, _units(second, [("สำนักปลัด", None)]), SECOND_POSTS, prefix="example-")
        admin, created = User.objects.get_or_create(username="admin", defaults={"is_staff": True})
        if created:
            admin.is_superuser = True
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        _load_app_demos({"bophloi": bophloi, "example-sao": second})
    logins = [(u.username, u.person.full_name, u.person.position.title_th) for u in users]
    return [*logins, ("admin", "System administrator", "superuser (Django admin)")]
