from django.shortcuts import render
from django.utils.translation import gettext as _


def index(request):
    return render(request, "placeholder/index.html", {"heading": _("Coordination programmes")})


def detail(request, pk):
    from khoagiao.permissions import get_visible_or_404

    from .models import CoordinationAgreement

    obj = get_visible_or_404(CoordinationAgreement, request.user, pk=pk)
    return render(request, "placeholder/index.html", {"heading": str(obj)})
