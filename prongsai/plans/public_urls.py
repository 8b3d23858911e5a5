from django.urls import path

from prongsai.plans import views

app_name = "plans_public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("<int:year>/", views.public_plan, name="plan"),
    path("evidence/<int:evidence_id>/", views.public_evidence_file, name="evidence"),
]
