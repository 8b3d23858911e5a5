from django.urls import path

from prongsai.complaints import views

app_name = "complaints_public"
urlpatterns = [
    path("", views.public_index, name="index"),
]
