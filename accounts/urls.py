from django.urls import include, path

from accounts import google_views

urlpatterns = [
    # Same path as allauth's own callback, matched first: ours keeps the granted scopes.
    path("google/login/callback/", google_views.oauth2_callback, name="google_callback"),
    path("", include("allauth.urls")),
]
