from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.index, name="list"),
    path("them/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/sua/", views.edit, name="edit"),
    path("<int:pk>/danh-gia/", views.review_add, name="review_add"),
    path("danh-gia/<int:pk>/sua/", views.review_edit, name="review_edit"),
    path("<int:pk>/dinh-kem/", views.attach, name="attach"),
    path("tep/<int:pk>/", views.attachment, name="attachment"),
]
