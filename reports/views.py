from django.shortcuts import render
from django.utils.translation import gettext as _


def index(request):
    return render(request, "placeholder/index.html", {"heading": _("Reports")})


def dashboard(request):
    return render(request, "placeholder/index.html", {"heading": _("Overview")})
