"""Settings fail closed (findings 5, 10, 15 and the lows of the outside review).

Production settings are checked in subprocesses started with a clean environment, as systemd
starts Prongsai from docs/deploy/prongsai.env.
"""

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from prongsai.complaints import crypto
from prongsai.core.tests.factories import make_org

ROOT = Path(__file__).resolve().parents[3]
ENV_FILE = ROOT / "docs" / "deploy" / "prongsai.env"
KEY_A = base64.b64encode(b"a" * 32).decode()
KEY_B = base64.b64encode(b"b" * 32).decode()
ADDRESS = "whistle-mail@example.org"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
SETTINGS = "prongsai.settings"  # production's module, not the test suite's


# --- helpers --------------------------------------------------------------------------------------


def base_env(tmp_path, **extra) -> dict[str, str]:
    """Only what a shell needs, no development DEBUG inherited from the test run."""
    shell = {"PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV"}
    keep = {k: v for k, v in os.environ.items() if k in shell}
    return {**keep, "PRONGSAI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": SETTINGS, **extra}


def documented_env(tmp_path) -> dict[str, str]:
    """docs/deploy/prongsai.env with its placeholders filled in, as an administrator would."""
    env = {}
    for line in ENV_FILE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _sep, value = line.partition("=")
            env[name.strip()] = value.strip()
    env.update(
        SECRET_KEY="s" * 60,
        COMPLAINTS_KEYS=f"k1:{KEY_A}",
        COMPLAINTS_LOOKUP_KEY="l" * 40,
        COMPLAINTS_RECEIPT_KEYS=f"r1:{KEY_B}",
        EMAIL_HOST_PASSWORD="mail-password",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        PRONGSAI_DATA_DIR=str(tmp_path),
    )
    return env


def prongsai(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "prongsai", *args],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def settings_in(env: dict[str, str], *names: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: str(getattr(settings, n)) for n in {list(names)!r}}}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


# --- DEBUG and mail (finding 5, low) ----------------------------------------------------------------


def test_debug_is_off_unless_turned_on(tmp_path):
    env = base_env(tmp_path, SECRET_KEY="x" * 50)
    assert settings_in(env, "DEBUG") == {"DEBUG": "False"}


