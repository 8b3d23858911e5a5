from django.urls import path

from prongsai.complaints import views

app_name = "complaints_public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("receipt.txt", views.public_receipt_file, name="receipt_file"),
    path("follow/", views.public_follow, name="follow"),
    path("follow/reply/", views.public_reply, name="reply"),
    path("follow/file/", views.public_file, name="file"),
    path("statistics/", views.public_statistics, name="statistics"),
    path("statistics.csv", views.public_statistics_csv, name="statistics_csv"),
]
