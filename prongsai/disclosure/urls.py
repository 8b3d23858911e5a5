from django.urls import path

from prongsai.disclosure import views

app_name = "disclosure"
urlpatterns = [
    path("", views.index, name="index"),
    path("catalogue/", views.create_catalogue, name="create_catalogue"),
    path("<int:year>/", views.checklist, name="checklist"),
    path("<int:year>/items/<int:item_id>/", views.item_detail, name="item"),
    path("<int:year>/itas/", views.export, name="export"),
    path("publications/<int:publication_id>/file/", views.staff_file, name="file"),
    path("executives/", views.executives, name="executives"),
    path("executives/<int:person_id>/", views.executive_edit, name="executive_edit"),
    path("messages/", views.message_list, name="messages"),
    path("messages/<int:contact_message_id>/", views.message_detail, name="message"),
    path("procurement/", views.procurement_index, name="procurement"),
    path("procurement/<int:procurement_summary_id>/", views.procurement_summary, name="procurement_summary"),
    path(
        "procurement/<int:procurement_summary_id>/publish/",
        views.procurement_publish,
        name="procurement_publish",
    ),
    path(
        "procurement/<int:procurement_summary_id>/delete/",
        views.procurement_delete,
        name="procurement_delete",
    ),
]
