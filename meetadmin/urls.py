from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme


def admin_sign_in(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """The admin site signs people in through Google like every other page.

    Django's own admin login form would be a password door beside Google sign-in: outside the allowed Workspace
    domains' rule and the sign-in rate limit.
    """
    if admin.site.has_permission(request):
        return redirect("admin:index")
    if request.user.is_authenticated:
        raise PermissionDenied("The admin site is for staff only.")
    wanted = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        wanted = reverse("admin:index")
    return redirect_to_login(wanted)


admin.site.login = admin_sign_in

# A database that does not answer is a 503 page saying so; anything else is the plain 500 page.
handler500 = "meetadmin.outage.server_error"

urlpatterns = [
    path("", include("spaces.urls")),
    path("", include("monitoring.urls")),
    path("accounts/", include("accounts.urls")),
    path("roles/", include("accounts.urls_roles")),
    path("preferences/", include("accounts.urls_preferences")),
    path("admin/", admin.site.urls),
]
