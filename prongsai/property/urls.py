from django.urls import path

from prongsai.property import views

app_name = "property"
urlpatterns = [
    path("", views.index, name="index"),
]
