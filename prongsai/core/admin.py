"""The Django admin is for system administrators (superusers) only; staff use the staff pages."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from prongsai.core.accounts import admin_login
from prongsai.core.models import AuditEntry, Holiday, Organisation, Person, Position, Unit, User


def superusers_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only
admin.site.login = admin_login  # the main sign-in: its lockout and second factor, no second form
admin.site.site_header = "Prongsai"


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name_th", "kind", "province", "slug"]
    list_filter = ["kind", "province"]
    search_fields = ["name_th", "name_en", "official_code"]


@admin.register(User)
class ProngsaiUserAdmin(UserAdmin):
    list_display = ["username", "organisation", "is_active", "is_superuser"]
    list_filter = ["organisation", "is_superuser", "is_active"]
    fieldsets = [*UserAdmin.fieldsets, ("Prongsai", {"fields": ["organisation"]})]


@admin.register(Unit, Position, Person, Holiday)
class TenantAdmin(admin.ModelAdmin):
    list_select_related = True


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the application, never by hand."""

    list_display = ["organisation", "seq", "created_at", "actor_name", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
