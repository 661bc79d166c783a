"""A person's Google grant: the offline refresh token the workers act with, encrypted, and what it allows."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from accounts import crypto

MEET_SCOPES = {
    "created": "https://www.googleapis.com/auth/meetings.space.created",
    "settings": "https://www.googleapis.com/auth/meetings.space.settings",
    "readonly": "https://www.googleapis.com/auth/meetings.space.readonly",
}


class GoogleGrant(models.Model):
    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        NEEDS_RECONNECT = "needs_reconnect", "Needs reconnect"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="google_grant")
    google_subject = models.CharField(max_length=255, unique=True, help_text="The ID token's `sub`.")
    email = models.EmailField()
    hosted_domain = models.CharField(max_length=255, help_text="The ID token's `hd` claim.")
    refresh_token_ciphertext = models.BinaryField(editable=False)
    scopes = models.JSONField(default=list, help_text="Scopes Google says were granted.")
    state = models.CharField(max_length=20, choices=State.choices, default=State.ACTIVE)
    state_reason = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.email} ({self.get_state_display()})"

    @property
    def refresh_token(self) -> str:
        return crypto.decrypt(self.refresh_token_ciphertext)

    @refresh_token.setter
    def refresh_token(self, value: str) -> None:
        self.refresh_token_ciphertext = crypto.encrypt(value)

    def has_scope(self, short_name: str) -> bool:
        return MEET_SCOPES[short_name] in self.scopes

    @property
    def missing_meet_scopes(self) -> list[str]:
        return [name for name, scope in MEET_SCOPES.items() if scope not in self.scopes]


class TimeZonePreference(models.Model):
    """The time zone a person chose for the dashboard's times.

    Only a choice the person made is kept here; a zone the browser reported lives in the session alone, so signing in
    on a laptop in another country follows that laptop until the person picks one.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_zone_preference")
    time_zone = models.CharField(max_length=64, help_text="An IANA zone name, e.g. Europe/Paris.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user} in {self.time_zone}"


class AccessCheck(models.Model):
    """What meetadmin knows of a person's access after sign-in: before when their sessions no longer count, and when
    Google last accepted them. Loaded with the user on every request (accounts/auth_backends.py), so the checks that
    read it cost no query.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_check")
    sessions_valid_after = models.DateTimeField(
        null=True, blank=True, help_text="A session signed in before this time is ended at its next request."
    )
    sessions_ended_reason = models.CharField(max_length=255, blank=True, help_text="Shown to the person.")
    google_checked_at = models.DateTimeField(
        null=True, blank=True, help_text="When Google last accepted this person: a sign-in, or a staff re-check."
    )

    def __str__(self) -> str:
        return f"access of {self.user}"


class RefusedGoogleAccount(models.Model):
    """A Google account refused at sign-in because its address already belongs to another meetadmin person.

    Kept so that IT can re-link the person to it once they have confirmed the old Google account is gone
    (`manage.py relink_google_account`); the address and `sub` come from the verified ID token of the refused sign-in,
    never from anything the person typed.
    """

    google_subject = models.CharField(max_length=255, unique=True, help_text="The refused ID token's `sub`.")
    email = models.EmailField(db_index=True, help_text="The refused ID token's verified address.")
    hosted_domain = models.CharField(max_length=255, blank=True)
    refusals = models.PositiveIntegerField(default=1)
    first_refused_at = models.DateTimeField(auto_now_add=True)
    last_refused_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.email} as Google account {self.google_subject}"
