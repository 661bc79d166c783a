"""Refresh tokens are encrypted at rest, survive key rotation, and sign-in stores them with the granted scopes."""

from __future__ import annotations

import io

import pytest
from allauth.socialaccount.models import SocialAccount
from cryptography.fernet import Fernet
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from accounts import crypto
from accounts.google_grants import grant_store, grants_mark_needs_reconnect
from accounts.models import MEET_SCOPES, GoogleGrant
from accounts.roles import Role, is_it_admin, roles_of

CLAIMS = {"sub": "1001", "email": "alice@example.com", "email_verified": True, "hd": "example.com"}
REFRESH_TOKEN = "1//refresh-token-of-alice-which-must-never-be-stored-in-clear"


@pytest.fixture
def alice(db):
    return get_user_model().objects.create(username="alice", email="alice@example.com")


def test_the_database_column_holds_no_token(alice):
    grant_store(user=alice, claims=CLAIMS, refresh_token=REFRESH_TOKEN, scopes=" ".join(MEET_SCOPES.values()))
    with connection.cursor() as cursor:
        cursor.execute("select refresh_token_ciphertext::text, scopes::text from accounts_googlegrant")
        raw_token, raw_scopes = cursor.fetchone()
    assert REFRESH_TOKEN not in raw_token
    assert REFRESH_TOKEN.encode().hex() not in raw_token
    assert "meetings.space.created" in raw_scopes
    assert GoogleGrant.objects.get(user=alice).refresh_token == REFRESH_TOKEN


def test_a_declined_scope_is_remembered(alice):
    grant = grant_store(
        user=alice,
        claims=CLAIMS,
        refresh_token=REFRESH_TOKEN,
        scopes=f"openid email {MEET_SCOPES['readonly']} {MEET_SCOPES['created']}",
    )
    assert grant.missing_meet_scopes == ["settings"]


def test_a_sign_in_without_a_new_refresh_token_keeps_the_old_one(alice):
    grant_store(user=alice, claims=CLAIMS, refresh_token=REFRESH_TOKEN, scopes="")
    grant = grant_store(user=alice, claims=CLAIMS, refresh_token="", scopes="")
    assert grant.refresh_token == REFRESH_TOKEN
    assert grant.state == GoogleGrant.State.ACTIVE


def test_key_rotation_keeps_every_grant_usable(alice, settings):
    old_key = settings.TOKEN_ENCRYPTION_KEYS[0]
    grant_store(user=alice, claims=CLAIMS, refresh_token=REFRESH_TOKEN, scopes="")
    new_key = Fernet.generate_key().decode()

    settings.TOKEN_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_token_key", stdout=io.StringIO())

    settings.TOKEN_ENCRYPTION_KEYS = [new_key]  # the old key is dropped
    assert GoogleGrant.objects.get(user=alice).refresh_token == REFRESH_TOKEN
    settings.TOKEN_ENCRYPTION_KEYS = [old_key]
    with pytest.raises(crypto.InvalidToken):
        GoogleGrant.objects.get(user=alice).refresh_token  # noqa: B018


def test_initial_it_admins_become_it_admin_at_first_sign_in(alice, settings):
    settings.INITIAL_IT_ADMINS = ["alice@example.com"]
    grant_store(user=alice, claims=CLAIMS, refresh_token=REFRESH_TOKEN, scopes="")
    assert is_it_admin(get_user_model().objects.get(pk=alice.pk))


def test_grant_role_names_a_helpdesk_person(alice):
    call_command("grant_role", "helpdesk", "Alice@Example.com", stdout=io.StringIO())
    assert roles_of(get_user_model().objects.get(pk=alice.pk)) == {Role.HELPDESK}
    call_command("grant_role", "helpdesk", "alice@example.com", "--revoke", stdout=io.StringIO())
    assert roles_of(get_user_model().objects.get(pk=alice.pk)) == frozenset()


def test_a_grant_of_another_google_account_than_the_linked_one_is_refused(alice):
    SocialAccount.objects.create(user=alice, provider="google", uid=CLAIMS["sub"])
    stranger = {**CLAIMS, "sub": "2002"}  # the same address, another Google account
    assert grant_store(user=alice, claims=stranger, refresh_token="1//strangers", scopes="") is None
    assert not GoogleGrant.objects.exists()

    grant_store(user=alice, claims=CLAIMS, refresh_token=REFRESH_TOKEN, scopes="")
    assert grant_store(user=alice, claims=stranger, refresh_token="1//strangers", scopes="") is None
    grant = GoogleGrant.objects.get(user=alice)
    assert (grant.google_subject, grant.refresh_token) == (CLAIMS["sub"], REFRESH_TOKEN)


def test_a_stored_grant_is_never_overwritten_by_another_google_account(alice):
    grant_store(user=alice, claims=CLAIMS, refresh_token=REFRESH_TOKEN, scopes="")
    assert grant_store(user=alice, claims={**CLAIMS, "sub": "2002"}, refresh_token="1//other", scopes="") is None
    assert GoogleGrant.objects.get(user=alice).google_subject == CLAIMS["sub"]


def test_a_reconnect_is_asked_of_the_google_account_whose_token_failed_not_of_an_address(alice):
    grant_store(user=alice, claims=CLAIMS, refresh_token=REFRESH_TOKEN, scopes="")
    # A grant left from before the identity rule: another person, another Google account, the same address.
    other = get_user_model().objects.create(username="other", email="other@example.com")
    grant_store(user=other, claims={**CLAIMS, "sub": "2002"}, refresh_token="1//other", scopes="")

    assert grants_mark_needs_reconnect(google_subject="2002", reason="Token has been expired or revoked.") == 1
    states = dict(GoogleGrant.objects.values_list("google_subject", "state"))
    assert states == {CLAIMS["sub"]: GoogleGrant.State.ACTIVE, "2002": GoogleGrant.State.NEEDS_RECONNECT}
