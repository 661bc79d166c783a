"""allauth hooks: who may sign in, and who they are, decided from the verified ID token alone.

Refused before an account exists: anyone outside the allowed Workspace domains, and a Google account whose address
already belongs to another meetadmin person (accounts.identity). Everyone else is signed up automatically with the
token's address: allauth's sign-up form, where an address could be typed, is never shown (its URLs are closed in
accounts/urls.py).
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.shortcuts import render

from accounts.identity import address_holder, second_account_refuse, verified_address
from accounts.sign_in_domains import refusal_reason


class NoLocalSignupAccountAdapter(DefaultAccountAdapter):
    """People come in through Google only: no local passwords, no local sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False


class WorkspaceSocialAccountAdapter(DefaultSocialAccountAdapter):
    def pre_social_login(self, request, sociallogin) -> None:
        claims = sociallogin.account.extra_data
        reason = refusal_reason(claims, settings.ALLOWED_WORKSPACE_DOMAINS)
        if reason:
            response = render(request, "accounts/refused.html", {"reason": reason}, status=403)
            raise ImmediateHttpResponse(response)
        if sociallogin.is_existing:
            return
        email = verified_address(claims)
        holder = address_holder(email)
        if holder is not None:
            refused = second_account_refuse(claims=claims, holder=holder)
            context = {"email": email, "refused": refused}
            raise ImmediateHttpResponse(render(request, "accounts/identity_conflict.html", context, status=403))

    def is_open_for_signup(self, request, sociallogin) -> bool:
        # pre_social_login has already refused everyone outside the allowed domains.
        return True

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        # Always: the alternative is allauth's sign-up form, where a person could type someone else's address.
        return True

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.email = verified_address(sociallogin.account.extra_data)
        return user
