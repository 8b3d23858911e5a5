from django.urls import path

from prongsai.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("draft/", views.draft, name="draft"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:plan_id>/", views.plan, name="plan"),
    path("<int:plan_id>/measures/add/", views.measure_add, name="measure_add"),
    path("<int:plan_id>/renumber/", views.renumber, name="renumber"),
    path("<int:plan_id>/publish/", views.publish, name="publish"),
    path("<int:plan_id>/report/", views.report, name="report"),
    path("<int:plan_id>/report/publish/", views.publish_report, name="publish_report"),
    path("<int:plan_id>/report/document/", views.report_document, name="report_document"),
    path("<int:plan_id>/export/", views.export_plan, name="export"),
    path("measures/<int:measure_id>/", views.measure_edit, name="measure_edit"),
    path("measures/<int:measure_id>/delete/", views.measure_delete, name="measure_delete"),
    path("measures/<int:measure_id>/move/", views.measure_move, name="measure_move"),
    path("measures/<int:measure_id>/steps/add/", views.step_add, name="step_add"),
    path("steps/<int:step_id>/", views.step, name="step"),
    path("steps/<int:step_id>/edit/", views.step_edit, name="step_edit"),
    path("steps/<int:step_id>/delete/", views.step_delete, name="step_delete"),
    path("steps/<int:step_id>/move/", views.step_move, name="step_move"),
    path("steps/<int:step_id>/updates/add/", views.update_add, name="update_add"),
    path("updates/<int:step_update_id>/edit/", views.update_edit, name="update_edit"),
    path("updates/<int:step_update_id>/review/", views.update_review, name="update_review"),
    path("evidence/<int:evidence_id>/", views.evidence_file, name="evidence"),
]
