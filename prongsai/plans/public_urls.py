from django.urls import path

from prongsai.plans import views

app_name = "plans_public"
urlpatterns = [
    path("", views.public_index, name="index"),
]
