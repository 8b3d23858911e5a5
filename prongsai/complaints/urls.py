from django.urls import path

from prongsai.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:complaint_id>/", views.complaint, name="complaint"),
    path("<int:complaint_id>/move/", views.complaint_transition, name="transition"),
    path("<int:complaint_id>/assign/", views.complaint_assign, name="assign"),
    path("<int:complaint_id>/message/", views.complaint_message, name="message"),
    path("<int:complaint_id>/note/", views.complaint_note, name="note"),
    path("files/<int:attachment_id>/", views.attachment, name="attachment"),
]
