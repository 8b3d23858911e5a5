from django.urls import path

from prongsai.workplace import views

app_name = "workplace"
urlpatterns = [
    path("", views.index, name="index"),
    path("count/", views.count, name="count"),
    path("line/", views.line_account, name="line"),
    path("line/webhook/", views.line_webhook, name="line_webhook"),
]
