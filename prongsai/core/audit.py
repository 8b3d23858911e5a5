"""The audit log: who changed or read what, hash-chained per organisation, anchored off the database.

Changes of every `TenantModel`, of organisations, users and two-factor devices are recorded by
signals, so no view can forget them; users without an organisation and devices go to the global
chain (organisation None). Reads of confidential records are recorded by calling `record_read`.
Bulk writes (`update_rows`, imports) record one counted entry per organisation, signed with the
anchor key, naming the affected ids.

A chain alone proves nothing to someone who can rewrite it and recompute every hash, or delete its
tail. So `anchor()` (`prongsai audit anchor`, on the schedule) appends each chain's head, signed
with an HMAC whose key is not in the database, to a file outside the database. `verify()` walks
every chain, compares it with its latest anchor and with the rows, and lists every break it finds.
"""

from __future__ import annotations

import contextvars
import datetime
import fcntl
import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from prongsai.core import keys
from prongsai.core.models import AuditEntry, Organisation, TenantModel, User

GENESIS = "0" * 64
KEY_SETTING = "AUDIT_ANCHOR_KEY"
GLOBAL_LOCK = 0x70726F6E67  # pg_advisory_xact_lock id serialising writers of the global chain
_actor: contextvars.ContextVar[User | str | None] = contextvars.ContextVar("audit_actor", default=None)

# Per model: fields left out of the log entirely, and fields logged only as a hash of their value.
IGNORED_FIELDS = {User: {"last_login"}}
REDACTED_FIELDS = {User: {"password"}}
# Two-factor devices: counters that move at every login are not changes; the secret is hashed.
DEVICE_IGNORED = {
    "last_t",
    "drift",
    "throttling_failure_timestamp",
    "throttling_failure_count",
    "last_used_at",
}
DEVICE_REDACTED = {"key", "token"}


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


def _is_device(model) -> bool:
    return model._meta.app_label.startswith("otp_")  # django-otp's TOTP, static and other devices


def _ignored(model) -> set[str]:
    return IGNORED_FIELDS.get(model, set()) | (DEVICE_IGNORED if _is_device(model) else set())


def _redacted(model) -> set[str]:
    declared = set(getattr(model, "AUDIT_REDACTED_FIELDS", ()))
    return REDACTED_FIELDS.get(model, set()) | declared | (DEVICE_REDACTED if _is_device(model) else set())


def _logged_value(field: models.Field, value, redacted: set[str]):
    if isinstance(field, models.FileField):
        value = getattr(value, "name", value) or ""  # the stored path, not the bytes
    elif isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = value.astimezone(datetime.UTC)  # the database hands times back in UTC
    elif isinstance(field, models.DecimalField) and value is not None:
        # As the database will give it back: Decimal("49500") is stored as 49500.00.
        value = Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))
    if field.name in redacted and value not in (None, ""):
        value = "sha256:" + _digest(json.dumps(value, cls=DjangoJSONEncoder))
    return value


def snapshot(instance: models.Model) -> dict:
    model = type(instance)
    ignored, redacted = _ignored(model), _redacted(model)
    data = {}
    for field in model._meta.concrete_fields:
        if field.name not in ignored:
            data[field.attname] = _logged_value(field, field.value_from_object(instance), redacted)
    return _normalise(data)


def _logged_values(model, values: dict) -> dict:
    """`update_rows` values as `snapshot` would log them, keyed by column (attname)."""
    ignored, redacted = _ignored(model), _redacted(model)
    data = {}
    for name, value in values.items():
        if hasattr(value, "resolve_expression"):
            raise TypeError("update_rows takes plain values, not expressions")
        field = model._meta.get_field(name)
        if isinstance(value, models.Model):
            value = value.pk
        if field.name not in ignored:
            data[field.attname] = _logged_value(field, value, redacted)
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


def _lock_chain(org_id: int | None) -> None:
    """Serialise the writers of one chain (a no-op on SQLite, which has one writer)."""
    if org_id is not None:
        list(Organisation.objects.select_for_update().filter(pk=org_id).values_list("pk"))
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [GLOBAL_LOCK])


