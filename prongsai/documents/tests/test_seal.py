"""The electronic seal: PAdES with the organisation's certificate, checked by poppler's pdfsig."""

import datetime
import os
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from prongsai.core.models import AuditEntry
from prongsai.documents import output, seal
from prongsai.documents.tests.sealed import (
    approved,
    needs_poppler,
    pdf_text,
    seal_dir,  # noqa: F401 (fixture)
    squeeze,
    stored_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seal_dir")]


def pdfsig(data: bytes, tmp_path) -> str:
    path = tmp_path / "sealed.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout


@needs_poppler
def test_pdfsig_finds_a_valid_signature_over_the_whole_final_pdf(chain_org, tmp_path):
    org, users = chain_org
    document = approved(org, users)
    sealed = stored_bytes(document.pdf)
    report = pdfsig(sealed, tmp_path)
    assert "Signature is Valid" in report and "Total document signed" in report
    assert "ETSI.CAdES.detached" in report  # PAdES
    changed = bytearray(sealed)
    middle = len(changed) // 3
    changed[middle] = (changed[middle] + 1) % 256
    assert "Signature is Valid" not in pdfsig(bytes(changed), tmp_path)


def test_every_approval_is_in_the_signature_reason_and_in_the_audit_log_with_the_hash(chain_org):
    from pyhanko.pdf_utils.reader import PdfFileReader

    org, users = chain_org
    document = approved(org, users)
    sealed = stored_bytes(document.pdf)
    assert seal.sha256(sealed) == document.pdf_sha256
    import io

    signature = PdfFileReader(io.BytesIO(sealed)).embedded_signatures[0]
    reason = str(signature.sig_object["/Reason"])
    names = [s.signed_name for s in document.steps.order_by("order")]
    assert all(name in reason for name in names) and reason.index(names[0]) < reason.index(names[-1])
    entry = AuditEntry.objects.get(organisation=org, action="documents.seal")
    assert entry.changes["pdf_sha256"][1] == document.pdf_sha256
    assert [line.split(" ")[1] for line in entry.changes["approvals"][1]] == [n.split(" ")[0] for n in names]
    assert seal.check(sealed) is not None


@needs_poppler
def test_the_printed_page_says_it_was_approved_electronically_and_where_to_verify(chain_org, tmp_path):
    org, users = chain_org
    document = approved(org, users)
    text = squeeze(pdf_text(stored_bytes(document.pdf), tmp_path))
    assert squeeze("อนุมัติทางอิเล็กทรอนิกส์") in text
    assert f"/{org.slug}/documents/verify/" in text


def test_the_self_signed_certificate_is_made_once_outside_the_repository(chain_org, settings):
    org, _users = chain_org
    folder = seal.ensure_certificate(org)
    assert folder.is_relative_to(settings.DOCUMENTS_SEAL_DIR)
    assert not folder.is_relative_to(settings.BASE_DIR)
    assert oct(os.stat(folder / seal.KEY).st_mode & 0o777) == "0o600"
    first = (folder / seal.CERT).read_bytes()
    seal.ensure_certificate(org)
    assert (folder / seal.CERT).read_bytes() == first
    cert = x509.load_pem_x509_certificate(first)
    assert cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == org.name_th


def _issue(subject: str, issuer_key, issuer_name, key, ca: bool):
    now = datetime.datetime.now(datetime.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    return (
        x509.CertificateBuilder().subject_name(name).issuer_name(issuer_name or name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(issuer_key, hashes.SHA256())
    )  # fmt: skip


@needs_poppler
def test_a_real_certificate_put_in_the_folder_is_used(chain_org, tmp_path):
    """The documented way (docs/documents.md): key.pem, cert.pem and chain.pem in the org's folder."""
    org, _users = chain_org
    ca_key, key = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
    ca = _issue("Test CA", ca_key, None, ca_key, True)
    leaf = _issue("Real Seal Of Test Org", ca_key, ca.subject, key, False)
    folder = seal.folder(org)
    folder.mkdir(parents=True)
    pem = serialization.Encoding.PEM
    (folder / seal.KEY).write_bytes(key.private_bytes(
        pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ))  # fmt: skip
    (folder / seal.CERT).write_bytes(leaf.public_bytes(pem))
    (folder / seal.CHAIN).write_bytes(ca.public_bytes(pem))
    pdf = output.write_files(output.DocumentContent(_memo()), tmp_path, "plain")["pdf"]
    sealed = seal.seal(Path(pdf).read_bytes(), org, ["1. นายทดสอบ ระบบ ปลัด 2026-12-01"])
    report = pdfsig(sealed, tmp_path)
    assert "Real Seal Of Test Org" in report and "Signature is Valid" in report


def _memo():
    from prongsai.documents.content import Memo

    return Memo(
        department="สำนักปลัด", reference="กจ ๑/๑", date="๑ ธันวาคม ๒๕๖๙", subject="ทดสอบ", to="นายก",
        attachments=(), sections=(), closing="จึงเรียนมา", signer_name="นายทดสอบ ระบบ",
        signer_position="ปลัด", approvals=(),
    )  # fmt: skip


def test_the_command_export_writes_the_sealed_files_as_stored(chain_org, tmp_path):
    org, users = chain_org
    document = approved(org, users)
    written = output.export_final(document, tmp_path / "out")
    assert seal.sha256(Path(written["pdf"]).read_bytes()) == document.pdf_sha256
    assert Path(written["docx"]).read_bytes() == stored_bytes(document.docx)
