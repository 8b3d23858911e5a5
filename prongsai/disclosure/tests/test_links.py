import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from prongsai.disclosure.models import Kind
from prongsai.disclosure.tests.factories import item_of, make_publication

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_check_links_records_the_broken_ones(org, server, capsys):
    item = item_of(org, "o1")
    good = make_publication(item, "ok", kind=Kind.LINK, text="", url=f"{server}/ok")
    bad = make_publication(item, "gone", kind=Kind.LINK, text="", url=f"{server}/gone")
    call_command("oit", "check-links", "--org", org.slug, "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert [b["id"] for b in data["broken"]] == [bad.pk]
    good.refresh_from_db()
    bad.refresh_from_db()
    assert not good.link_broken and good.link_checked_at
    assert bad.link_broken and bad.link_error == "HTTP 404"


def test_readiness_command(org, capsys):
    make_publication(item_of(org, "o1"))
    call_command("oit", "readiness", "--org", org.slug, "--year", "2565", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["ready"] == 1 and data["missing"] == 42 and data["scores"]["9.1"] > 0
