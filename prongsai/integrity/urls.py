from django.urls import path

from prongsai.integrity import declaration_views, redflag_views, views

app_name = "integrity"
urlpatterns = [
    path("", views.index, name="index"),
    path("registers/new/", views.register_create, name="register_create"),
    path("registers/<int:risk_register_id>/", views.register, name="register"),
    path("registers/<int:risk_register_id>/heatmap.svg", views.register_heatmap, name="register_heatmap"),
    path(
        "registers/<int:risk_register_id>/transition/", views.register_transition, name="register_transition"
    ),
    path("registers/<int:risk_register_id>/risks/add/", views.risk_add, name="risk_add"),
    path("registers/<int:risk_register_id>/report/", views.register_report, name="register_report"),
    path(
        "registers/<int:risk_register_id>/report/document/", views.register_document, name="register_document"
    ),
    path("registers/<int:risk_register_id>/report/publish/", views.register_publish, name="register_publish"),
    path("risks/<int:risk_id>/", views.risk_edit, name="risk_edit"),
    path("risks/<int:risk_id>/delete/", views.risk_delete, name="risk_delete"),
    path("risks/<int:risk_id>/follow-ups/add/", views.follow_up_add, name="follow_up_add"),
    path("follow-ups/<int:risk_follow_up_id>/", views.follow_up_edit, name="follow_up_edit"),
    path("plans/new/", views.action_plan_create, name="action_plan_create"),
    path("plans/<int:action_plan_id>/", views.action_plan, name="action_plan"),
    path("plans/<int:action_plan_id>/projects/add/", views.project_add, name="project_add"),
    path("plans/<int:action_plan_id>/document/", views.action_plan_document, name="action_plan_document"),
    path("plans/<int:action_plan_id>/publish/", views.action_plan_publish, name="action_plan_publish"),
    path("projects/<int:project_id>/", views.project_edit, name="project_edit"),
    path("projects/<int:project_id>/delete/", views.project_delete, name="project_delete"),
    path("projects/<int:project_id>/progress/add/", views.progress_add, name="progress_add"),
    path("progress/<int:project_progress_id>/", views.progress_edit, name="progress_edit"),
    path("declarations/", declaration_views.index, name="declarations"),
    path("declarations/annual/new/", declaration_views.annual_new, name="declaration_annual_new"),
    path("declarations/committee/new/", declaration_views.committee_new, name="declaration_committee_new"),
    path("declarations/<int:declaration_id>/", declaration_views.declaration, name="declaration"),
    path("gifts/new/", declaration_views.gift_new, name="gift_new"),
    path("gifts/<int:gift_id>/", declaration_views.gift, name="gift"),
    path("ethics/acknowledge/", declaration_views.ethics_acknowledge, name="ethics_acknowledge"),
    path("red-flags/", redflag_views.staff, name="redflags"),
]
