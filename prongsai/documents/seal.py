"""The electronic seal: an approved document's final PDF signed (PAdES) with the organisation's certificate.

The certificate and key of each organisation live outside the database and the repository, in
`DOCUMENTS_SEAL_DIR/<org slug>/` (default `PRONGSAI_DATA_DIR/seal/`): `key.pem`, `cert.pem` and,
for a certificate from a certification authority, `chain.pem` (the intermediates). Without them a
self-signed certificate in the organisation's name is generated once, which is what the demo uses;
putting a real certificate's files there replaces it (docs/documents.md). A key protected by a
passphrase reads it from `DOCUMENTS_SEAL_PASSPHRASE` (or `_FILE`).

The signature's reason lists every approval (order, name, position, date), so a reader of the
file sees in any PDF viewer who approved it; the verify page and the audit log hold its SHA-256.
"""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import io
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings

CERT, KEY, CHAIN = "cert.pem", "key.pem", "chain.pem"
FIELD = "Seal"


def folder(organisation) -> Path:
    return Path(settings.DOCUMENTS_SEAL_DIR) / organisation.slug


def _write_once(path: Path, data: bytes, mode: int) -> None:
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    try:  # a hard link never replaces: two workers starting together keep the first file
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()


def _fit(text: str, most: int = 64) -> str:
    """X.509 caps a name at 64 bytes of UTF-8 (a Thai letter takes three)."""
    while len(text.encode()) > most:
        text = text[:-1]
    return text


def ensure_certificate(organisation) -> Path:
    """The organisation's seal folder, with a self-signed certificate generated the first time."""
    path = folder(organisation)
    if (path / KEY).exists() and (path / CERT).exists():
        return path
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    # ECDSA P-256: as strong as RSA 3072, and its key loads in a millisecond (RSA's checks take
    # a large share of a second, paid on every seal since pyHanko reloads the key to sign).
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "TH"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, _fit(organisation.name_th)),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Prongsai self-signed seal"),
        x509.NameAttribute(NameOID.COMMON_NAME, _fit(organisation.name_th)),
    ])  # fmt: skip
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False,
        ), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write_once(path / KEY, key_pem, 0o600)
    _write_once(path / CERT, cert.public_bytes(serialization.Encoding.PEM), 0o644)
    return path


def _signer(organisation):
    from pyhanko.sign import signers

    path = ensure_certificate(organisation)
    passphrase = (settings.DOCUMENTS_SEAL_PASSPHRASE or "").encode() or None
    chain = [str(path / CHAIN)] if (path / CHAIN).exists() else []
    signer = signers.SimpleSigner.load(
        str(path / KEY), str(path / CERT), ca_chain_files=chain, key_passphrase=passphrase
    )
    if signer is None:
        raise SealError(f"the seal certificate in {path} cannot be read (check key.pem, cert.pem)")
    return signer


class SealError(Exception):
    pass


def reason(approvals: list[str]) -> str:
    """The signature's reason: every approval in order, one per clause."""
    return "อนุมัติทางอิเล็กทรอนิกส์ (approved electronically): " + "; ".join(approvals)


def seal(pdf: bytes, organisation, approvals: list[str], location: str = "") -> bytes:
    """The PDF signed over its whole content (PAdES B-B) with the organisation's certificate."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD, reason=reason(approvals), location=location or organisation.name_th,
        name=organisation.name_th, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
    )  # fmt: skip
    out, signer = io.BytesIO(), signers.PdfSigner(meta, signer=_signer(organisation))
    room = _room(organisation)
    _run(lambda: signer.async_sign_pdf(writer, output=out, bytes_reserved=room))
    return out.getvalue()


def _run(make_coroutine):
    """pyHanko is asynchronous inside; a thread of its own when this one already runs a loop
    (Playwright's, in the process that prints the PDFs)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make_coroutine())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


def _room(organisation) -> int:
    """Bytes kept for the signature: its certificates (PEM is larger than their DER) and 8 KB.
    Fixed instead of estimated, which would sign once more as a dry run."""
    path = folder(organisation)
    pems = sum((path / name).stat().st_size for name in (CERT, CHAIN) if (path / name).exists())
    return 8192 + 2 * (pems // 2 + 1)  # even: it is written as hex


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check(pdf: bytes) -> dict | None:
    """The seal found in `pdf` when its signature is intact and covers the whole file, else None.

    Intact means the cryptographic check only; whether the file is *our* original is decided by
    its hash (verify.py), since anyone can sign a PDF with a certificate of their own.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = [s for s in reader.embedded_signatures if s.field_name == FIELD]
        if not embedded:
            return None
        # Integrity only: no trust list and no network (trust is the recorded hash's business).
        context = ValidationContext(trust_roots=[], allow_fetching=False)
        status = _run(lambda: async_validate_pdf_signature(embedded[0], signer_validation_context=context))
    except Exception:  # a damaged file is simply not an intact sealed file
        return None
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    if not (status.intact and status.valid and whole):
        return None
    return {"signer": status.signing_cert.subject.human_friendly, "signed_at": status.signer_reported_dt}
