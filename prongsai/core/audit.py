"""The audit log: who changed or read what, hash-chained per organisation.

Changes of every `TenantModel` (and of organisations and users) are recorded by signals, so no
view can forget them. Reads of confidential records are recorded by calling `record_read`.
`verify()` walks each organisation's chain and reports the first broken link: an entry edited
or removed, or a row whose current state differs from what the application last wrote.
"""

from __future__ import annotations

import contextvars
import datetime
import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from prongsai.core.models import AuditEntry, Organisation, TenantModel, User

GENESIS = "0" * 64
_actor: contextvars.ContextVar[User | str | None] = contextvars.ContextVar("audit_actor", default=None)

# Per model: fields left out of the log entirely, and fields logged only as a hash of their value.
IGNORED_FIELDS = {User: {"last_login"}}
REDACTED_FIELDS = {User: {"password"}}


@contextmanager
def acting_as(actor: User | str | None) -> Iterator[None]:
    """Attribute the changes made inside the block to a user, or to a named process."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> User | str | None:
    return _actor.get()


def _normalise(value):
    """The JSON form the database will give back, so hashes recompute identically."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True))


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def snapshot(instance: models.Model) -> dict:
    model = type(instance)
    ignored = IGNORED_FIELDS.get(model, set())
    redacted = REDACTED_FIELDS.get(model, set()) | set(getattr(model, "AUDIT_REDACTED_FIELDS", ()))
    data = {}
    for field in model._meta.concrete_fields:
        if field.name in ignored:
            continue
        value = field.value_from_object(instance)
        if isinstance(field, models.FileField):
            value = getattr(value, "name", value) or ""  # the stored path, not the bytes
        elif isinstance(value, datetime.datetime) and timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)  # the database hands times back in UTC
        elif isinstance(field, models.DecimalField) and value is not None:
            # As the database will give it back: Decimal("49500") is stored as 49500.00.
            value = Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))
        if field.name in redacted and value not in (None, ""):
            value = "sha256:" + _digest(json.dumps(value, cls=DjangoJSONEncoder))
        data[field.attname] = value
    return _normalise(data)


def _organisation_id(instance: models.Model) -> int | None:
    if isinstance(instance, Organisation):
        return instance.pk
    return getattr(instance, "organisation_id", None)


def entry_hash(entry: AuditEntry) -> str:
    body = [
        entry.seq,
        entry.created_at.isoformat(),
        entry.actor_id,
        entry.actor_name,
        entry.action,
        entry.object_type,
        entry.object_id,
        entry.object_repr,
        entry.changes,
        entry.snapshot,
        entry.prev_hash,
    ]
    return _digest(json.dumps(body, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False))


def _actor_fields() -> tuple[int | None, str]:
    actor = _actor.get()
    if isinstance(actor, User):
        return (actor.pk, actor.get_username()) if actor.is_authenticated else (None, "anonymous")
    return None, actor or "system"


@transaction.atomic
def record(
    instance: models.Model, action: str, *, changes: dict | None = None, snap: dict | None = None
) -> None:
    org_id = _organisation_id(instance)
    if org_id is not None:
        # Serialises writers of one organisation's chain (a no-op lock on SQLite, which has one writer).
        list(Organisation.objects.select_for_update().filter(pk=org_id).values_list("pk"))
    last = AuditEntry.objects.filter(organisation_id=org_id).order_by("-seq").only("seq", "hash").first()
    actor_id, actor_name = _actor_fields()
    entry = AuditEntry(
        organisation_id=org_id,
        seq=(last.seq + 1) if last else 1,
        created_at=timezone.now(),
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        changes=_normalise(changes or {}),
        snapshot=snap or {},
        prev_hash=last.hash if last else GENESIS,
    )
    entry.hash = entry_hash(entry)
    entry.save(force_insert=True)


def record_read(instance: models.Model, code: str = "read") -> None:
    """Log that the current actor opened a confidential record (call it from the view)."""
    record(instance, code)


def update_rows(queryset: models.QuerySet, **values) -> int:
    """`queryset.update(**values)` that the audit log sees: each row is locked, changed and saved.

    A plain `update()` skips the model signals, so the log would miss the change and `verify`
    would then report the row as changed behind the application's back.
    """
    count = 0
    with transaction.atomic():
        for row in queryset.select_for_update():
            for name, value in values.items():
                setattr(row, name, value)
            row.save(update_fields=list(values))
            count += 1
    return count


