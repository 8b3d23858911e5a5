from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "prongsai.complaints"
    label = "complaints"
    verbose_name = _("Complaint centre")

    def ready(self):
        from prongsai.complaints import logscrub, mail  # noqa: F401 (mail registers its job handler)

        logscrub.install()