def test_production_never_prints_mail_to_the_logs(tmp_path):
    env = base_env(tmp_path, SECRET_KEY="x" * 50)
    got = settings_in(env, "EMAIL_BACKEND", "EMAIL_TIMEOUT")
    assert "console" not in got["EMAIL_BACKEND"] and got["EMAIL_TIMEOUT"] == "10"
    assert settings_in({**env, "EMAIL_HOST": "smtp.example.go.th"}, "EMAIL_BACKEND") == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend"
    }
    forced = prongsai({**env, "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}, "check")
    assert forced.returncode == 2 and "EMAIL_BACKEND" in forced.stderr and "Traceback" not in forced.stderr


def test_the_documented_env_file_passes_the_deploy_check(tmp_path):
    env = documented_env(tmp_path)
    assert "EMAIL_BACKEND" in env, "the documented env file names its mail backend"
    done = prongsai(env, "check", "--deploy")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("removed", "extra", "named"),
    [
        (("COMPLAINTS_KEYS",), {}, "COMPLAINTS_KEYS"),
        (("COMPLAINTS_RECEIPT_KEYS",), {}, "COMPLAINTS_RECEIPT_KEYS"),
        (("EMAIL_BACKEND", "EMAIL_HOST"), {}, "EMAIL_BACKEND"),
        (("REDIS_URL",), {"WEB_CONCURRENCY": "3"}, "REDIS_URL"),
    ],
)
def test_the_deploy_check_fails_without_what_production_needs(tmp_path, removed, extra, named):
    env = {k: v for k, v in documented_env(tmp_path).items() if k not in removed} | extra
    done = prongsai(env, "check", "--deploy")
    assert done.returncode != 0
    assert named in done.stderr and "Traceback" not in done.stderr


def test_every_secret_can_come_from_a_file(tmp_path):
    from prongsai.env import env_secret

    secrets = {
        "SECRET_KEY": "f" * 50,
        "DATABASE_URL": f"sqlite:///{tmp_path}/from-file.sqlite3",
        "EMAIL_HOST_PASSWORD": "pw-from-file",
        "COMPLAINTS_KEYS": f"filekey:{KEY_A}",
        "REDIS_URL": "redis://127.0.0.1:6399/3",
    }
    env = base_env(tmp_path)
    for name, value in secrets.items():
        path = tmp_path / name.lower()
        path.write_text(value + "\n")
        env[f"{name}_FILE"] = str(path)
    got = settings_in(env, "SECRET_KEY", "EMAIL_HOST_PASSWORD", "COMPLAINTS_KEYS", "REDIS_URL", "DATABASES")
    assert {k: got[k] for k in ("SECRET_KEY", "EMAIL_HOST_PASSWORD", "COMPLAINTS_KEYS", "REDIS_URL")} == {
        k: secrets[k] for k in ("SECRET_KEY", "EMAIL_HOST_PASSWORD", "COMPLAINTS_KEYS", "REDIS_URL")
    }
    assert "from-file.sqlite3" in got["DATABASES"]
    missing = prongsai({**env, "SECRET_KEY_FILE": str(tmp_path / "nowhere")}, "check")
    assert missing.returncode == 2 and "SECRET_KEY_FILE" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert env_secret("PRONGSAI_NO_SUCH_SECRET", "default") == "default"


# --- the complaint key (finding 10) ------------------------------------------------------------------


def test_the_complaint_key_survives_a_new_secret_key(settings, tmp_path):
    settings.DEBUG, settings.COMPLAINTS_KEYS, settings.DATA_DIR = True, "", tmp_path
    sealed = crypto.encrypt_text("ข้อความลับ", b"aad")
    settings.SECRET_KEY = "a-new-secret-key-after-a-leak-" * 2
    assert crypto.decrypt_text(sealed, b"aad") == "ข้อความลับ"
    key_file = tmp_path / crypto.KEY_FILE_NAME
    assert crypto.key_id_of(sealed) == "local" and key_file.stat().st_mode & 0o077 == 0


def test_production_has_no_key_without_complaints_keys(settings):
    settings.DEBUG, settings.COMPLAINTS_KEYS = False, ""
    with pytest.raises(crypto.KeysNotConfigured):
        crypto.encrypt_text("x")


def test_old_development_data_stays_readable_until_the_rotation_re_encrypts_it(settings, tmp_path):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    settings.DEBUG, settings.COMPLAINTS_KEYS, settings.DATA_DIR = True, "", tmp_path
    nonce = b"n" * 12  # a value written before: key "dev", derived from SECRET_KEY
    sealed = AESGCM(crypto._derive("data")).encrypt(nonce, b"old", b"")
    old = "dev:" + base64.b64encode(nonce + sealed).decode()
    assert crypto.decrypt_text(old) == "old"  # rotate-keys can open it...
    assert crypto.key_id_of(crypto.encrypt_text("old")) == "local"  # ...and writes it with the new key


@pytest.mark.django_db
def test_a_case_under_a_missing_key_gets_a_clear_page_not_a_500(client, settings):
    from prongsai.complaints.models import Complaint
    from prongsai.complaints.tests.factories import intake_data, login_verified, make_officer

    settings.COMPLAINTS_KEYS = f"a:{KEY_A}"
    org = make_org("keys-org")
    officer = make_officer(org)
    url = reverse("complaints_public:index", kwargs={"org_slug": org.slug})
    assert client.post(url, intake_data(org)).status_code == 200
    complaint = Complaint.objects.get()
    settings.COMPLAINTS_KEYS = f"b:{KEY_B}"  # the key that wrote the case is gone
    staff = login_verified(client.__class__(), officer)
    response = staff.get(reverse("complaints:complaint", kwargs={"complaint_id": complaint.pk}))
    assert response.status_code == 503
    assert "COMPLAINTS_KEYS" in response.content.decode()


# --- no mail inside a request (finding 15) --------------------------------------------------------


@pytest.mark.django_db
def test_a_complainant_update_is_mailed_by_a_task_that_does_not_hold_the_address(
    client, settings, django_capture_on_commit_callbacks
):
    from prongsai.complaints import mail as complaint_mail
    from prongsai.complaints.models import Complaint
    from prongsai.complaints.tests.factories import intake_data

    org = make_org("mail-org")
    url = reverse("complaints_public:index", kwargs={"org_slug": org.slug})
    client.post(url, intake_data(org, name="ผู้แจ้ง", contact=ADDRESS))
    complaint = Complaint.objects.get()
    settings.TASKS_BACKEND, settings.TASKS = "database", DATABASE_TASKS
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert complaint_mail.tell_complainant(complaint)
    assert mail.outbox == []  # nothing sent while the request runs
    stored = DBTaskResult.objects.get(task_path="prongsai.complaints.mail.mail_complainant")
    assert ADDRESS not in json.dumps(stored.args_kwargs)
    call_command("worker", "--once", verbosity=0)
    assert [m.to for m in mail.outbox] == [[ADDRESS]]
    stored.refresh_from_db()
    assert stored.status == "SUCCESSFUL" and ADDRESS not in json.dumps(stored.return_value)


@pytest.mark.django_db
def test_a_message_to_an_executive_is_mailed_after_the_request(settings, django_capture_on_commit_callbacks):
    from prongsai.disclosure.public_views import _deliver
    from prongsai.disclosure.tests.factories import make_executive, make_message

    org = make_org("contact-org")
    executive = make_executive(org, email="exec@example.org")  # no account: by e-mail only
    settings.TASKS_BACKEND, settings.TASKS = "database", DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        _deliver(org, executive, make_message(executive))  # what the contact form's POST calls
    assert mail.outbox == []
    call_command("worker", "--once", verbosity=0)
    assert [m.to for m in mail.outbox] == [["exec@example.org"]]


@pytest.mark.django_db
def test_an_answer_to_a_citizen_is_mailed_after_the_request(
    client, settings, django_capture_on_commit_callbacks
):
    from prongsai.core.tests.factories import make_staff
    from prongsai.disclosure.models import Executive
    from prongsai.disclosure.tests.factories import make_message

    org = make_org("answer-org")
    mayor = make_staff(org, username="mayor", roles=("executive",))
    message = make_message(Executive.objects.create(organisation=org, person=mayor.person))
    settings.TASKS_BACKEND, settings.TASKS = "database", DATABASE_TASKS
    client.force_login(mayor)
    url = reverse("disclosure:message", kwargs={"contact_message_id": message.pk})
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"answer": "จะซ่อมภายในสัปดาห์นี้"}).status_code == 302
    assert mail.outbox == []
    call_command("worker", "--once", verbosity=0)
    assert [m.to for m in mail.outbox] == [["prach@example.com"]]


