from django.urls import path

from prongsai.documents import kind_views, register_views, views

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
    path("<int:document_id>/final-files/", views.final_files, name="final_files"),
    path("<int:document_id>/final-files/progress/", views.final_job, name="final_job"),
    path("<int:document_id>/publish/", views.publish, name="publish"),
    path("<int:document_id>/document.pdf", views.download_pdf, name="download_pdf"),
    path("<int:document_id>/document.docx", views.download_docx, name="download_docx"),
    path("steps/<int:approval_step_id>/reassign/", views.reassign, name="reassign"),
    path("settings/", views.settings_page, name="settings"),
    path("types/<int:document_type_id>/chain/", views.chain, name="chain"),
    # the kinds an office issues (kinds.py) and the register books (registers.py)
    path("new-kind/", kind_views.create, name="create_kind"),
    path("<int:document_id>/publish-order/", kind_views.publish_order, name="publish_order"),
    path("registers/sent/", register_views.sent, name="sent_register"),
    path("registers/sent.xlsx", register_views.sent_xlsx, name="sent_register_xlsx"),
    path("registers/sent.pdf", register_views.sent_pdf, name="sent_register_pdf"),
    path("registers/received/", register_views.received, name="received_register"),
    path("registers/received/new/", register_views.receive, name="receive"),
    path("registers/received.xlsx", register_views.received_xlsx, name="received_register_xlsx"),
    path("registers/received.pdf", register_views.received_pdf, name="received_register_pdf"),
    path(
        "registers/received/<int:received_entry_id>/file", register_views.received_file, name="received_file"
    ),
]
