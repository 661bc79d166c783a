from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("spaces.urls")),
    path("accounts/", include("accounts.urls")),
    path("roles/", include("accounts.urls_roles")),
    path("preferences/", include("accounts.urls_preferences")),
    path("admin/", admin.site.urls),
]
