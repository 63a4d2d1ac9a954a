from django.urls import path

from . import views

app_name = "assignments"

urlpatterns = [
    path("", views.index, name="list"),
    path("xuat/", views.export, name="export"),
    path("giao/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/bao-cao/", views.update, name="update"),
    path("<int:pk>/huy/", views.cancel, name="cancel"),
    path("<int:pk>/mo-lai/", views.reopen, name="reopen"),
    path("<int:pk>/dinh-kem/", views.attach, name="attach"),
    path("tep/<int:pk>/", views.attachment, name="attachment"),
]
