from django.urls import path

from prongsai.complaints import centre_views, views

app_name = "complaints"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:complaint_id>/", views.complaint, name="complaint"),
    path("<int:complaint_id>/move/", views.complaint_transition, name="transition"),
    path("<int:complaint_id>/assign/", views.complaint_assign, name="assign"),
    path("<int:complaint_id>/message/", views.complaint_message, name="message"),
    path("<int:complaint_id>/note/", views.complaint_note, name="note"),
    path("<int:complaint_id>/break-glass/", centre_views.break_glass, name="break_glass"),
    path("files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("late/", centre_views.late, name="late"),
    path("break-glass/", centre_views.break_glass_log, name="break_glass_log"),
    path("centre/", centre_views.centre, name="centre"),
    path("centre/deadlines/", centre_views.centre_deadlines, name="centre_deadlines"),
    path("centre/order/", centre_views.centre_order, name="centre_order"),
    path("centre/manual/", centre_views.centre_manual, name="centre_manual"),
    path("centre/publish/", centre_views.centre_publish, name="centre_publish"),
]