@transaction.atomic
def _append(
    org_id: int | None, label: str, object_id: str, text: str, action: str, changes, snap
) -> AuditEntry:
    _lock_chain(org_id)
    last = AuditEntry.objects.filter(organisation_id=org_id).order_by("-seq").only("seq", "hash").first()
    actor_id, actor_name = _actor_fields()
    entry = AuditEntry(
        organisation_id=org_id,
        seq=(last.seq + 1) if last else 1,
        created_at=timezone.now(),
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        object_type=label,
        object_id=object_id,
        object_repr=text[:300],
        changes=_normalise(changes or {}),
        snapshot=snap or {},
        prev_hash=last.hash if last else GENESIS,
    )
    entry.hash = entry_hash(entry)
    entry.save(force_insert=True)
    return entry


def record(
    instance: models.Model, action: str, *, changes: dict | None = None, snap: dict | None = None
) -> None:
    _append(
        _organisation_id(instance),
        instance._meta.label_lower,
        str(instance.pk),
        str(instance),
        action,
        changes,
        snap,
    )


def record_read(instance: models.Model, code: str = "read") -> None:
    """Log that the current actor opened a confidential record (call it from the view)."""
    record(instance, code)


# --- bulk writes: one counted, signed entry naming the ids ---------------------------------------


def _ranges(ids: Iterable[int]) -> list[list[int]]:
    """Sorted integer ids as [first, last] runs: an import's 300,000 new ids are a few runs."""
    runs: list[list[int]] = []
    for pk in sorted(set(ids)):
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    return runs


def _expand(runs: list[list[int]]) -> Iterator[int]:
    for first, last in runs:
        yield from range(first, last + 1)


