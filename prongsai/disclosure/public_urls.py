from django.urls import path, register_converter

from prongsai.disclosure import public_views as views


class ItemCode:
    """An OIT item code as the framework numbers it (o1 … o43): the readable part of an item's URL."""

    regex = "o[0-9]{1,3}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ItemCode, "oit")

app_name = "disclosure_public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("search/", views.search, name="search"),
    path("<int:year>/", views.public_year, name="year"),
    path("<int:year>/<oit:item_code>/", views.public_item, name="item"),
    # The first address items had; kept so that links already typed into ITAS still answer.
    path("<int:year>/items/<int:item_id>/", views.item_by_id, name="item_by_id"),
    path("<int:year>/procurement/", views.public_procurement, name="procurement"),
    path("<int:year>/procurement/ocds.json", views.procurement_ocds, name="ocds"),
    path("documents/<int:publication_id>/", views.public_file, name="file"),
    path("executives/", views.public_executives, name="executives"),
    path("executives/<int:executive_id>/photo/", views.executive_photo, name="photo"),
    path("executives/<int:executive_id>/contact/", views.contact, name="contact"),
]
