from django.urls import include, path

from accounts import google_views

# No app_name here: allauth reverses its own URL names without a namespace.
urlpatterns = [
    # Same path as allauth's own callback, matched first: ours keeps the granted scopes.
    path("google/login/callback/", google_views.oauth2_callback, name="google_callback"),
    path("", include("allauth.urls")),
]
