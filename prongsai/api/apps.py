from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "prongsai.api"
    label = "api"
    verbose_name = "Open data and API"

    def ready(self) -> None:
        from prongsai.api.models import ApiToken
        from prongsai.core import audit

        # Each use stamps `last_used_at`; that is bookkeeping, not a change of the organisation's records.
        audit.IGNORED_FIELDS[ApiToken] = {"last_used_at"}
