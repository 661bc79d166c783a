"""Both identities against the emulator's token endpoint: a person's refresh token, and delegation."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from meet_client import (
    MEET_SCOPES,
    SCOPE_READONLY,
    SCOPE_SETTINGS,
    AccessType,
    MeetClient,
    MeetCredentialsError,
    MeetDelegatedUserUnknown,
    MeetDelegationDenied,
    MeetGrantOfAnotherClient,
    MeetReauthRequired,
    MeetServiceAccountRefused,
    SpaceConfig,
    delegated_credentials,
    user_credentials,
)
from tests.support.meet_client_apps import CLIENT_ID, CLIENT_SECRET, OTHER_CLIENT_ID, PROJECT

DELEGATE = "meetadmin-delegate@meetadmin-test.iam.gserviceaccount.com"


def alice_credentials(emulator, people_and_apps):
    grant = people_and_apps.token("alice@example.com", CLIENT_ID, list(MEET_SCOPES))
    credentials = user_credentials(
        access_token=grant["access_token"],
        refresh_token=grant["refresh_token"],
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        token_uri=f"{emulator.url}/token",
    )
    return grant, credentials


def test_an_expired_access_token_is_refreshed_through_the_token_endpoint(emulator, people_and_apps):
    grant, credentials = alice_credentials(emulator, people_and_apps)
    with MeetClient(credentials, base_url=emulator.url) as client:
        space = client.create_space()
        people_and_apps.expire_token(grant["access_token"])
        assert client.get_space(space.name).name == space.name
    assert credentials.token != grant["access_token"]


def test_the_clock_running_past_expiry_is_refreshed_too(emulator, people_and_apps):
    grant, credentials = alice_credentials(emulator, people_and_apps)
    with MeetClient(credentials, base_url=emulator.url) as client:
        space = client.create_space()
        people_and_apps.advance_clock(2 * 3600)
        assert client.get_space(space.name).name == space.name
    assert credentials.token != grant["access_token"]


def test_a_revoked_refresh_token_asks_the_person_to_sign_in_again(emulator, people_and_apps):
    grant, credentials = alice_credentials(emulator, people_and_apps)
    people_and_apps.expire_token(grant["access_token"])
    people_and_apps.revoke(grant["refresh_token"])
    with MeetClient(credentials, base_url=emulator.url) as client, pytest.raises(MeetReauthRequired) as caught:
        client.get_space("spaces/anyThing123")
    assert "invalid_grant" in caught.value.message
    assert not caught.value.retryable
    assert caught.value.method == "meet.spaces.get"


def test_a_refresh_token_of_another_oauth_client_asks_to_reconnect_not_about_delegation(emulator, people_and_apps):
    """meetadmin's client id changed since alice connected: Google answers 401 unauthorized_client."""
    grant = people_and_apps.token("alice@example.com", OTHER_CLIENT_ID, list(MEET_SCOPES))
    credentials = user_credentials(
        refresh_token=grant["refresh_token"],
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        token_uri=f"{emulator.url}/token",
    )
    with MeetClient(credentials, base_url=emulator.url) as client, pytest.raises(MeetReauthRequired) as caught:
        client.get_space("spaces/anyThing123")
    assert isinstance(caught.value, MeetGrantOfAnotherClient)
    assert not isinstance(caught.value, MeetDelegationDenied)
    assert "unauthorized_client" in caught.value.message


def test_delegation_acts_as_the_space_owner(emulator, people_and_apps, connect):
    key = people_and_apps.add_service_account(
        DELEGATE, PROJECT, delegated_domain="example.com", delegated_scopes=list(MEET_SCOPES)
    )
    credentials = delegated_credentials(key, subject="alice@example.com", token_uri=f"{emulator.url}/token")
    with MeetClient(credentials, base_url=emulator.url) as helpdesk:
        space = helpdesk.create_space(SpaceConfig(access_type=AccessType.OPEN))
        people_and_apps.start_conference(space.name, [{"email": "dave@example.com"}])
        helpdesk.end_active_conference(space.name)
    # the space is alice's: her own sign-in through the same app sees its settings
    assert connect("alice@example.com").get_space(space.name).config.access_type is AccessType.OPEN
    assert people_and_apps.calls(method="meet.spaces.create")[-1]["user"] == "alice@example.com"


def test_delegation_is_refused_when_the_domain_did_not_grant_it(emulator, people_and_apps):
    key = people_and_apps.add_service_account(DELEGATE, PROJECT)
    credentials = delegated_credentials(key, subject="alice@example.com", token_uri=f"{emulator.url}/token")
    with MeetClient(credentials, base_url=emulator.url) as client, pytest.raises(MeetDelegationDenied):
        client.create_space()


def test_delegation_is_refused_for_a_user_of_another_domain(emulator, people_and_apps):
    key = people_and_apps.add_service_account(
        DELEGATE, PROJECT, delegated_domain="example.com", delegated_scopes=list(MEET_SCOPES)
    )
    credentials = delegated_credentials(key, subject="erin@otherco.test", token_uri=f"{emulator.url}/token")
    with MeetClient(credentials, base_url=emulator.url) as client, pytest.raises(MeetDelegationDenied):
        client.create_space()


