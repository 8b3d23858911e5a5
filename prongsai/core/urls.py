from django.urls import path

from prongsai.core import setup_views, views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("structure/", views.structure, name="structure"),
    path("people/new/", views.person_edit, name="person_new"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("people/assignments/", views.assignment_requests, name="assignments"),
    path("people/<int:person_id>/assignment/", views.assignment_decide, name="assignment_decide"),
    path("audit/", views.audit_log, name="audit_log"),
    path("notifications/", views.notifications, name="notifications"),
    path("switch-organisation/", views.switch_organisation, name="switch_organisation"),
    # An organisation's own set-up (setup_views.py)
    path("setup/", setup_views.home, name="setup_home"),
    path("setup/units/", setup_views.units, name="setup_units"),
    path("setup/units/new/", setup_views.unit_edit, name="setup_unit_new"),
    path("setup/units/<int:unit_id>/", setup_views.unit_edit, name="setup_unit_edit"),
    path("setup/positions/", setup_views.positions, name="setup_positions"),
    path("setup/positions/new/", setup_views.position_edit, name="setup_position_new"),
    path("setup/positions/<int:position_id>/", setup_views.position_edit, name="setup_position_edit"),
    path("setup/people/<int:person_id>/invite/", setup_views.invite, name="setup_invite"),
    path("setup/acting/", setup_views.acting_list, name="setup_acting"),
    path("setup/acting/new/", setup_views.acting_edit, name="setup_acting_new"),
    path("setup/acting/<int:acting_appointment_id>/", setup_views.acting_edit, name="setup_acting_edit"),
    path("setup/import/", setup_views.staff_import_page, name="setup_import"),
    path("setup/import/staff-list.xlsx", setup_views.staff_import_template, name="setup_import_template"),
    path("setup/wizard/", setup_views.wizard, name="setup_wizard"),
    path("setup/wizard/address/", setup_views.wizard_address, name="setup_address"),
    path("setup/wizard/executives/", setup_views.wizard_executives, name="setup_executives"),
    path("setup/wizard/emblem/", setup_views.wizard_emblem, name="setup_emblem"),
    path("setup/wizard/chains/", setup_views.wizard_chains, name="setup_chains"),
    path("setup/organisations/", setup_views.organisations, name="setup_organisations"),
    path("setup/organisations/import/", setup_views.organisations_import, name="setup_organisations_import"),
    path(
        "setup/organisations/organisations.xlsx",
        setup_views.organisations_template,
        name="setup_organisations_template",
    ),
]
