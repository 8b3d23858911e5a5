from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "prongsai.documents"
    label = "documents"
    verbose_name = _("Official documents")

    def ready(self) -> None:
        from prongsai.documents import tasks  # noqa: F401 - registers the job handlers
