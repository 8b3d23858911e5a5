from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "prongsai.core"
    label = "core"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from prongsai.core import audit, db, tasks

        tasks.register()

        audit.connect_signals()
        db.connect_signals()
