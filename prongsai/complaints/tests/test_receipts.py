"""The receipt code's keyed verifier (docs/adr/0004-receipt-verifier.md): receipts handed out
under Argon2 keep opening their case, wrong codes are refused, and the verifier needs its key."""

import base64
import json
from io import StringIO

import pytest
from argon2 import PasswordHasher
from django.core.management import call_command
from django.urls import reverse

from prongsai.complaints import actions, receipts
from prongsai.complaints.crypto import KeysNotConfigured
from prongsai.complaints.models import Complaint
from prongsai.complaints.tests.factories import make_complaint
from prongsai.core.tests.factories import make_org

pytestmark = pytest.mark.django_db

KEY_OLD = base64.b64encode(b"o" * 32).decode()
KEY_NEW = base64.b64encode(b"n" * 32).decode()


@pytest.fixture
def org():
    return make_org("receipts-org")


def follow(client, org, code):
    url = reverse("complaints_public:follow", kwargs={"org_slug": org.slug})
    return client.post(url, {"code": code})


def as_before_the_change(complaint, code, **argon2):
    """The row as the Argon2id verifier stored it (argon2-cffi defaults unless told)."""
    old_hash = PasswordHasher(**argon2).hash(receipts.normalise(code))
    Complaint.objects.filter(pk=complaint.pk).update(receipt_hash=old_hash)
    return old_hash


def wrong_code_in_the_same_bucket(code):
    rest = "0000-0000-0000-0000" if not code.endswith("0000") else "1111-1111-1111-1111"
    return code[:5] + rest


def test_a_receipt_issued_before_the_change_still_opens_its_case(client, org):
    complaint, code = make_complaint(org)
    as_before_the_change(complaint, code)  # the production cost of the old verifier
    response = follow(client, org, code)
    assert response.status_code == 200 and complaint.number in response.content.decode()
    # Hashed again in the keyed form on use, and it keeps opening the case.
    stored = Complaint.objects.get(pk=complaint.pk).receipt_hash
    assert stored.startswith("hmac-sha256$test$") and receipts.normalise(code) not in stored
    assert follow(client, org, code).status_code == 200


def test_a_wrong_code_is_refused_in_either_form(client, org):
    complaint, code = make_complaint(org)
    wrong = wrong_code_in_the_same_bucket(code)
    assert follow(client, org, wrong).status_code == 400
    as_before_the_change(complaint, code, time_cost=1, memory_cost=8, parallelism=1)
    assert follow(client, org, wrong).status_code == 400
    assert Complaint.objects.get(pk=complaint.pk).receipt_hash.startswith("$argon2id$")  # untouched
    assert not receipts.verify("hmac-sha256$test$" + "0" * 64, code)
    assert not receipts.verify("not a verifier", code)


def test_the_verifier_is_keyed(settings):
    code = receipts.new_code()
    settings.COMPLAINTS_RECEIPT_KEYS = f"k:{KEY_OLD}"
    stored = receipts.hash_code(code)
    assert receipts.verify(stored, code)
    settings.COMPLAINTS_RECEIPT_KEYS = f"k:{KEY_NEW}"  # the same key id, another key
    assert not receipts.verify(stored, code)
    assert receipts.hash_code(code) != stored


def test_receipt_keys_rotate_without_losing_a_case(client, org, settings):
    settings.COMPLAINTS_RECEIPT_KEYS = f"old:{KEY_OLD}"
    complaint, code = make_complaint(org)
    assert complaint.receipt_hash.startswith("hmac-sha256$old$")
    settings.COMPLAINTS_RECEIPT_KEYS = f"new:{KEY_NEW},old:{KEY_OLD}"
    out = StringIO()
    call_command("complaints", "rotate-keys", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["receipt_keys"] == {"old": 1}  # the old key must stay listed
    assert follow(client, org, code).status_code == 200
    assert Complaint.objects.get(pk=complaint.pk).receipt_hash.startswith("hmac-sha256$new$")
    assert receipts.keys_in_use() == {"new": 1}
    settings.COMPLAINTS_RECEIPT_KEYS = f"new:{KEY_NEW}"  # the old key can go now
    assert follow(client, org, code).status_code == 200


def test_a_receipt_on_a_key_no_longer_listed_says_so_instead_of_wrong_code(client, org, settings):
    settings.COMPLAINTS_RECEIPT_KEYS = f"old:{KEY_OLD}"
    _complaint, code = make_complaint(org)
    settings.COMPLAINTS_RECEIPT_KEYS = f"new:{KEY_NEW}"
    with pytest.raises(KeysNotConfigured, match="COMPLAINTS_RECEIPT_KEYS"):
        actions.find_by_receipt(org, code)
    response = follow(client, org, code)
    assert response.status_code == 503


def test_production_without_receipt_keys_refuses_to_hash(settings):
    settings.DEBUG, settings.COMPLAINTS_RECEIPT_KEYS = False, ""
    with pytest.raises(KeysNotConfigured, match="COMPLAINTS_RECEIPT_KEYS"):
        receipts.hash_code(receipts.new_code())