def _sign(message) -> str:
    text = json.dumps(message, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(keys.key(KEY_SETTING), text.encode(), hashlib.sha256).hexdigest()


def _bulk_body(action: str, org_id: int | None, bulk: dict) -> list:
    return [
        action,
        org_id,
        bulk["model"],
        bulk["count"],
        bulk["ids_sha256"],
        bulk["state"],
        bulk.get("values"),
    ]


def record_bulk(
    organisation: Organisation | None,
    action: str,
    model: type[models.Model],
    ids: Iterable[int],
    *,
    values: dict | None = None,
    deleted: bool = False,
    changes: dict | None = None,
) -> AuditEntry:
    """One entry for rows written in bulk (signals skipped): their count, ids and a signature.

    `values` are the columns set on every row (`update_rows`); without them the rows only have to
    exist (an import) or, with `deleted`, to be gone. `verify` holds the rows to that.
    """
    runs = _ranges(ids)
    org_id = organisation.pk if organisation is not None else None
    bulk = {
        "model": model._meta.label_lower,
        "count": sum(last - first + 1 for first, last in runs),
        "ids": runs,
        "ids_sha256": _digest(json.dumps(runs)),
        "state": "deleted" if deleted else ("updated" if values is not None else "present"),
    }
    if values is not None:
        bulk["values"] = _logged_values(model, values)
    bulk["signature"] = _sign(_bulk_body(action, org_id, bulk))
    text = f"{bulk['count']} × {model._meta.verbose_name}"
    return _append(org_id, "bulk", bulk["model"], text, action, {**(changes or {}), "bulk": bulk}, None)


def _chain_of(model) -> str | None:
    if model is Organisation:
        return "pk"
    if any(f.attname == "organisation_id" for f in model._meta.concrete_fields):
        return "organisation_id"
    return None


def update_rows(queryset: models.QuerySet, **values) -> int:
    """`queryset.update(**values)` that the audit log sees: one counted entry per organisation.

    The rows are locked first, so a conditional update (`used_at__isnull=True`) still takes each
    row once under concurrency; the entry names the ids and the values, so `verify` expects them.
    Like `update()`, it sends no per-row signals: a model with save hooks needs `save()` instead.
    """
    model = queryset.model
    with transaction.atomic():
        column = _chain_of(model)
        fields = ("pk", column) if column else ("pk",)
        rows = list(queryset.select_for_update().values_list(*fields))
        ids = [row[0] for row in rows]
        for start in range(0, len(ids), 5000):
            model._base_manager.filter(pk__in=ids[start : start + 5000]).update(**values)
        if rows and _is_audited(model):
            by_chain: dict[int | None, list[int]] = {}
            for row in rows:
                by_chain.setdefault(row[1] if column else None, []).append(row[0])
            chains = Organisation.objects.in_bulk([c for c in by_chain if c is not None])
            for org_id, chain_ids in by_chain.items():
                record_bulk(chains.get(org_id), "bulk_update", model, chain_ids, values=values)
    return len(ids)


# --- signals -------------------------------------------------------------------------------------


def _is_audited(sender) -> bool:
    if sender._meta.abstract or sender is AuditEntry:
        return False
    declared = getattr(sender, "AUDITED", None)  # a model may opt in, or out (derived, high-volume rows)
    if declared is not None:
        return declared
    return issubclass(sender, TenantModel | Organisation | User) or _is_device(sender)


def _before_save(sender, instance, raw=False, **kwargs):
    if raw or not _is_audited(sender):
        return
    old = sender._base_manager.filter(pk=instance.pk).first() if instance.pk else None
    instance._audit_before = snapshot(old) if old else None


def _after_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw or not _is_audited(sender):
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
    if _is_audited(sender):
        record(instance, "delete", changes={}, snap={})


def connect_signals() -> None:
    pre_save.connect(_before_save, dispatch_uid="audit_pre_save")
    post_save.connect(_after_save, dispatch_uid="audit_post_save")
    post_delete.connect(_after_delete, dispatch_uid="audit_post_delete")


# --- anchors: chain heads signed with a key outside the database, in a file outside it -----------


def anchor_file() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def _heads() -> dict[int | None, dict]:
    heads = {}
    for row in (
        AuditEntry.objects.order_by().values("organisation_id").annotate(n=Count("id"), last=Max("seq"))
    ):
        heads[row["organisation_id"]] = {"count": row["n"], "seq": row["last"]}
    return heads


def anchor(now: datetime.datetime | None = None) -> list[dict]:
    """Append a signed line for every chain whose head moved since its last anchor; returns them."""
    now = now or timezone.now()
    previous = {a["org"]: a for a in _read_anchors()[0]}
    lines = []
    for org_id, head in sorted(_heads().items(), key=lambda item: (item[0] is not None, item[0] or 0)):
        last = previous.get(org_id)
        if last and (last["seq"], last["count"]) == (head["seq"], head["count"]):
            continue
        entry = AuditEntry.objects.only("pk", "hash").get(organisation_id=org_id, seq=head["seq"])
        line = {
            "org": org_id,
            "last_id": entry.pk,
            "seq": head["seq"],
            "hash": entry.hash,
            "count": head["count"],
            "time": now.astimezone(datetime.UTC).isoformat(),
        }
        line["hmac"] = _sign({k: v for k, v in line.items()})
        lines.append(line)
    if lines:
        path = anchor_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)  # two anchor runs append whole lines, never interleaved
            fh.write("".join(json.dumps(line, sort_keys=True) + "\n" for line in lines))
            fh.flush()
            os.fsync(fh.fileno())
    return lines


def _read_anchors() -> tuple[list[dict], list[Break]]:
    """The latest correctly signed anchor of each chain, and a break for each forged line."""
    path = anchor_file()
    latest: dict[int | None, dict] = {}
    forged = []
    if not path.exists():
        return [], []
    with open(path, encoding="utf-8") as fh:
        for number, text in enumerate(fh, 1):
            try:
                line = json.loads(text)
                signed = {k: line[k] for k in ("org", "last_id", "seq", "hash", "count", "time")}
                good = hmac.compare_digest(_sign(signed), str(line["hmac"]))
            except (ValueError, KeyError, TypeError):
                good, line = False, {}
            if not good:
                forged.append(
                    Break(
                        line.get("org"),
                        line.get("seq") or 0,
                        f"anchor line {number} is not signed by the anchor key",
                    )
                )
            elif line["org"] not in latest or line["seq"] >= latest[line["org"]]["seq"]:
                latest[line["org"]] = line
    return list(latest.values()), forged


