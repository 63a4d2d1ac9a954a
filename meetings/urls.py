from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.index, name="list"),
    path("them/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/bao-cao/<int:org_pk>/", views.report, name="report"),
    path("<int:pk>/ket-qua/", views.outcome, name="outcome"),
    path("<int:pk>/phe-duyet/", views.approve, name="approve"),
    path("<int:pk>/mo-lai/", views.reopen, name="reopen"),
    path("<int:pk>/thong-bao.pdf", views.notice_pdf, name="notice_pdf"),
    path("<int:pk>/thong-bao.docx", views.notice_docx, name="notice_docx"),
    path("<int:pk>/tep/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/tep/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/tep/<int:attachment_pk>/xoa/", views.attachment_delete, name="attachment_delete"),
]
