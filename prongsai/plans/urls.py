from django.urls import path

from prongsai.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
]
