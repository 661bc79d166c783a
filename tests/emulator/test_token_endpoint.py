"""The OAuth token endpoint, driven by google-auth itself: refresh tokens and domain-wide delegation."""

from __future__ import annotations

import time

import google.oauth2.credentials
import google.oauth2.service_account
import jwt
import pytest
import requests
from google.auth.exceptions import RefreshError
from google.auth.transport.requests import Request

from tests.support.meet_http import ALL_SCOPES, CREATED, MEETADMIN, READONLY, SETTINGS, MeetHttp, error_of

SERVICE_ACCOUNT = "delegate@meetadmin-demo.iam.gserviceaccount.com"


@pytest.fixture
def alice_grant(control):
    control.add_oauth_client(MEETADMIN, "demo-client-secret", "meetadmin-demo")
    control.add_user("alice@example.com")
    control.add_space("alice@example.com", "meetadmin-demo", space_id="AliceSpace01")
    return control.token("alice@example.com", MEETADMIN, ALL_SCOPES)


def _user_credentials(emulator, refresh_token, secret="demo-client-secret"):
    return google.oauth2.credentials.Credentials(
        None,
        refresh_token=refresh_token,
        client_id=MEETADMIN,
        client_secret=secret,
        token_uri=f"{emulator.url}/token",
    )


def test_google_auth_refreshes_a_user_token_that_works_on_the_api(emulator, control, alice_grant):
    credentials = _user_credentials(emulator, alice_grant["refresh_token"])
    credentials.refresh(Request())
    assert credentials.token.startswith("ya29.")
    assert credentials.expiry is not None
    response = MeetHttp(emulator.url, credentials.token).get("spaces/AliceSpace01")
    assert response.status_code == 200
    assert "config" in response.json()  # the token acts as alice, the owner


def test_a_wrong_client_secret_is_an_invalid_client(emulator, control, alice_grant):
    credentials = _user_credentials(emulator, alice_grant["refresh_token"], secret="wrong")
    with pytest.raises(RefreshError, match="invalid_client"):
        credentials.refresh(Request())


def test_a_revoked_refresh_token_is_an_invalid_grant(emulator, control, alice_grant):
    response = requests.post(f"{emulator.url}/revoke", params={"token": alice_grant["refresh_token"]}, timeout=10)
    assert response.status_code == 200
    answer = requests.post(
        f"{emulator.url}/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": alice_grant["refresh_token"],
            "client_id": MEETADMIN,
            "client_secret": "demo-client-secret",
        },
        timeout=10,
    )
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"
    with pytest.raises(RefreshError, match="invalid_grant"):
        _user_credentials(emulator, alice_grant["refresh_token"]).refresh(Request())


def test_a_refresh_token_presented_by_another_client_is_unauthorized_client(emulator, control, alice_grant):
    """As Google answers after an app's client id changed: 401 unauthorized_client, not invalid_grant."""
    control.add_oauth_client("meetadmin-new.apps.googleusercontent.com", "new-secret", "meetadmin-demo")
    answer = requests.post(
        f"{emulator.url}/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": alice_grant["refresh_token"],
            "client_id": "meetadmin-new.apps.googleusercontent.com",
            "client_secret": "new-secret",
        },
        timeout=10,
    )
    assert answer.status_code == 401
    assert answer.json() == {"error": "unauthorized_client", "error_description": "Unauthorized"}


def test_an_unknown_refresh_token_is_an_invalid_grant(emulator, control, alice_grant):
    with pytest.raises(RefreshError, match="invalid_grant"):
        _user_credentials(emulator, "1//not-a-token").refresh(Request())


def test_an_unknown_grant_type_is_refused(emulator, control):
    response = requests.post(f"{emulator.url}/token", data={"grant_type": "password"}, timeout=10)
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def _delegate(control, domain="example.com", scopes=(CREATED, READONLY)):
    key = control.add_service_account(
        SERVICE_ACCOUNT, "meetadmin-demo", delegated_domain=domain, delegated_scopes=list(scopes)
    )
    return key


def test_delegation_gives_a_token_acting_as_the_user(emulator, control, alice_grant):
    key = _delegate(control)
    key["token_uri"] = f"{emulator.url}/token"
    credentials = google.oauth2.service_account.Credentials.from_service_account_info(
        key, scopes=[CREATED, READONLY], subject="alice@example.com"
    )
    credentials.refresh(Request())
    response = MeetHttp(emulator.url, credentials.token).get("spaces/AliceSpace01")
    assert response.status_code == 200
    assert "config" in response.json()
    calls = control.calls(method="meet.spaces.get")
    assert calls[-1]["user"] == "alice@example.com"
    assert calls[-1]["project"] == "meetadmin-demo"


def test_delegation_to_a_user_of_another_domain_is_unauthorized(emulator, control, alice_grant):
    control.add_user("erin@otherco.test")
    key = _delegate(control)
    credentials = google.oauth2.service_account.Credentials.from_service_account_info(
        dict(key, token_uri=f"{emulator.url}/token"), scopes=[CREATED], subject="erin@otherco.test"
    )
    with pytest.raises(RefreshError, match="unauthorized_client"):
        credentials.refresh(Request())


def test_delegation_for_scopes_the_admin_did_not_grant_is_unauthorized(emulator, control, alice_grant):
    key = _delegate(control, scopes=[READONLY])
    credentials = google.oauth2.service_account.Credentials.from_service_account_info(
        dict(key, token_uri=f"{emulator.url}/token"), scopes=[CREATED], subject="alice@example.com"
    )
    with pytest.raises(RefreshError, match="unauthorized_client"):
        credentials.refresh(Request())


