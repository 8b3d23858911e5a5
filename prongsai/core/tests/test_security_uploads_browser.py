"""The review's chain in a real browser: an HTML "PDF" that loads a script "photo" runs nothing.

The two hostile files are put straight into storage, as if uploaded before the fix (the upload
forms now refuse both): serving them by their content must still keep the browser from running them.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from prongsai.core.tests.factories import make_org
from prongsai.core.tests.samples import GIF_JS_POLYGLOT
from prongsai.disclosure.tests.factories import item_of, make_document, make_executive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_public_pages_with_hostile_uploads_run_no_script(live_server, page):
    org = make_org("hostile-photo")
    executive = make_executive(org)
    executive.photo.save("x.js", ContentFile(GIF_JS_POLYGLOT))
    photo = reverse("disclosure_public:photo", kwargs={"org_slug": org.slug, "executive_id": executive.pk})
    page_html = f'%PDF-1.4\n<html><body><script src="{photo}"></script></body></html>\n'.encode()
    poc = make_document(item_of(org), content=page_html, name="poc.html")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(f"{live_server.url}{reverse('disclosure_public:executives', kwargs={'org_slug': org.slug})}")
    assert page.locator(f'img[src="{photo}"]').count() == 1
    page.wait_for_load_state("networkidle")
    assert page.title() != "pwned"

    document = reverse("disclosure_public:file", kwargs={"org_slug": org.slug, "publication_id": poc.pk})
    try:
        with page.expect_download(timeout=5000):
            page.goto(f"{live_server.url}{document}")
    except PlaywrightError:
        pass  # "Download is starting": the browser saves the file and renders nothing
    page.wait_for_timeout(500)
    assert page.title() != "pwned" and dialogs == []
    assert page.evaluate("document.contentType") != "text/html" or "pwned" not in page.content()
