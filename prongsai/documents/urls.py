from django.urls import path

from prongsai.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:document_id>/", views.detail, name="detail"),
    path("<int:document_id>/edit/", views.edit, name="edit"),
    path("<int:document_id>/submit/", views.submit, name="submit"),
    path("<int:document_id>/decide/", views.decide, name="decide"),
    path("<int:document_id>/render/", views.render_files, name="render"),
    path("<int:document_id>/new-version/", views.new_version, name="new_version"),
    path("<int:document_id>/document.pdf", views.download_pdf, name="download_pdf"),
    path("<int:document_id>/document.docx", views.download_docx, name="download_docx"),
    path("steps/<int:approval_step_id>/reassign/", views.reassign, name="reassign"),
    path("settings/", views.settings_page, name="settings"),
    path("types/<int:document_type_id>/chain/", views.chain, name="chain"),
]
