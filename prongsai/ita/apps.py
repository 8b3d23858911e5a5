from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItaConfig(AppConfig):
    name = "prongsai.ita"
    label = "ita"
    verbose_name = _("ITA results")

    def ready(self) -> None:
        from prongsai.ita import tasks  # noqa: F401 - registers the job handlers
