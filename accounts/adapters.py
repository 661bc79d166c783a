"""allauth hooks: refuse anyone outside the allowed Workspace domains before an account exists."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.shortcuts import render

from accounts.workspace import refusal_reason


class NoLocalSignupAccountAdapter(DefaultAccountAdapter):
    """People come in through Google only: no local passwords, no local sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False


class WorkspaceSocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin) -> None:
        reason = refusal_reason(sociallogin.account.extra_data, settings.ALLOWED_WORKSPACE_DOMAINS)
        if reason:
            response = render(request, "accounts/refused.html", {"reason": reason}, status=403)
            raise ImmediateHttpResponse(response)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        # pre_social_login has already refused everyone outside the allowed domains.
        return True
