from django.urls import path

from . import views

app_name = "directives"

urlpatterns = [
    path("", views.directive_list, name="list"),
    path("them/", views.directive_create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.directive_update, name="update"),
    path("<int:pk>/moc/them/", views.milestone_create, name="milestone_create"),
    path("moc/<int:pk>/sua/", views.milestone_update, name="milestone_update"),
    path("moc/<int:pk>/xoa/", views.milestone_delete, name="milestone_delete"),
    path("<int:pk>/tep/them/", views.attachment_add, name="attachment_add"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("tep/<int:pk>/xoa/", views.attachment_delete, name="attachment_delete"),
    path("xuat/", views.export, name="export"),
    path("nhap/", views.import_upload, name="import"),
    path("nhap/<uuid:pk>/", views.import_job, name="import_job"),
    path("nhap/<uuid:pk>/trang-thai/", views.import_status, name="import_status"),
    path("nhap/<uuid:pk>/xac-nhan/", views.import_decide, name="import_decide"),
    path("nhap/mau.xlsx", views.import_template, name="import_template"),
]
