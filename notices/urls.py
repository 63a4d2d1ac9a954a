from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("", views.index, name="list"),
    path("<int:pk>/mo/", views.open_notice, name="open"),
    path("da-doc-het/", views.read_all, name="read_all"),
    path("cai-dat/", views.preference, name="preference"),
    path("lich-bao-cao/", views.calendar, name="calendar"),
]
