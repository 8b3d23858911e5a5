from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "prongsai.core"
    label = "core"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from prongsai.core import audit, calendar, checks, db, dbworker, lockout, numbers  # noqa: F401 (checks registers itself)

        numbers.register()  # `id__in` with a number no column holds finds nothing instead of crashing

        audit.connect_signals()
        db.connect_signals()
        lockout.connect_signals()
        calendar.connect_signals()
        dbworker.start_in_dev_server()
