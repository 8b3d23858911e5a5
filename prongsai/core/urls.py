from django.urls import path

from prongsai.core import views

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
]