# --- verify --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    organisation_id: int | None
    seq: int
    problem: str

    def as_dict(self) -> dict:
        return {"organisation_id": self.organisation_id, "seq": self.seq, "problem": self.problem}


def _chain_breaks(org_id: int | None, mark: dict | None) -> list[Break]:
    """Every broken link of one chain, and every disagreement with its latest anchor."""
    breaks = []
    expected_prev, expected_seq, counted, anchored_entry = GENESIS, 1, 0, None
    for entry in AuditEntry.objects.filter(organisation_id=org_id).order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            missing = (
                f"#{expected_seq}" if entry.seq == expected_seq + 1 else f"#{expected_seq}–#{entry.seq - 1}"
            )
            if entry.seq > expected_seq:
                breaks.append(
                    Break(org_id, expected_seq, f"entry {missing} is missing (next is #{entry.seq})")
                )
            else:
                breaks.append(Break(org_id, entry.seq, f"entry #{entry.seq} appears twice"))
        if entry.prev_hash != expected_prev:
            breaks.append(Break(org_id, entry.seq, f"entry #{entry.seq} does not follow #{entry.seq - 1}"))
        if entry_hash(entry) != entry.hash:
            breaks.append(Break(org_id, entry.seq, f"entry #{entry.seq} was altered after it was written"))
        elif entry.object_type == "bulk" and not _bulk_signed(entry):
            breaks.append(
                Break(org_id, entry.seq, f"bulk entry #{entry.seq} does not carry the anchor key's signature")
            )
        if mark and entry.seq <= mark["seq"]:
            counted += 1
            if entry.seq == mark["seq"]:
                anchored_entry = entry
        expected_prev, expected_seq = entry.hash, entry.seq + 1
    if mark:
        breaks += _anchor_breaks(org_id, mark, anchored_entry, counted, expected_seq - 1)
    return breaks


def _anchor_breaks(org_id, mark: dict, entry: AuditEntry | None, counted: int, last_seq: int) -> list[Break]:
    """What the chain's latest signed anchor says it lost: its tail, its head, or its count."""
    when = mark["time"][:19].replace("T", " ") + " UTC"
    seq, count = mark["seq"], mark["count"]
    if entry is None:
        problem = (
            f"entries were deleted: anchored at #{seq} ({count} entries) on {when}, now ends at #{last_seq}"
        )
        return [Break(org_id, seq, problem)]
    breaks = []
    if (entry.pk, entry.hash) != (mark["last_id"], mark["hash"]):
        problem = f"entry #{seq} is not the one anchored on {when}: the chain was rewritten"
        breaks.append(Break(org_id, seq, problem))
    if counted != count:
        problem = (
            f"{counted} entries up to #{seq} but {count} anchored on {when}: entries inserted or removed"
        )
        breaks.append(Break(org_id, seq, problem))
    return breaks


def _bulk_signed(entry: AuditEntry) -> bool:
    bulk = entry.changes.get("bulk") or {}
    try:
        expected = _sign(_bulk_body(entry.action, entry.organisation_id, bulk))
        runs = bulk["ids"]
        counted = sum(last - first + 1 for first, last in runs)
    except (KeyError, TypeError, ValueError):
        return False
    return (
        hmac.compare_digest(expected, str(bulk.get("signature", "")))
        and counted == bulk["count"]
        and _digest(json.dumps(runs)) == bulk["ids_sha256"]
    )


