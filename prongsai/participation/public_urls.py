from django.urls import path

from prongsai.participation import iit_views, public_views

app_name = "participation_public"
urlpatterns = [
    path("", public_views.public_index, name="index"),
    path("minutes/<int:meeting_id>/", public_views.public_meeting, name="meeting"),
    path("consultations/<int:consultation_id>/", public_views.public_consultation, name="consultation"),
    path("documents/<int:consultation_document_id>/", public_views.public_document, name="document"),
    path("you-said-we-did/", public_views.public_decisions, name="decisions"),
    path("surveys/<int:survey_id>/", public_views.public_survey, name="survey"),
    path("report/<int:year>/", public_views.public_report, name="report"),
    path("iit/<int:staff_survey_id>/", iit_views.staff_survey_answer, name="staff_survey"),
]
