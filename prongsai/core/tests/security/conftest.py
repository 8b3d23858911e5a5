import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice


def sign_in(client, user):
    """A staff session past the second factor, as the walk and the finding tests need."""
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return user


@pytest.fixture
def english(english_messages):
    """Messages read by their English text."""