def test_calls_are_logged_without_any_token(emulator, people_and_apps, caplog):
    grant, credentials = alice_credentials(emulator, people_and_apps)
    caplog.set_level(logging.DEBUG)
    with MeetClient(credentials, base_url=emulator.url) as client:
        space = client.create_space()
        people_and_apps.expire_token(grant["access_token"])
        client.get_space(space.name)
    ours = [record for record in caplog.records if record.name == "meet_client.client"]
    assert [record.meet_method for record in ours] == ["meet.spaces.create", "meet.spaces.get"]
    assert ours[1].meet_resource == space.name
    assert ours[1].http_status == 200
    assert all(isinstance(record.duration_ms, int) for record in ours)
    everything = caplog.text + "".join(str(record.__dict__) for record in caplog.records)
    for secret in (grant["access_token"], grant["refresh_token"], credentials.token, CLIENT_SECRET):
        assert secret not in everything


def test_revoking_the_grant_also_kills_the_access_token_and_still_asks_to_sign_in_again(emulator, people_and_apps):
    grant, credentials = alice_credentials(emulator, people_and_apps)
    people_and_apps.revoke(grant["refresh_token"])
    with MeetClient(credentials, base_url=emulator.url) as client, pytest.raises(MeetReauthRequired):
        client.create_space()
    assert people_and_apps.calls(method="meet.spaces.create")[0]["status"] == 401


def test_a_refused_service_account_key_is_not_mistaken_for_a_person_to_reconnect(emulator, people_and_apps):
    key = people_and_apps.add_service_account(
        DELEGATE, PROJECT, delegated_domain="example.com", delegated_scopes=list(MEET_SCOPES)
    )
    unknown = {**key, "client_email": "deleted@meetadmin-test.iam.gserviceaccount.com"}
    credentials = delegated_credentials(unknown, subject="alice@example.com", token_uri=f"{emulator.url}/token")
    with MeetClient(credentials, base_url=emulator.url) as client, pytest.raises(MeetCredentialsError) as caught:
        client.create_space()
    assert not isinstance(caught.value, MeetReauthRequired)
    assert "invalid_grant" in caught.value.message
    assert isinstance(caught.value, MeetServiceAccountRefused)
    assert caught.value.problem == MeetServiceAccountRefused.PROBLEM_KEY


def test_delegation_as_a_user_google_does_not_know_is_named_as_such(emulator, people_and_apps):
    key = people_and_apps.add_service_account(
        DELEGATE, PROJECT, delegated_domain="example.com", delegated_scopes=list(MEET_SCOPES)
    )
    credentials = delegated_credentials(key, subject="departed@example.com", token_uri=f"{emulator.url}/token")
    with MeetClient(credentials, base_url=emulator.url) as client, pytest.raises(MeetDelegatedUserUnknown) as caught:
        client.get_space("spaces/anyThing123")
    assert not isinstance(caught.value, (MeetReauthRequired, MeetDelegationDenied))
    assert "Invalid email or User ID" in caught.value.message


def test_delegation_for_only_some_of_the_scopes_is_refused_as_delegation(emulator, people_and_apps):
    key = people_and_apps.add_service_account(
        DELEGATE, PROJECT, delegated_domain="example.com", delegated_scopes=[SCOPE_READONLY]
    )
    scopes = (SCOPE_READONLY, SCOPE_SETTINGS)
    credentials = delegated_credentials(
        key, subject="alice@example.com", scopes=scopes, token_uri=f"{emulator.url}/token"
    )
    with MeetClient(credentials, base_url=emulator.url) as client, pytest.raises(MeetDelegationDenied) as caught:
        client.get_space("spaces/anyThing123")
    assert "access_denied" in caught.value.message


def test_a_scope_google_does_not_know_is_the_service_accounts_problem(emulator, people_and_apps):
    key = people_and_apps.add_service_account(
        DELEGATE, PROJECT, delegated_domain="example.com", delegated_scopes=list(MEET_SCOPES)
    )
    scopes = (SCOPE_READONLY, "https://www.googleapis.com/auth/meetings.space.everything")
    credentials = delegated_credentials(
        key, subject="alice@example.com", scopes=scopes, token_uri=f"{emulator.url}/token"
    )
    with MeetClient(credentials, base_url=emulator.url) as client, pytest.raises(MeetServiceAccountRefused) as caught:
        client.get_space("spaces/anyThing123")
    assert caught.value.problem == MeetServiceAccountRefused.PROBLEM_SCOPE


def test_a_known_expiry_refreshes_ahead_of_time_without_a_refused_call(emulator, people_and_apps):
    grant = people_and_apps.token("alice@example.com", CLIENT_ID, list(MEET_SCOPES))
    credentials = user_credentials(
        access_token=grant["access_token"],
        refresh_token=grant["refresh_token"],
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        token_uri=f"{emulator.url}/token",
        expiry=datetime.now(UTC) - timedelta(minutes=1),
    )
    with MeetClient(credentials, base_url=emulator.url) as client:
        client.create_space()
        assert client.credentials.token != grant["access_token"]
        assert client.credentials.expiry > datetime.now(UTC).replace(tzinfo=None)
    assert [call["status"] for call in people_and_apps.calls(method="meet.spaces.create")] == [200]