def _latest_states(org_id: int | None) -> dict[tuple[str, str], tuple[int, str, dict | None]]:
    """(model, id) → (seq, "present"/"deleted", snapshot or None) as the chain last left the row."""
    latest: dict[tuple[str, str], tuple[int, str, dict | None]] = {}
    entries = AuditEntry.objects.filter(
        organisation_id=org_id, action__in=["create", "update", "delete"]
    ) | AuditEntry.objects.filter(organisation_id=org_id, object_type="bulk")
    for entry in (
        entries.order_by("seq")
        .only("seq", "action", "object_type", "object_id", "snapshot", "changes")
        .iterator(chunk_size=2000)
    ):
        if entry.object_type != "bulk":
            state = "deleted" if entry.action == "delete" else "present"
            latest[(entry.object_type, entry.object_id)] = (
                entry.seq,
                state,
                entry.snapshot if state == "present" else None,
            )
            continue
        bulk = entry.changes.get("bulk") or {}
        label = bulk.get("model", "")
        for pk in _expand(bulk.get("ids", [])):
            key = (label, str(pk))
            if bulk.get("state") == "updated":
                known = latest.get(key)
                snap = {**known[2], **bulk["values"]} if known and known[2] is not None else None
                latest[key] = (entry.seq, "present", snap)
            else:
                latest[key] = (entry.seq, bulk.get("state", "present"), None)
    return latest


def _drift_breaks(org_id: int | None) -> list[Break]:
    """Every row whose current state is not what the application last recorded."""
    from django.apps import apps

    breaks = []
    by_model: dict[str, dict[str, tuple[int, str, dict | None]]] = {}
    for (label, object_id), state in _latest_states(org_id).items():
        by_model.setdefault(label, {})[object_id] = state
    for label, states in by_model.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        ids = list(states)
        rows = {}
        for start in range(0, len(ids), 2000):
            for row in model._base_manager.filter(pk__in=ids[start : start + 2000]):
                rows[str(row.pk)] = row
        for object_id, (seq, state, snap) in states.items():
            row = rows.get(object_id)
            if state == "deleted":
                if row is not None:
                    breaks.append(Break(org_id, seq, f"{label}:{object_id} was deleted but exists again"))
            elif row is None:
                breaks.append(Break(org_id, seq, f"{label}:{object_id} was removed outside the application"))
            elif snap is not None and snapshot(row) != snap:
                breaks.append(Break(org_id, seq, f"{label}:{object_id} was changed outside the application"))
    return breaks


def _unrecorded() -> Iterator[tuple[type[models.Model], int]]:
    from django.apps import apps

    watched = [User] + [m for m in apps.get_models() if _is_device(m) and _is_audited(m)]
    labels = [m._meta.label_lower for m in watched]
    recorded = set(
        AuditEntry.objects.filter(object_type__in=labels)
        .order_by()
        .values_list("object_type", "object_id")
        .distinct()
    )
    for model in watched:
        label = model._meta.label_lower
        for pk in model._base_manager.order_by("pk").values_list("pk", flat=True).iterator():
            if (label, str(pk)) not in recorded:
                yield model, pk


def adopt() -> list[str]:
    """Log the users and devices that exist without an entry (made before they were audited).

    For an upgrade only, after `verify` listed them and someone checked each one.
    """
    adopted = []
    for model, pk in list(_unrecorded()):
        row = model._base_manager.get(pk=pk)
        record(row, "update", changes={"adopted": True}, snap=snapshot(row))
        adopted.append(f"{model._meta.label_lower}:{pk}")
    return adopted


def _unrecorded_accounts() -> list[Break]:
    """Users and two-factor devices that exist without ever having been logged: inserted directly."""
    inserted = "exists but was never recorded (inserted outside the application)"
    return [Break(None, 0, f"{model._meta.label_lower}:{pk} {inserted}") for model, pk in _unrecorded()]


def verify(organisation: Organisation | None = None) -> list[Break]:
    """Every break found in the chains, their anchors and the audited rows; empty when all is intact."""
    anchors, breaks = _read_anchors()
    marks = {a["org"]: a for a in anchors}
    if organisation is not None:
        org_ids = [organisation.pk]
        breaks = [b for b in breaks if b.organisation_id == organisation.pk]
    else:
        org_ids = list(AuditEntry.objects.order_by().values_list("organisation_id", flat=True).distinct())
        org_ids += [org for org in marks if org not in org_ids]  # a chain deleted entirely
    for org_id in org_ids:
        breaks += _chain_breaks(org_id, marks.get(org_id))
        breaks += _drift_breaks(org_id)
    if organisation is None:
        breaks += _unrecorded_accounts()
    return breaks