def _is_audited(sender) -> bool:
    if sender._meta.abstract:
        return False
    declared = getattr(sender, "AUDITED", None)  # a model may opt in, or out (derived, high-volume rows)
    if declared is not None:
        return declared
    return issubclass(sender, TenantModel | Organisation | User)


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or not _is_audited(sender):
        return
    old = sender._base_manager.filter(pk=instance.pk).first() if instance.pk else None
    instance._audit_before = snapshot(old) if old else None


def _after_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not _is_audited(sender) or (_organisation_id(instance) is None and sender is User):
        return
    before = getattr(instance, "_audit_before", None) or {}
    after = snapshot(instance)
    if update_fields and before:
        # Only these columns were written; the instance may hold other, unsaved changes.
        written = {sender._meta.get_field(name).attname for name in update_fields}
        after = {k: (after[k] if k in written else v) for k, v in before.items()}
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes or created:
        record(instance, "create" if created else "update", changes=changes, snap=after)


def _after_delete(sender, instance, **kwargs):
    if _is_audited(sender) and not (sender is User and instance.organisation_id is None):
        record(instance, "delete", changes={}, snap={})


def connect_signals() -> None:
    pre_save.connect(_before_save, dispatch_uid="audit_pre_save")
    post_save.connect(_after_save, dispatch_uid="audit_post_save")
    post_delete.connect(_after_delete, dispatch_uid="audit_post_delete")


@dataclass(frozen=True)
class Break:
    organisation_id: int | None
    seq: int
    problem: str

    def as_dict(self) -> dict:
        return {"organisation_id": self.organisation_id, "seq": self.seq, "problem": self.problem}


def _chain_break(org_id: int | None) -> Break | None:
    expected_prev, expected_seq = GENESIS, 1
    for entry in AuditEntry.objects.filter(organisation_id=org_id).order_by("seq").iterator():
        if entry.seq != expected_seq:
            return Break(org_id, expected_seq, f"entry #{expected_seq} is missing (next is #{entry.seq})")
        if entry.prev_hash != expected_prev:
            return Break(org_id, entry.seq, f"entry #{entry.seq} does not follow #{entry.seq - 1}")
        if entry_hash(entry) != entry.hash:
            return Break(org_id, entry.seq, f"entry #{entry.seq} was altered after it was written")
        expected_prev, expected_seq = entry.hash, expected_seq + 1
    return None


def _latest_entries(org_id: int | None) -> dict[tuple[str, str], AuditEntry]:
    latest = {}
    for entry in (
        AuditEntry.objects.filter(organisation_id=org_id, action__in=["create", "update", "delete"])
        .order_by("seq")
        .only("seq", "action", "object_type", "object_id", "snapshot")
        .iterator()
    ):
        latest[(entry.object_type, entry.object_id)] = entry
    return latest


def _drift_break(org_id: int | None) -> Break | None:
    """The first row whose current state is not what the application last recorded."""
    from django.apps import apps

    for (label, object_id), entry in _latest_entries(org_id).items():
        model = apps.get_model(label)
        row = model._base_manager.filter(pk=object_id).first()
        if entry.action == "delete":
            if row is not None:
                return Break(org_id, entry.seq, f"{label}:{object_id} was deleted but exists again")
        elif row is None:
            return Break(org_id, entry.seq, f"{label}:{object_id} was removed outside the application")
        elif snapshot(row) != entry.snapshot:
            return Break(org_id, entry.seq, f"{label}:{object_id} was changed outside the application")
    return None


def verify(organisation: Organisation | None = None) -> list[Break]:
    """One entry per organisation whose log or data is broken; empty when all is intact."""
    if organisation is not None:
        org_ids = [organisation.pk]
    else:
        org_ids = list(AuditEntry.objects.order_by().values_list("organisation_id", flat=True).distinct())
    breaks = []
    for org_id in org_ids:
        found = _chain_break(org_id) or _drift_break(org_id)
        if found:
            breaks.append(found)
    return breaks
