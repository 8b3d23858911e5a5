"""What approvers sign: a document's whole content frozen as data when it is submitted.

Submitting stores the content (memo and attachments, `content.DocumentContent`) as JSON on the
document version, with its SHA-256. Approvers read that snapshot and sign its hash; every render
of a submitted or approved document starts from it, never from the live plan or analysis, so a
measure renamed after approval cannot change the approved memo. Only what the system adds later
is filled in at render time: the approvals (names, positions and dates from the chain and the
clock), the register number and date, the emblem artwork and the electronic-approval note.

The data is generic over the content dataclasses (each value tagged with its class), so a new
field or block kind needs no change here; unknown keys of an old snapshot are skipped and missing
ones take their defaults.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json

from prongsai.documents.content import DocumentContent

TYPE = "~type"
PREFIX = "prongsai.documents."  # only content classes of this app are rebuilt from data


def to_data(value):
    """Dataclasses, tuples and strings as JSON values (dataclasses tagged with their class)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {TYPE: f"{type(value).__module__}:{type(value).__qualname__}"}
        for f in dataclasses.fields(value):
            data[f.name] = to_data(getattr(value, f.name))
        return data
    if isinstance(value, tuple | list):
        return [to_data(v) for v in value]
    return value


def from_data(data):
    if isinstance(data, list):
        return tuple(from_data(v) for v in data)
    if isinstance(data, dict) and TYPE in data:
        module, _sep, name = data[TYPE].partition(":")
        if not module.startswith(PREFIX):
            raise ValueError(f"not a content class: {data[TYPE]}")
        cls = getattr(importlib.import_module(module), name)
        if not dataclasses.is_dataclass(cls):
            raise ValueError(f"not a content class: {data[TYPE]}")
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: from_data(v) for k, v in data.items() if k in names})
    return data


def frozen(content: DocumentContent) -> dict:
    """The content as stored: without what the system fills in at render time."""
    memo = dataclasses.replace(content.memo, approvals=(), emblem_path="")
    return to_data(dataclasses.replace(content, memo=memo))


def digest(data: dict) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def take(document) -> None:
    """Freeze the content approvers will sign on the document (the caller saves it).

    A draft never submitted that already holds composed content keeps it (the demo's version 2
    adds a measure its plan lacks); otherwise the live content is frozen, so a memo returned and
    resubmitted after a fix carries the fix.
    """
    from prongsai.documents.models import Status
    from prongsai.documents.output import live_content

    if not (document.snapshot and document.status == Status.DRAFT):
        document.snapshot = frozen(live_content(document))
    document.snapshot_sha256 = digest(document.snapshot)


def content(document) -> DocumentContent:
    """The snapshot as content, exactly as it was submitted (approvals still empty)."""
    return from_data(document.snapshot)


def differs_from_live(document) -> bool:
    """True when the live data (the plan, the analysis) would now print another memo."""
    from prongsai.documents.output import live_content

    return bool(document.snapshot) and digest(frozen(live_content(document))) != document.snapshot_sha256


def blocks_view(content: DocumentContent) -> list[list[tuple[str, object]]]:
    """Each attachment's blocks with their kind ("heading", "paragraph", "table"), for the page."""
    return [[(type(b).__name__.lower(), b) for b in attachment.blocks] for attachment in content.attachments]


def approved_memo(organisation, fiscal_year: int) -> dict | None:
    """For the plan's page: the year's approved measures memo, whether the live plan would now
    print another memo, and the newer version already started (if any)."""
    from prongsai.documents import measures
    from prongsai.documents.models import Document, Status

    document = (
        Document.objects.for_org(organisation)
        .filter(document_type__code=measures.KIND, fiscal_year=fiscal_year, status=Status.APPROVED)
        .select_related("document_type", "organisation", "author__position__unit")
        .order_by("-version").first()
    )  # fmt: skip
    if document is None:
        return None
    newer = Document.objects.for_org(organisation).filter(supersedes=document).first()
    return {"document": document, "differs": differs_from_live(document), "newer": newer}