@pytest.mark.django_db
def test_a_password_reset_is_mailed_by_a_task_holding_no_address_or_token(
    client, settings, django_capture_on_commit_callbacks
):
    from prongsai.core.tests.factories import make_staff

    user = make_staff(make_org("reset-org"), username="clerk")
    user.email = "clerk@example.org"
    user.set_password("a-long-enough-password")
    user.save()
    settings.TASKS_BACKEND, settings.TASKS = "database", DATABASE_TASKS
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("password_reset"), {"email": user.email}).status_code == 302
    assert mail.outbox == []
    stored = DBTaskResult.objects.get(task_path="prongsai.core.reset_mail.send_password_reset")
    assert user.email not in json.dumps(stored.args_kwargs)
    call_command("worker", "--once", verbosity=0)
    assert [m.to for m in mail.outbox] == [[user.email]]
    link = next(word for word in mail.outbox[0].body.split() if "/reset/" in word)
    path = link.split("://", 1)[1].partition("/")[2]
    assert path.split("/reset/")[1].split("/")[1] not in json.dumps(stored.args_kwargs)  # nor the token
    assert client.get("/" + path, follow=True).context["validlink"]


# --- a task whose worker was killed (finding 15): core/tests/test_jobs.py and
# test_tasks_integration.py (real workers, SIGKILL, both backends) ---------------------------------


# --- public-sector basics -----------------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_links_to_its_source_code(client, settings):
    settings.SOURCE_CODE_URL = "https://git.example.go.th/prongsai"
    page = client.get("/").content.decode()
    assert 'href="https://git.example.go.th/prongsai"' in page and "ซอร์สโค้ด" in page
