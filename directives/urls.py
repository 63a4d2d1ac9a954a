from django.urls import path

from . import views

app_name = "directives"

urlpatterns = [
    path("", views.index, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
]
