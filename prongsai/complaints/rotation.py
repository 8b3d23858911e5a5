"""Re-encrypt every stored ciphertext with the current (first) key.

Rows are processed in batches, each in its own transaction, so an interrupted run leaves every
row readable (old or new key) and can simply be run again. Saving goes through the model, so
each re-encryption is in the audit log (as a change of the redacted fields' hashes).
"""

from __future__ import annotations

from django.db import transaction

from prongsai.complaints import crypto
from prongsai.complaints.models import Attachment, Complaint, Message, Note, Transition

# model: [(field, aad for the field or None for the complaint's own aad), ...], binary?
PLAN = [
    (Complaint, [(f, None) for f in Complaint.TEXT_FIELDS], False),
    (Transition, [("reason_enc", b"transition")], False),
    (Message, [("body_enc", b"message")], False),
    (Note, [("body_enc", b"note")], False),
    (Attachment, [("name_enc", b"attachment")], False),
    (Attachment, [("data_enc", b"attachment")], True),
]


def rotate(batch: int = 200) -> dict[str, int]:
    current = crypto.current_key_id()
    counts: dict[str, int] = {}
    for model, fields, binary in PLAN:
        names = [f for f, _aad in fields]
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
        done = 0
        for start in range(0, len(pks), batch):
            with transaction.atomic():
                for row in model.objects.select_for_update().filter(pk__in=pks[start : start + batch]):
                    changed = []
                    for field, aad in fields:
                        value = getattr(row, field)
                        if not value or crypto.key_id_of(value) == current:
                            continue
                        aad = aad if aad is not None else row._aad(field)
                        if binary:
                            setattr(row, field, crypto.encrypt_blob(crypto.decrypt_blob(value, aad), aad))
                        else:
                            setattr(row, field, crypto.encrypt_text(crypto.decrypt_text(value, aad), aad))
                        changed.append(field)
                    if changed:
                        row.save(update_fields=changed)
                        done += 1
        key = f"{model._meta.model_name}:{'+'.join(names)}"
        counts[key] = done
    return counts
