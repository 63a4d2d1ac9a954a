from django.urls import path

from . import views

app_name = "signatures"

urlpatterns = [
    path("kiem-tra/", views.verify, name="verify"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/tai-ve/", views.download, name="download"),
    path("<uuid:pk>/ban-phat-hanh/", views.download_issued, name="download_issued"),
    path("<uuid:pk>/tai-len-ban-ky/", views.upload, name="upload"),
    path("<uuid:pk>/thu-lai/", views.retry, name="retry"),
]
