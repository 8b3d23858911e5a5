import pytest

from prongsai.api.tests.factories import make_token
from prongsai.core.tests.factories import make_org
from prongsai.core.tests.test_tenant_isolation import populate_every_app

MARKER_A = "QQORGAQQ"
MARKER_B = "ZZORGBZZ"


@pytest.fixture
def org(db):
    """An organisation with one row of every kind (each app's tests/tenancy.py), dated 2564."""
    organisation = make_org("org-a", official_code="5710101")
    populate_every_app(organisation, MARKER_A)
    return organisation


@pytest.fixture
def other_org(db):
    organisation = make_org("org-b", official_code="5710102")
    populate_every_app(organisation, MARKER_B)
    return organisation


@pytest.fixture
def secret(org):
    """A token of `org` with every scope."""
    return make_token(org)[1]
