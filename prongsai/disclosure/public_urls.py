from django.urls import path

from prongsai.disclosure import public_views as views

app_name = "disclosure_public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("<int:year>/", views.public_year, name="year"),
    path("<int:year>/items/<int:item_id>/", views.public_item, name="item"),
    path("<int:year>/procurement/", views.public_procurement, name="procurement"),
    path("<int:year>/procurement/ocds.json", views.procurement_ocds, name="ocds"),
    path("documents/<int:publication_id>/", views.public_file, name="file"),
    path("executives/", views.public_executives, name="executives"),
    path("executives/<int:executive_id>/photo/", views.executive_photo, name="photo"),
    path("executives/<int:executive_id>/contact/", views.contact, name="contact"),
]
