from django.urls import path

from prongsai.disclosure import views

app_name = "disclosure_public"
urlpatterns = [
    path("", views.public_index, name="index"),
]
