from django.urls import path

from prongsai.api import views

app_name = "api_staff"
urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:api_token_id>/revoke/", views.token_revoke, name="revoke"),
]
