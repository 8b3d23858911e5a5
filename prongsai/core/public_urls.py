from django.urls import path

from prongsai.core import views

app_name = "public"
urlpatterns = [
    path("", views.public_home, name="home"),
]
