from django.urls import path

from prongsai.property import views

app_name = "property_public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("rules/", views.public_rules, name="rules"),
]
