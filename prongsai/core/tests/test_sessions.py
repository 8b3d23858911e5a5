"""The session store reads its row with one raw statement; expiry, unknown keys and sign-out hold."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from prongsai.core.sessions import SessionStore
from prongsai.core.tests.factories import make_org, make_staff

pytestmark = pytest.mark.django_db


def test_a_session_is_read_back_until_it_expires():
    store = SessionStore()
    store["answer"] = "๔๒"
    store.create()
    assert SessionStore(session_key=store.session_key).load() == {"answer": "๔๒"}
    past = timezone.now() - datetime.timedelta(seconds=1)
    Session.objects.filter(pk=store.session_key).update(expire_date=past)
    expired = SessionStore(session_key=store.session_key)
    assert expired.load() == {} and expired.session_key is None


def test_an_unknown_key_is_an_empty_session():
    store = SessionStore(session_key="x" * 32)
    assert store.load() == {} and store.session_key is None


def test_a_signed_out_session_no_longer_opens_staff_pages(client):
    user = make_staff(make_org(), roles=("analyst",))
    client.force_login(user)
    assert client.get(reverse("workplace:index")).status_code == 200
    key = client.cookies["sessionid"].value
    assert client.post(reverse("logout")).status_code == 302
    assert not Session.objects.filter(pk=key).exists()
    client.cookies["sessionid"] = key  # the old cookie, replayed
    assert client.get(reverse("workplace:index")).status_code == 302
