from django.urls import path

from prongsai.documents import views

app_name = "documents_public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("verify/", views.verify_page, name="verify"),
]
