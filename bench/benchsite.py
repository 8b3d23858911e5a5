"""Settings and WSGI application of the benchmark server: Prongsai plus one bare view (benchsite_urls)."""

from prongsai.settings import *  # noqa: F403

ROOT_URLCONF = "benchsite_urls"


def __getattr__(name):
    # gunicorn asks for `benchsite:application`; build it only then, once settings are importable.
    if name == "application":
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()
    raise AttributeError(name)
