from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from organizations.access import page

from . import two_factor, views


def public(view_class, methods=("GET", "POST")):
    """A page for a signed-out visitor, starting as every view does (page(): the method first)."""
    return login_not_required(page(methods=methods, action=None)(view_class.as_view()))


urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("dang-nhap/", views.PortalLoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PortalPasswordChangeView.as_view(), name="password_change"),
    # Public: a person who cannot sign in asks for a link, and the mailed link sets the password.
    path("quen-mat-khau/", public(views.PortalPasswordResetView), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        public(views.PortalPasswordResetDoneView, ("GET",)),
        name="password_reset_done",
    ),
    path(
        "dat-mat-khau/<uidb64>/<token>/", public(views.PortalPasswordSetView), name="password_reset_confirm"
    ),
    path("xac-thuc-hai-buoc/", two_factor.verify, name="two_factor"),
    path("van-ban/", include("directives.urls")),
    path("chuong-trinh-phoi-hop/", include("agreements.urls")),
    path("hoi-nghi/", include("meetings.urls")),
    path("nhiem-vu/", include("assignments.urls")),
    path("bao-cao/", include("reports.urls")),
    path("ky-so/", include("signatures.urls")),
    path("thong-bao/", include("notices.urls")),
    path("don-vi/", include("organizations.urls")),
    path("api/v1/", include("api.urls")),
    path("quan-tri/", admin.site.urls),
]

handler400 = "khoagiao.views.bad_request"
handler403 = "khoagiao.views.permission_denied"
handler404 = "khoagiao.views.page_not_found"
handler500 = "khoagiao.views.server_error"
