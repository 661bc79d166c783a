"""Django's admin never edits who a person is.

A person's address and Google account come from Google's verified ID token (accounts.identity); an admin form that
changed them would make its user the owner of someone else's spaces. So the user's address, allauth's Google
accounts and addresses are shown here and changed only by a sign-in or IT's `relink_google_account`.
"""

from __future__ import annotations

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.socialaccount.admin import SocialAccountAdmin
from allauth.socialaccount.models import SocialAccount
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from accounts.models import RefusedGoogleAccount
from meetadmin.read_only_admin import ShownNotEdited


class PersonAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "username", "email")


class GoogleAccountAdmin(ShownNotEdited, SocialAccountAdmin):
    pass


class AddressAdmin(ShownNotEdited, EmailAddressAdmin):
    pass


@admin.register(RefusedGoogleAccount)
class RefusedGoogleAccountAdmin(ShownNotEdited, admin.ModelAdmin):
    list_display = ("email", "google_subject", "refusals", "first_refused_at", "last_refused_at")
    search_fields = ("email", "google_subject")


for model, model_admin in (
    (get_user_model(), PersonAdmin),
    (SocialAccount, GoogleAccountAdmin),
    (EmailAddress, AddressAdmin),
):
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