def _assertion(key, **claims):
    now = int(time.time())
    payload = {
        "iss": key["client_email"],
        "scope": CREATED,
        "aud": claims.pop("aud"),
        "iat": now,
        "exp": now + 3600,
        "sub": "alice@example.com",
    }
    payload.update(claims)
    return jwt.encode(payload, key["private_key"], algorithm="RS256", headers={"kid": key["private_key_id"]})


def _jwt_grant(emulator, assertion):
    return requests.post(
        f"{emulator.url}/token",
        data={"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion": assertion},
        timeout=10,
    )


def test_the_assertion_may_name_this_token_url_as_audience(emulator, control, alice_grant):
    key = _delegate(control)
    response = _jwt_grant(emulator, _assertion(key, aud=f"{emulator.url}/token"))
    assert response.status_code == 200
    assert response.json()["token_type"] == "Bearer"


def test_an_assertion_for_another_audience_is_refused(emulator, control, alice_grant):
    key = _delegate(control)
    response = _jwt_grant(emulator, _assertion(key, aud="https://example.com/token"))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_an_assertion_signed_with_another_key_is_refused(emulator, control, alice_grant):
    key = _delegate(control)
    impostor = control.add_service_account("impostor@meetadmin-demo.iam.gserviceaccount.com", "meetadmin-demo")
    forged = _assertion(dict(key, private_key=impostor["private_key"]), aud=f"{emulator.url}/token")
    response = _jwt_grant(emulator, forged)
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}


SHORT_LIVED = (
    "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
    "Check your iat and exp values in the JWT claim."
)


@pytest.mark.parametrize(
    ("claims", "status", "answer"),
    [
        # Google's "JWT error codes" table (developers.google.com/identity/protocols/oauth2/service-account).
        ({"sub": "departed@example.com"}, 400, ("invalid_grant", "Invalid email or User ID")),
        ({"sub": "erin@otherco.test"}, 401, ("unauthorized_client", "Unauthorized client or scope in request.")),
        ({"scope": f"{CREATED} https://www.googleapis.com/auth/meetings.nonsense"}, 400, ("invalid_scope", None)),
        ({"scope": ""}, 400, ("invalid_scope", "Invalid OAuth scope or ID token audience provided.")),
        ({"iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600}, 400, ("invalid_grant", SHORT_LIVED)),
        ({"iat": int(time.time()), "exp": int(time.time()) + 3 * 3600}, 400, ("invalid_grant", SHORT_LIVED)),
        ({"iat": int(time.time()) + 3600, "exp": int(time.time()) + 7200}, 400, ("invalid_grant", SHORT_LIVED)),
        ({"scope": f"{CREATED} {READONLY} {SETTINGS}"}, 400, ("access_denied", None)),
    ],
    ids=["unknown-user", "undelegated-domain", "unknown-scope", "no-scope", "expired", "too-long", "future", "some"],
)
def test_jwt_grant_refusals_follow_googles_table(emulator, control, alice_grant, claims, status, answer):
    control.add_user("erin@otherco.test")
    key = _delegate(control)  # CREATED and READONLY on example.com
    response = _jwt_grant(emulator, _assertion(key, aud=f"{emulator.url}/token", **claims))
    assert response.status_code == status
    error, description = answer
    assert response.json()["error"] == error
    if description is not None:
        assert response.json()["error_description"] == description


def test_a_disabled_service_account_is_refused_as_disabled_client(emulator, control, alice_grant):
    key = control.add_service_account(
        SERVICE_ACCOUNT, "meetadmin-demo", delegated_domain="example.com", delegated_scopes=[CREATED], disabled=True
    )
    response = _jwt_grant(emulator, _assertion(key, aud=f"{emulator.url}/token"))
    assert response.status_code == 401
    assert response.json() == {"error": "disabled_client", "error_description": "The OAuth client was disabled."}


def test_no_subject_gives_a_token_for_the_service_account_itself(emulator, control, alice_grant):
    key = _delegate(control)
    credentials = google.oauth2.service_account.Credentials.from_service_account_info(
        dict(key, token_uri=f"{emulator.url}/token"), scopes=[READONLY]
    )
    credentials.refresh(Request())
    response = MeetHttp(emulator.url, credentials.token).get("spaces/AliceSpace01")
    assert error_of(response) == (403, "PERMISSION_DENIED")  # it is nobody in the Workspace
    assert control.calls(method="meet.spaces.get")[-1]["user"] == SERVICE_ACCOUNT


def test_revoking_an_unknown_token_is_an_error(emulator, control):
    response = requests.post(f"{emulator.url}/revoke", params={"token": "nope"}, timeout=10)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_token"


def test_a_fault_on_the_token_endpoint_fails_the_refresh_once(emulator, control, alice_grant):
    control.fault("oauth2.token", status=400)
    credentials = _user_credentials(emulator, alice_grant["refresh_token"])
    with pytest.raises(RefreshError, match="invalid_grant"):
        credentials.refresh(Request())
    credentials.refresh(Request())
    assert [call["status"] for call in control.calls(method="oauth2.token")] == [400, 200]


def test_google_auth_retries_a_token_endpoint_outage(emulator, control, alice_grant):
    control.fault("oauth2.token", status=503)
    credentials = _user_credentials(emulator, alice_grant["refresh_token"])
    credentials.refresh(Request())
    assert [call["status"] for call in control.calls(method="oauth2.token")] == [503, 200]
