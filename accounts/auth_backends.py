"""The one authentication backend: allauth's, loading the person's access checks with the user.

Every request of a signed-in person loads their user row anyway (Django's AuthenticationMiddleware); joining
`AccessCheck` into that same query lets accounts/session_limits.py judge the session on every request at no extra
query.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model


class GoogleAccountBackend(AuthenticationBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("access_check").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
