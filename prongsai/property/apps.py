from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PropertyConfig(AppConfig):
    name = "prongsai.property"
    label = "property"
    verbose_name = _("Government property")

    def ready(self) -> None:
        from prongsai.property import tasks  # noqa: F401 - registers the job handlers
