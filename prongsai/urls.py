from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from prongsai.api import api
from prongsai.core import accounts, health, setup_views, views
from prongsai.core.language_switch import switch_language
from prongsai.core.reset_mail import QueuedPasswordResetForm

# Each has staff pages under /staff/<app>/ and public pages under /<org-slug>/<app>/.
DOMAIN_APPS = ["plans", "documents", "complaints", "disclosure", "property", "participation", "integrity"]

account_patterns = [
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/setup/", accounts.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", accounts.two_factor_verify, name="two_factor_verify"),
    path("two-factor/", accounts.two_factor_manage, name="two_factor_manage"),
    path("two-factor/confirm/", accounts.two_factor_confirm, name="two_factor_confirm"),
    path("two-factor/backup-codes/", accounts.two_factor_backup_codes, name="two_factor_backup_codes"),
    path("two-factor/remove/", accounts.two_factor_remove, name="two_factor_remove"),
    path(
        "password-reset/",
        accounts.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),  # mailed by a job
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="core/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="core/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="core/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    # The link of an invitation e-mail: the invited person chooses a password (core/invitations.py).
    path("invitation/<uidb64>/<token>/", setup_views.invitation_accept, name="invitation_accept"),
]

staff_patterns = [
    path("", include("prongsai.core.urls")),
    path("ita/", include("prongsai.ita.urls")),
    path("api/", include("prongsai.api.urls")),
    path("work/", include("prongsai.workplace.urls")),
    *[path(f"{app}/", include(f"prongsai.{app}.urls")) for app in DOMAIN_APPS],
]

# An organisation's public pages, /<slug>/<app>/…: the slug is matched once, then the apps' literal
# prefixes, the OIT portal's first (the page ITAS and assessors open most). No namespace of its own:
# names stay "disclosure_public:item" and the like.
public_patterns = [
    *[
        path(f"{app}/", include(f"prongsai.{app}.public_urls"))
        for app in sorted(DOMAIN_APPS, key="disclosure".__ne__)
    ],
    path("ita/", include("prongsai.ita.public_urls")),
    path("", include("prongsai.core.public_urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include(account_patterns)),
    path("i18n/setlang/", switch_language, name="set_language"),
    path("staff/", include(staff_patterns)),
    path("api/v1/", api.urls()),
    path("<slug:org_slug>/", include(public_patterns)),
]
