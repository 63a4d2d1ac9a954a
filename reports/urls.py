from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="list"),
    path("tong-quan/", views.dashboard, name="dashboard"),
    path("tao-moi/", views.create, name="create"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/trang-thai/", views.status, name="status"),
    path("<uuid:pk>/tai-ve/", views.download, name="download"),
    path("<uuid:pk>/thu-lai/", views.retry, name="retry"),
]
