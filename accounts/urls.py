from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path

from accounts.views import google


def not_offered(request: HttpRequest) -> HttpResponse:
    """allauth pages meetadmin does not use, closed rather than left reachable.

    Google One Tap's token sign-in would let people in without the consent screen, so without the offline grant and
    the scopes meetadmin acts with; the connections page would let a person unlink the only Google account they can
    sign in with, or link a second one. The sign-up forms (social and local, and the old `social/` address of the
    social one) would let a person type the address meetadmin knows them by, and so become its owner: a person's
    address comes only from Google's verified ID token (docs/security.md, "Identity").
    """
    raise Http404("meetadmin does not offer this.")


# No app_name here: allauth reverses its own URL names without a namespace.
urlpatterns = [
    # Same path as allauth's own callback, matched first: ours keeps the granted scopes.
    path("google/login/callback/", google.oauth2_callback, name="google_callback"),
    # Matched before allauth's own, so those are never reached.
    path("google/login/token/", not_offered),
    path("3rdparty/", not_offered),
    path("3rdparty/signup/", not_offered),
    path("social/signup/", not_offered),
    path("signup/", not_offered),
    path("social/connections/", not_offered),
    path("", include("allauth.urls")),
]
