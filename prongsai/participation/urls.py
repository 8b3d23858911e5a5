from django.urls import path

from prongsai.participation import views

app_name = "participation"
urlpatterns = [
    path("", views.index, name="index"),
]
