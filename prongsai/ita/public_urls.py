from django.urls import path

from prongsai.ita import views

app_name = "ita_public"
urlpatterns = [
    path("", views.public_results, name="results"),
    path("<int:year>/", views.public_analysis, name="analysis"),
]
