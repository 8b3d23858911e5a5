from django.urls import path

from prongsai.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
]
