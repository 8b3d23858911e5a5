"""Finding 2 of the security review and its siblings: uploads must never run as a page or a script.

Every upload route (each form with a file field that a view accepts, staff and public) is crossed
with hostile names and contents; whatever is accepted comes back with the type its bytes show,
inline only for PDFs and raster pictures, under a sandboxing CSP with nosniff. A test below
discovers the file fields of every form, so a new upload form without a route here fails.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
from datetime import date

import pytest
from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

import prongsai
from prongsai.core import files as user_files
from prongsai.core.middleware import CONTENT_SECURITY_POLICY
from prongsai.core.tests import samples
from prongsai.core.tests.factories import make_org, make_staff, make_unit
from prongsai.core.uploads import INLINE_SAFE, KINDS

pytestmark = pytest.mark.django_db

SAFE_TYPES = {kind.content_type for kind in KINDS.values()} | {user_files.UNKNOWN_TYPE}
INLINE_TYPES = {kind.content_type for kind in INLINE_SAFE}
MARKUP_FILES = ("page.html", "image.svg", "page.xhtml")
MARKUP_TH = "มีโค้ดหน้าเว็บหรือสคริปต์"  # "holds web page or script code", in the default language
WRONG_TYPE_TH = "ไม่ใช่ชนิดที่รับได้"  # "not an accepted type"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_served_safely(response) -> bytes:
    """The answer of a user file, as the review asks; returns its bytes."""
    assert response.status_code == 200
    content_type = response["Content-Type"].split(";")[0].strip()
    assert content_type in SAFE_TYPES, content_type
    disposition = response["Content-Disposition"]
    if content_type not in INLINE_TYPES:
        assert disposition.startswith("attachment"), disposition
    assert "\n" not in disposition and "\r" not in disposition
    if content_type == "application/pdf" and disposition.startswith("inline"):
        # Chromium's PDF viewer refuses sandboxed documents: the site's policy, no inline script
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    else:
        assert response["Content-Security-Policy"].startswith("sandbox; default-src 'none'")
    assert response["X-Content-Type-Options"] == "nosniff"
    data = body(response)
    assert samples.SCRIPT not in data, "a script tail survived"
    head = data[:1024].lower()
    assert b"<html" not in head and b"<script" not in head and b"<svg" not in head
    return data


# --- routes: how to upload through the real view, and how to fetch what was stored ------------


class Route:
    """One upload route: `post(client, env, upload)` sends the file; `stored(env)` lists the rows
    made, and `fetch(client, env, row)` downloads one of them through its serving view(s)."""

    form = ""  # "module.Class.field" of the form field behind the route

    def setup(self, client) -> dict:
        raise NotImplementedError

    def post(self, client, env, upload):
        raise NotImplementedError

    def stored(self, env) -> list:
        raise NotImplementedError

    def fetch(self, client, env, row) -> list:
        return []


class PublicationFile(Route):
    form = "prongsai.disclosure.forms.PublicationForm.file"

    def setup(self, client):
        from prongsai.disclosure.tests.factories import item_of

        org = make_org()
        client.force_login(make_staff(org, roles=("publisher",)))
        return {"org": org, "item": item_of(org)}

    def post(self, client, env, upload):
        url = reverse("disclosure:item", kwargs={"year": 2565, "item_id": env["item"].pk})
        return client.post(url, {"title": "แผนดำเนินงาน", "file": upload})

    def stored(self, env):
        from prongsai.disclosure.models import Publication

        return list(Publication.objects.for_org(env["org"]).exclude(file=""))

    def fetch(self, client, env, row):
        staff = client.get(reverse("disclosure:file", kwargs={"publication_id": row.pk}))
        public = client.get(
            reverse("disclosure_public:file", kwargs={"org_slug": env["org"].slug, "publication_id": row.pk})
        )
        return [staff, public]


class ExecutivePhoto(Route):
    form = "prongsai.disclosure.forms.ExecutiveForm.photo"

    def setup(self, client):
        from prongsai.disclosure.tests.factories import make_executive

        org = make_org()
        client.force_login(make_staff(org, roles=("publisher",)))
        return {"org": org, "executive": make_executive(org)}

    def post(self, client, env, upload):
        url = reverse("disclosure:executive_edit", kwargs={"person_id": env["executive"].person_id})
        return client.post(url, {"photo": upload, "phone": "081"})

    def stored(self, env):
        env["executive"].refresh_from_db()
        return [env["executive"]] if env["executive"].photo else []

    def fetch(self, client, env, row):
        url = reverse("disclosure_public:photo", kwargs={"org_slug": env["org"].slug, "executive_id": row.pk})
        return [client.get(url)]


class PlanEvidence(Route):
    form = "prongsai.plans.forms.UpdateForm.file"

    def setup(self, client):
        from prongsai.plans.tests.factories import make_measure, make_member, make_plan, make_step

        org = make_org()
        unit = make_unit(org, "กองช่าง")
        client.force_login(make_member(org, unit))
        return {"org": org, "step": make_step(make_measure(make_plan(org)), unit)}

    def post(self, client, env, upload):
        data = {"date": "2022-03-01", "text": "ประชุมแล้ว", "status": "in_progress", "progress": "40",
                "file": upload, "file_public": "on"}  # fmt: skip
        return client.post(reverse("plans:update_add", kwargs={"step_id": env["step"].pk}), data)

    def stored(self, env):
        from prongsai.plans.models import Evidence

        return list(Evidence.objects.for_org(env["org"]).exclude(file=""))

    def fetch(self, client, env, row):
        return [client.get(reverse("plans:evidence", kwargs={"evidence_id": row.pk}))]


class ConsultationDocument(Route):
    form = "prongsai.participation.forms.DocumentForm.file"

    def setup(self, client):
        from prongsai.participation.tests.factories import make_consultation

        org = make_org()
        client.force_login(make_staff(org, roles=("participation_officer",)))
        return {"org": org, "consultation": make_consultation(org, is_published=True)}

    def post(self, client, env, upload):
        url = reverse("participation:document_add", kwargs={"consultation_id": env["consultation"].pk})
        return client.post(url, {"title": "ร่างข้อบัญญัติ", "file": upload})

    def stored(self, env):
        return list(env["consultation"].documents.all())

    def fetch(self, client, env, row):
        return [client.get(row.get_absolute_url())]


class AssetPhoto(Route):
    form = "prongsai.property.forms.PhotoForm.image"

    def setup(self, client):
        from prongsai.property.tests.factories import make_item

        org = make_org()
        client.force_login(make_staff(org, roles=("property_officer",)))
        return {"org": org, "item": make_item(org)}

    def post(self, client, env, upload):
        url = reverse("property:photo_add", kwargs={"asset_id": env["item"].pk})
        return client.post(url, {"image": upload, "caption": "ภาพ"}, follow=True)

    def stored(self, env):
        return list(env["item"].photos.all())

    def fetch(self, client, env, row):
        return [client.get(reverse("property:item_photo", kwargs={"asset_photo_id": row.pk}), {"raw": 1})]


class UsageRulesPdf(Route):
    form = "prongsai.property.forms.RulesForm.pdf"

    def setup(self, client):
        org = make_org()
        client.force_login(make_staff(org, roles=("property_officer",)))
        return {"org": org}

    def post(self, client, env, upload):
        return client.post(reverse("property:rules_new"), {"title": "คู่มือ", "text": "ข้อ ๑", "pdf": upload})

    def stored(self, env):
        from prongsai.property.models import UsageRules

        return list(UsageRules.objects.for_org(env["org"]).exclude(pdf=""))

    def fetch(self, client, env, row):
        url = reverse("property:rules_detail", kwargs={"usage_rules_id": row.pk})
        return [client.get(url, {"pdf": 1})]


class Emblem(Route):
    """The emblem is never served over HTTP (the memo renderers read it); its stored form is checked."""

    form = "prongsai.documents.forms.SettingsForm.emblem_file"

    def setup(self, client):
        org = make_org()
        client.force_login(make_staff(org, roles=("clerk",)))
        return {"org": org}

    def post(self, client, env, upload):
        data = {"register_prefix": "กจ ๕๓๐๐๑/", "department": "สำนักปลัด", "emblem_file": upload}
        return client.post(reverse("documents:settings"), data)

    def stored(self, env):
        from prongsai.documents.models import DocumentSettings

        found = DocumentSettings.objects.for_org(env["org"]).exclude(emblem="").first()
        return [found] if found else []

    def fetch(self, client, env, row):
        with default_storage.open(row.emblem, "rb") as handle:
            return [user_files.serve(handle.read(), "emblem")]


class ComplaintEvidence(Route):
    """The public intake, the complainant's reply and the officer's message share EvidenceField;
    the officer downloads through the attachment view."""

    form = "prongsai.complaints.forms.IntakeForm.files"

    def setup(self, client):
        from prongsai.complaints.tests.factories import make_complaint

        org = make_org()
        complaint, _code = make_complaint(org)
        return {"org": org, "complaint": complaint}

    def post(self, client, env, upload):
        from prongsai.complaints import actions
        from prongsai.complaints.forms import EvidenceField

        try:
            files = EvidenceField().clean([upload])
        except forms.ValidationError as error:
            return error
        complaint = env["complaint"]
        actions._attach(complaint, files, None, from_complainant=True)
        return None

    def stored(self, env):
        return list(env["complaint"].attachments.all())

    def fetch(self, client, env, row):
        from prongsai.complaints.views import _file_response

        return [_file_response(row)]


class ReceivedDocument(Route):
    """A letter recorded in the receive register (ทะเบียนหนังสือรับ), downloaded by staff."""

    form = "prongsai.documents.kind_forms.ReceivedForm.file"

    def setup(self, client):
        org = make_org()
        client.force_login(make_staff(org, roles=("clerk",)))
        return {"org": org}

    def post(self, client, env, upload):
        data = {"sender": "จังหวัด", "subject": "แจ้งเวียน", "to": "นายก", "file": upload}
        return client.post(reverse("documents:receive"), data)

    def stored(self, env):
        from prongsai.documents.models import ReceivedEntry

        return list(ReceivedEntry.objects.for_org(env["org"]).exclude(file=""))

    def fetch(self, client, env, row):
        return [client.get(reverse("documents:received_file", kwargs={"received_entry_id": row.pk}))]


ROUTES = [PublicationFile, ExecutivePhoto, PlanEvidence, ConsultationDocument, AssetPhoto, UsageRulesPdf,
          Emblem, ComplaintEvidence, ReceivedDocument]  # fmt: skip
# Upload fields whose files are read by an importer and never stored or served; each checks content.
READ_ONLY = {
    "prongsai.complaints.forms.ManualForm.file": "published through disclosure.publishing.publish",
    "prongsai.complaints.forms.ReplyForm.files": "EvidenceField, as ComplaintEvidence",
    "prongsai.complaints.forms.OfficerMessageForm.files": "EvidenceField, as ComplaintEvidence",
    "prongsai.disclosure.forms.ProcurementImportForm.file": "parsed by the procurement importer",
    "prongsai.ita.forms.ImportForm.file": "parsed by the ITA results importer (background job)",
    "prongsai.property.forms.ImportForm.file": "parsed by the register importer (background job)",
    "prongsai.ita.framework_forms.ImportForm.file": "parsed by the framework importer (YAML or XLSX)",
    "prongsai.core.setup_forms.UploadForm.file": "parsed by the staff-list and organisation importers",
    "prongsai.documents.forms.VerifyForm.file": "hashed and compared with the sealed originals, never stored",
}


def _file_fields() -> set[str]:
    found = set()
    for module_info in pkgutil.walk_packages(prongsai.__path__, "prongsai."):
        if not module_info.name.endswith("forms") or ".tests" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if not (isinstance(value, type) and issubclass(value, forms.BaseForm)):
                continue
            if value.__module__ != module.__name__:
                continue
            for field_name, field in value.base_fields.items():
                if isinstance(field, forms.FileField):
                    found.add(f"{module.__name__}.{name}.{field_name}")
    return found


def test_every_upload_field_of_every_form_is_covered_here():
    covered = {route.form for route in ROUTES} | set(READ_ONLY)
    assert _file_fields() - covered == set(), "a new upload form: add a Route for it above"


@pytest.mark.parametrize("route_class", ROUTES, ids=lambda r: r.__name__)
@pytest.mark.parametrize("name", sorted(samples.HOSTILE))
def test_hostile_uploads_never_come_back_executable(client, route_class, name):
    route = route_class()
    env = route.setup(client)
    upload = SimpleUploadedFile(name, samples.HOSTILE[name], content_type="application/pdf")
    response = route.post(client, env, upload)
    rows = route.stored(env)
    if name in MARKUP_FILES or name == "app.js":
        assert rows == [], f"{name} was accepted"
        if isinstance(response, forms.ValidationError):
            text = "; ".join(response.messages)
        else:
            text = response.content.decode()
        assert (WRONG_TYPE_TH if name == "app.js" else MARKUP_TH) in text
    for row in rows:
        for served in route.fetch(client, env, row):
            assert_served_safely(served)


@pytest.mark.parametrize("route_class", ROUTES, ids=lambda r: r.__name__)
def test_a_good_file_is_stored_under_a_random_name_and_served_by_its_content(client, route_class):
    route = route_class()
    env = route.setup(client)
    wants_picture = route_class in (ExecutivePhoto, AssetPhoto, Emblem)
    content = samples.picture("PNG") if wants_picture else samples.pdf()
    client_name = "../../etc/รายงาน\r\nSet-Cookie: x=1\u202e.html" if not wants_picture else "x.js"
    route.post(client, env, SimpleUploadedFile(client_name, content, content_type="text/html"))
    [row] = route.stored(env)
    for served in route.fetch(client, env, row):
        data = assert_served_safely(served)
        expected = "image/png" if wants_picture else "application/pdf"
        assert served["Content-Type"] == expected
        assert served["Content-Disposition"].split(";")[0] in ("inline", "attachment")
        assert ".html" not in served["Content-Disposition"] and ".js" not in served["Content-Disposition"]
        assert data[:4] in (b"%PDF", b"\x89PNG")
    stored = _stored_name(row)
    assert "รายงาน" not in stored and "etc" not in stored and not stored.endswith((".html", ".js"))
    if stored:
        assert stored.rsplit(".", 1)[-1] == ("png" if wants_picture else "pdf")


def _stored_name(row) -> str:
    for field in ("file", "photo", "image", "pdf", "path", "emblem"):
        value = getattr(row, field, None)
        if value:
            return str(getattr(value, "name", value))
    return ""  # complaint evidence lives encrypted in the database


# --- the review's two reproductions ----------------------------------------------------------


def test_reproduction_a_pdf_named_poc_html_is_refused_and_never_served_as_html(client):
    route = PublicationFile()
    env = route.setup(client)
    upload = SimpleUploadedFile("poc.html", samples.PDF_HTML_POLYGLOT, content_type="text/html")
    response = route.post(client, env, upload)
    assert response.status_code in (200, 400) and route.stored(env) == []
    assert "HTML" in response.content.decode()
    # a polyglot already in storage (uploaded before the fix) is still served as a PDF download
    from prongsai.disclosure.tests.factories import make_document

    old = make_document(env["item"], content=samples.PDF_HTML_POLYGLOT, name="poc.html")
    for served in route.fetch(client, env, old):
        assert body(served) == samples.PDF_HTML_POLYGLOT
        assert served["Content-Type"] == "application/pdf"
        assert served["Content-Disposition"].startswith("attachment")
        assert served["Content-Security-Policy"].startswith("sandbox")


def test_reproduction_an_executive_photo_named_x_js_is_not_a_script(client):
    route = ExecutivePhoto()
    env = route.setup(client)
    upload = SimpleUploadedFile("x.js", samples.GIF_JS_POLYGLOT, content_type="text/javascript")
    route.post(client, env, upload)
    assert route.stored(env) == []
    # a polyglot already in storage (uploaded before the fix) is served as a GIF, never as script
    executive = env["executive"]
    executive.photo.save("x.js", ContentFile(samples.GIF_JS_POLYGLOT))
    served = route.fetch(client, env, executive)[0]
    assert body(served) == samples.GIF_JS_POLYGLOT  # the stored bytes, untouched, but typed by them
    assert served["Content-Type"] == "image/gif"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"].startswith("sandbox")


def test_pictures_are_drawn_again_so_exif_and_tails_are_gone(client):
    big = Image.effect_noise((96, 96), 60).convert("RGB")
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "GPS 13.7563,100.5018 Somchai"
    big.save(out, "JPEG", exif=exif)
    raw = out.getvalue() + b"\n" + samples.SCRIPT  # a tail beyond the first kilobyte
    assert len(raw) > 2048
    route = AssetPhoto()
    env = route.setup(client)
    route.post(client, env, SimpleUploadedFile("photo.jpg", raw))
    [row] = route.stored(env)
    data = assert_served_safely(route.fetch(client, env, row)[0])
    assert b"Somchai" not in data and samples.SCRIPT not in data
    assert Image.open(io.BytesIO(data)).size == (96, 96)


def test_complaint_evidence_pdfs_lose_their_metadata():
    from prongsai.complaints.evidence import prepare

    [evidence] = prepare([SimpleUploadedFile("หลักฐาน.pdf", samples.pdf(author="Somchai Jaidee"))])
    assert evidence.content_type == "application/pdf" and evidence.data.startswith(b"%PDF")
    assert b"Somchai" not in evidence.data
    with pytest.raises(forms.ValidationError):
        prepare([SimpleUploadedFile("broken.pdf", b"%PDF-1.4 no body at all")])


def test_display_names_lose_folders_control_and_direction_characters():
    kind = KINDS["pdf"]
    assert user_files.display_name("../../etc/passwd", kind) == "passwd.pdf"
    assert user_files.display_name("C:\\Users\\x\\report.html", kind) == "report.pdf"
    assert user_files.display_name("a\r\nSet-Cookie: x=1.pdf", kind) == "aSet-Cookie: x=1.pdf"
    assert user_files.display_name("photo\u202egpj.exe", KINDS["jpeg"]) == "photogpj.jpg"
    assert user_files.display_name("", kind) == "file.pdf"
    assert user_files.display_name("รายงานการประชุม.docx", kind) == "รายงานการประชุม.pdf"


def test_markup_refusal_is_in_thai_and_in_english():
    upload = SimpleUploadedFile("a.pdf", samples.HOSTILE["page.html"])
    with pytest.raises(forms.ValidationError) as refused:
        user_files.accept(upload, ("pdf",), 1024 * 1024)
    with translation.override("th"):
        assert MARKUP_TH in refused.value.messages[0] and "HTML" in refused.value.messages[0]
    with translation.override("en"):
        assert "never accepted" in refused.value.messages[0]


# --- the open redirect of public evidence links ----------------------------------------------


def test_public_evidence_links_are_plain_links_never_a_redirect(client):
    from prongsai.plans.models import ReviewState
    from prongsai.plans.tests.factories import make_evidence, make_measure, make_plan, make_step, make_update

    org = make_org()
    unit = make_unit(org, "กองช่าง")
    plan = make_plan(org, published=True)
    step = make_step(make_measure(plan), unit)
    author = make_staff(org)
    update = make_update(step, author, state=ReviewState.ACCEPTED, date=date(2022, 3, 1))
    evidence = make_evidence(update, name="ภาพกิจกรรม", is_public=True, url="https://evil.example/phish")
    url = reverse("plans_public:evidence", kwargs={"org_slug": org.slug, "evidence_id": evidence.pk})
    response = client.get(url)
    assert response.status_code == 404 and "Location" not in response
    page = client.get(reverse("plans_public:plan", kwargs={"org_slug": org.slug, "year": 2565}))
    assert b'href="https://evil.example/phish" rel="noopener noreferrer"' in page.content
    hostile = make_evidence(update, name="js", is_public=True, url="javascript:alert(1)")
    assert hostile.link == ""


# --- no generic media handler ------------------------------------------------------------------


def test_no_url_or_web_server_location_serves_the_media_folder(client):
    path = settings.MEDIA_ROOT / "probe"
    path.mkdir(parents=True, exist_ok=True)
    (path / "x.html").write_bytes(b"<html><script>alert(1)</script></html>")
    assert client.get("/media/probe/x.html").status_code == 404
    nginx = (settings.BASE_DIR.parent / "docs" / "deploy" / "nginx.conf").read_text()
    assert "location /media/" not in nginx
