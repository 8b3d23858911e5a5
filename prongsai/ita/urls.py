from django.urls import path

from prongsai.ita import views

app_name = "ita"
urlpatterns = [
    path("", views.results, name="results"),
]
