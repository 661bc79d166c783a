"""allauth's Google callback, keeping the scopes that Google says were granted.

Google lets a person untick single scopes on its consent screen, and says which it granted only in the token
response's `scope`; allauth drops that field, so this adapter keeps it beside the ID token's claims.
"""

from __future__ import annotations

from allauth.socialaccount.providers.google.views import GoogleOAuth2Adapter
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView

GRANTED_SCOPE_KEY = "meetadmin_granted_scope"


class ScopeKeepingGoogleAdapter(GoogleOAuth2Adapter):
    def complete_login(self, request, app, token, **kwargs):
        login = super().complete_login(request, app, token, **kwargs)
        login.account.extra_data[GRANTED_SCOPE_KEY] = str(kwargs.get("response", {}).get("scope", ""))
        return login


oauth2_callback = OAuth2CallbackView.adapter_view(ScopeKeepingGoogleAdapter)
