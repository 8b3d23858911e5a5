from django.urls import path

from prongsai.property import views

app_name = "property"
urlpatterns = [
    path("", views.index, name="index"),
    path("items/new/", views.item_edit, name="item_new"),
    path("items/<int:asset_id>/", views.item_detail, name="item_detail"),
    path("items/<int:asset_id>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:asset_id>/photos/", views.photo_add, name="photo_add"),
    path("photos/<int:asset_photo_id>/", views.item_photo, name="item_photo"),
    path("labels/", views.label_sheet, name="labels"),
    path("import/", views.import_register, name="import"),
    path("import/<int:job_id>/", views.import_job, name="import_job"),
    path("rules/", views.rules_list, name="rules"),
    path("rules/new/", views.rules_new, name="rules_new"),
    path("rules/<int:usage_rules_id>/", views.rules_detail, name="rules_detail"),
    path("rules/<int:usage_rules_id>/publish/", views.rules_publish, name="rules_publish"),
    path("loans/", views.loans, name="loans"),
    path("loans/new/", views.loan_request, name="loan_request"),
    path("loans/<int:loan_id>/", views.loan_detail, name="loan_detail"),
    path("loans/<int:loan_id>/print/", views.loan_print, name="loan_print"),
    path("loans/<int:loan_id>/step/", views.loan_step, name="loan_step"),
    path("report/", views.report, name="report"),
    path("stocktakes/", views.stocktakes, name="stocktakes"),
    path("stocktakes/<int:stocktake_id>/", views.stocktake_detail, name="stocktake_detail"),
    path("stocktakes/lines/<int:stocktake_line_id>/", views.stocktake_check, name="stocktake_check"),
]
