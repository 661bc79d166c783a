"""Access tokens on the Meet API: missing, unknown, expired, revoked; scopes; a service account's own token."""

from __future__ import annotations

import requests

from tests.support.meet_http import CREATED, READONLY, MeetHttp, error_of, meet_as, seed_apps


def _space(control):
    seed_apps(control)
    return control.add_space("alice@example.com", "meetadmin-demo")["name"]


def test_no_token_is_unauthenticated(emulator, control):
    name = _space(control)
    response = requests.get(f"{emulator.url}/v2/{name}", timeout=10)
    assert error_of(response) == (401, "UNAUTHENTICATED")
    assert response.json()["error"]["details"][0]["reason"] == "CREDENTIALS_MISSING"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="https://accounts.google.com/"'


def test_an_unknown_token_is_unauthenticated(emulator, control):
    name = _space(control)
    response = MeetHttp(emulator.url, "ya29.made-up").get(name)
    assert error_of(response) == (401, "UNAUTHENTICATED")
    # RFC 6750 section 3.1: a token was sent and refused.
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="https://accounts.google.com/", error="invalid_token"'


def test_an_expired_token_is_unauthenticated(emulator, control):
    name = _space(control)
    token = control.token("alice@example.com", "meetadmin-demo.apps.googleusercontent.com", [READONLY])
    alice = MeetHttp(emulator.url, token["access_token"])
    assert alice.get(name).status_code == 200

    control.expire_token(token["access_token"])

    expired = alice.get(name)
    assert error_of(expired) == (401, "UNAUTHENTICATED")
    assert 'error="invalid_token"' in expired.headers["WWW-Authenticate"]


def test_tokens_expire_by_the_emulated_clock(emulator, control):
    name = _space(control)
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    control.advance_clock(3600)
    assert error_of(alice.get(name)) == (401, "UNAUTHENTICATED")


def test_a_revoked_token_is_unauthenticated(emulator, control):
    name = _space(control)
    token = control.token("alice@example.com", "meetadmin-demo.apps.googleusercontent.com", [READONLY])
    control.revoke(token["refresh_token"])  # revoking the grant takes its access tokens with it
    assert error_of(MeetHttp(emulator.url, token["access_token"]).get(name)) == (401, "UNAUTHENTICATED")


def test_a_token_without_a_meet_scope_is_insufficient(emulator, control):
    name = _space(control)
    token = control.token("alice@example.com", "meetadmin-demo.apps.googleusercontent.com", ["openid", "email"])
    response = MeetHttp(emulator.url, token["access_token"]).get(name)
    assert error_of(response) == (403, "PERMISSION_DENIED")
    error = response.json()["error"]
    assert error["message"] == "Request had insufficient authentication scopes."
    assert error["details"] == [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
            "domain": "googleapis.com",
            "metadata": {"service": "meet.googleapis.com", "method": "google.apps.meet.v2.SpacesService.GetSpace"},
        }
    ]
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]


def test_member_writes_need_the_created_scope(emulator, control):
    name = _space(control)
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    response = alice.post(f"{name}/members", json={"email": "dave@example.com"})
    assert error_of(response) == (403, "PERMISSION_DENIED")
    assert response.json()["error"]["details"][0]["reason"] == "ACCESS_TOKEN_SCOPE_INSUFFICIENT"


def test_the_token_may_also_come_as_a_query_parameter(emulator, control):
    name = _space(control)
    token = control.token("alice@example.com", "meetadmin-demo.apps.googleusercontent.com", [READONLY])
    response = requests.get(f"{emulator.url}/v2/{name}", params={"access_token": token["access_token"]}, timeout=10)
    assert response.status_code == 200


def test_two_client_ids_are_two_apps(emulator, control):
    seed_apps(control)
    first = meet_as(
        emulator, control, "alice@example.com", client_id="first.apps.googleusercontent.com", scopes=[CREATED]
    )
    second = meet_as(
        emulator, control, "alice@example.com", client_id="second.apps.googleusercontent.com", scopes=[CREATED]
    )
    name = first.post("spaces", json={}).json()["name"]
    assert first.get(name).status_code == 200
    assert error_of(second.get(name)) == (403, "PERMISSION_DENIED")


def test_a_service_accounts_own_token_reaches_no_meeting(emulator, control):
    import google.oauth2.service_account
    from google.auth.transport.requests import Request

    name = _space(control)
    key = control.add_service_account("robot@meetadmin-demo.iam.gserviceaccount.com", "meetadmin-demo")
    credentials = google.oauth2.service_account.Credentials.from_service_account_info(key, scopes=[READONLY, CREATED])
    credentials.refresh(Request())
    meet = MeetHttp(emulator.url, credentials.token)
    for response in (meet.get(name), meet.post("spaces", json={})):
        assert error_of(response) == (403, "PERMISSION_DENIED")
        assert response.json()["error"]["message"] == "Permission denied on resource Space (or it might not exist)"
        assert response.json()["error"].get("details", []) == []
