from django.urls import path

from prongsai.participation import iit_views, views

app_name = "participation"
urlpatterns = [
    path("", views.index, name="index"),
    path("council/", views.members, name="members"),
    path("council/new/", views.member_edit, name="member_new"),
    path("council/<int:council_member_id>/", views.member_edit, name="member_edit"),
    path("council/<int:council_member_id>/code/", views.member_code, name="member_code"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_edit, name="meeting_new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/publish/", views.meeting_publish, name="meeting_publish"),
    path("consultations/", views.consultations, name="consultations"),
    path("consultations/new/", views.consultation_edit, name="consultation_new"),
    path("consultations/<int:consultation_id>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:consultation_id>/edit/", views.consultation_edit, name="consultation_edit"),
    path("consultations/<int:consultation_id>/documents/", views.document_add, name="document_add"),
    path("consultations/<int:consultation_id>/themes/new/", views.theme_edit, name="theme_new"),
    path("themes/<int:theme_id>/", views.theme_edit, name="theme_edit"),
    path("comments/<int:comment_id>/moderate/", views.comment_moderate, name="comment_moderate"),
    path("surveys/", views.surveys, name="surveys"),
    path("surveys/new/", views.survey_edit, name="survey_new"),
    path("surveys/results/", views.survey_results, name="survey_results"),
    path("surveys/<int:survey_id>/", views.survey_detail, name="survey"),
    path("surveys/<int:survey_id>/edit/", views.survey_edit, name="survey_edit"),
    path("surveys/<int:survey_id>/print/", views.survey_print, name="survey_print"),
    path("surveys/<int:survey_id>/paper/", views.survey_paper_entry, name="survey_paper"),
    path("iit/", iit_views.staff_surveys, name="staff_surveys"),
    path("iit/policy/", iit_views.staff_survey_policy, name="staff_survey_policy"),
    path("iit/new/", iit_views.staff_survey_edit, name="staff_survey_new"),
    path("iit/<int:staff_survey_id>/", iit_views.staff_survey_detail, name="staff_survey"),
    path("iit/<int:staff_survey_id>/edit/", iit_views.staff_survey_edit, name="staff_survey_edit"),
    path("iit/<int:staff_survey_id>/invite/", iit_views.staff_survey_invite, name="staff_survey_invite"),
    path(
        "iit/<int:staff_survey_id>/analysis/", iit_views.staff_survey_analysis, name="staff_survey_analysis"
    ),
    path("report/<int:year>/", views.report, name="report"),
    path("report/<int:year>/publish/", views.publish_report, name="publish_report"),
]
