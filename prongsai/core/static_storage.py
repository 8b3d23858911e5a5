"""The static files' storage in production: whitenoise's compressed manifest, each address looked up once.

Why: every page asks for the same stylesheet and scripts (`{% static %}` five times in base.html),
and each lookup parsed and joined the address again. The manifest is written by collectstatic before
the server starts and is not reloaded while it runs, so an address once found stays right.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._addresses: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        address = self._addresses.get(name)
        if address is None:
            address = self._addresses[name] = super().url(name)
        return address
