from django.urls import path

from prongsai.ita import views

app_name = "ita"
urlpatterns = [
    path("", views.results_list, name="results"),
    path("export/", views.export, name="export"),
    path("import/", views.import_results, name="import"),
    path("jobs/<int:job_id>/", views.job_status, name="job"),
    path("<int:year>/", views.analysis, name="analysis"),
    path("<int:year>/edit/", views.result_edit, name="edit"),
    path("<int:year>/paste/", views.result_paste, name="paste"),
    path("framework/<int:year>/", views.framework, name="framework"),
    path("framework/<int:year>/edit/", views.framework_edit, name="framework_edit"),
]
