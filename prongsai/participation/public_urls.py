from django.urls import path

from prongsai.participation import views

app_name = "participation_public"
urlpatterns = [
    path("", views.public_index, name="index"),
]
