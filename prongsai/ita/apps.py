from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItaConfig(AppConfig):
    name = "prongsai.ita"
    label = "ita"
    verbose_name = _("ITA results")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from prongsai.ita import tasks  # noqa: F401 - registers the job handlers
        from prongsai.ita.models import DataOverride
        from prongsai.ita.results import library_changed

        post_save.connect(library_changed, sender=DataOverride, dispatch_uid="ita_library_saved")
        post_delete.connect(library_changed, sender=DataOverride, dispatch_uid="ita_library_deleted")
