from django.urls import path

from . import drafting, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="list"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("toan-quoc/", views.national, name="national"),
    path("tao-moi/", views.create, name="create"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/trang-thai/", views.status, name="status"),
    path("<uuid:pk>/tai-ve/", views.download, name="download"),
    path("<uuid:pk>/tai-ve.docx", views.download_docx, name="download_docx"),
    path("<uuid:pk>/thu-lai/", views.retry, name="retry"),
    path("<uuid:pk>/soan-thao/", drafting.edit, name="edit"),
    path("<uuid:pk>/xem-truoc/", drafting.preview, name="preview"),
    path("<uuid:pk>/trinh/", drafting.submit, name="submit"),
    path("<uuid:pk>/y-kien/", drafting.comment, name="comment"),
    path("<uuid:pk>/tra-lai/", drafting.send_back, name="return"),
    path("<uuid:pk>/phe-duyet/", drafting.approve, name="approve"),
    path("<uuid:pk>/dinh-chinh/", drafting.correct, name="correct"),
    path("so-van-ban-di/", drafting.register, name="register"),
]
