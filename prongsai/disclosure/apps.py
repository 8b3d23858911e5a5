from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "prongsai.disclosure"
    label = "disclosure"
    verbose_name = _("Disclosure portal (OIT)")

    def ready(self):
        from prongsai.disclosure import pagecache  # noqa: F401 - connects the signals that drop cached pages
