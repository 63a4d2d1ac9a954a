from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("<int:pk>/dau-moi/", views.liaisons, name="liaisons"),
]
