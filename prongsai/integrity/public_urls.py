from django.urls import path

from prongsai.integrity import redflag_views, views

app_name = "integrity_public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("<int:year>/risks/", views.public_register, name="register"),
    path("<int:year>/plan/", views.public_action_plan, name="action_plan"),
    path("<int:year>/red-flags/", redflag_views.public, name="redflags"),
]
