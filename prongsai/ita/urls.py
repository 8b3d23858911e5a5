from django.urls import path

from prongsai.ita import framework_views, views

app_name = "ita"
urlpatterns = [
    path("", views.results_list, name="results"),
    path("export/", views.export, name="export"),
    path("import/", views.import_results, name="import"),
    path("jobs/<int:job_id>/", views.job_status, name="job"),
    path("<int:year>/", views.analysis, name="analysis"),
    path("<int:year>/edit/", views.result_edit, name="edit"),
    path("<int:year>/paste/", views.result_paste, name="paste"),
    path("framework/<int:year>/", framework_views.framework, name="framework"),
    path("framework/<int:year>/edit/", framework_views.framework_edit, name="framework_edit"),
    # The national administrator's pages (superusers only): ita/framework_views.py.
    path("frameworks/", framework_views.frameworks, name="frameworks"),
    path("frameworks/<int:year>/", framework_views.year_detail, name="framework_year"),
    path("frameworks/<int:year>/import/", framework_views.import_year, name="framework_import"),
    path("frameworks/<int:year>/template.xlsx", framework_views.template_xlsx, name="framework_template"),
    path(
        "frameworks/<int:year>/carry-forward/", framework_views.carry_forward, name="framework_carry_forward"
    ),
    path(
        "frameworks/<int:year>/versions/<int:number>/",
        framework_views.version_detail,
        name="framework_version",
    ),
    path("frameworks/<int:year>/<slug:page>/", framework_views.edit_part, name="framework_part"),
]
