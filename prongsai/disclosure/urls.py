from django.urls import path

from prongsai.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("", views.index, name="index"),
]
