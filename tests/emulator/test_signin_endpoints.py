"""Google's browser sign-in in the emulator, over real HTTP: the consent page, codes, the token exchange with PKCE,
the ID token (verified with PyJWT against the published certificates), userinfo and discovery."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from google_emulator.control.client import EmulatorControlError
from google_emulator.oauth.id_tokens import SigningKey
from google_emulator.server import build_world
from tests.support.consent import ConsentPage, answer_consent, open_consent_page, pkce_pair
from tests.support.meet_http import ALL_SCOPES, CREATED, MEETADMIN, READONLY, SETTINGS, MeetHttp, error_of

SECRET = "demo-client-secret"
CALLBACK = "http://127.0.0.1:8000/accounts/google/login/callback/"
REGISTERED = "registered.apps.googleusercontent.com"
REGISTERED_CALLBACK = "https://meetadmin.example.com/accounts/google/login/callback/"
ALICE_ID = "110000000000000000001"
IDENTITY = ["openid", "email", "profile"]
EMAIL_SCOPE = "https://www.googleapis.com/auth/userinfo.email"
PROFILE_SCOPE = "https://www.googleapis.com/auth/userinfo.profile"


@pytest.fixture
def signin_accounts(control):
    control.seed(
        {
            "users": [
                {"email": "alice@example.com", "displayName": "Alice Example", "id": ALICE_ID},
                {"email": "bob@example.com", "displayName": "Bob Helpdesk"},
                {"email": "frank@gmail.com", "displayName": "Frank Consumer"},
            ],
            "oauthClients": [
                {"clientId": MEETADMIN, "clientSecret": SECRET, "project": "meetadmin-demo"},
                {
                    "clientId": REGISTERED,
                    "clientSecret": "registered-secret",
                    "project": "registered-app",
                    "redirectUris": [REGISTERED_CALLBACK],
                },
            ],
            "spaces": [{"id": "AliceSpace01", "owner": "alice@example.com", "project": "meetadmin-demo"}],
        }
    )
    return control


def authorize_url(emulator, **params) -> str:
    query = {
        "client_id": MEETADMIN,
        "redirect_uri": CALLBACK,
        "response_type": "code",
        "scope": " ".join([*IDENTITY, *ALL_SCOPES]),
        "state": "state-123",
        "access_type": "offline",
        "nonce": "nonce-456",
        "login_hint": "alice@example.com",
    }
    query.update(params)
    return f"{emulator.url}/o/oauth2/v2/auth?{urlencode({k: v for k, v in query.items() if v is not None})}"


def consent_redirect(emulator, *, account="alice@example.com", scopes=None, decision="allow", **params) -> dict:
    """Signs in at the emulator; returns the query Google's redirect brings back to the app (and the verifier)."""
    verifier, challenge = pkce_pair()
    params.setdefault("code_challenge", challenge)
    params.setdefault("code_challenge_method", "S256")
    session = requests.Session()
    page = open_consent_page(session, authorize_url(emulator, **params))
    response = answer_consent(session, page, account=account, scopes=scopes, decision=decision)
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    redirect_uri = params.get("redirect_uri", CALLBACK)
    assert location.startswith(redirect_uri + "?")
    query = {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}
    return {**query, "verifier": verifier}


def exchange(emulator, code, verifier, *, redirect_uri=CALLBACK, client_id=MEETADMIN, secret=SECRET, basic=False):
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    if verifier is not None:
        data["code_verifier"] = verifier
    auth = None
    if basic:
        auth = (client_id, secret)
    else:
        data.update(client_id=client_id, client_secret=secret)
    return requests.post(f"{emulator.url}/token", data=data, auth=auth, timeout=10)


def sign_in_tokens(emulator, **kwargs) -> dict:
    answer = consent_redirect(emulator, **kwargs)
    response = exchange(emulator, answer["code"], answer["verifier"])
    assert response.status_code == 200, response.text
    return response.json()


def refresh_with(emulator, refresh_token: str) -> requests.Response:
    data = {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": MEETADMIN}
    return requests.post(f"{emulator.url}/token", data={**data, "client_secret": SECRET}, timeout=10)


def verified_claims(emulator, id_token: str) -> dict:
    """Verifies the ID token as a relying party does: the key by `kid` from Google's v1 certificate format."""
    certificates = requests.get(f"{emulator.url}/oauth2/v1/certs", timeout=10).json()
    kid = jwt.get_unverified_header(id_token)["kid"]
    public_key = x509.load_pem_x509_certificate(certificates[kid].encode()).public_key()
    return jwt.decode(id_token, public_key, algorithms=["RS256"], audience=MEETADMIN, issuer=emulator.url)


# --- the consent page ---
def test_the_consent_page_offers_every_user_and_each_optional_scope(emulator, signin_accounts):
    response = requests.get(authorize_url(emulator), timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    page = ConsentPage(response.text, response.url)
    assert page.headings == ["Sign in to meetadmin-demo"]
    assert page.accounts == ["alice@example.com", "bob@example.com", "frank@gmail.com"]
    assert page.preselected_account == "alice@example.com"  # the login_hint
    assert page.optional_scopes == ALL_SCOPES
    assert page.ticked_scopes == set(ALL_SCOPES)  # granular consent: ticked by default
    assert "See your primary Google Account email address" in response.text  # required: listed, no checkbox
    assert "openid" not in page.optional_scopes
    assert set(page.buttons) == {"allow", "deny"}
    assert page.input_ids <= page.labels_for  # every radio and checkbox has a label
    assert "<script" not in response.text
    assert "style=" not in response.text
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', response.text).group(1)
    css = requests.get(emulator.url + stylesheet, timeout=10)
    assert css.status_code == 200
    assert css.headers["Content-Type"].startswith("text/css")


def test_without_a_login_hint_nobody_is_preselected(emulator, signin_accounts):
    page = open_consent_page(requests.Session(), authorize_url(emulator, login_hint=None))
    assert page.preselected_account is None


def test_allowing_without_choosing_an_account_asks_again(emulator, signin_accounts):
    session = requests.Session()
    page = open_consent_page(session, authorize_url(emulator, login_hint=None))
    response = answer_consent(session, page)
    assert response.status_code == 400
    assert "Choose an account" in response.text
    assert "Location" not in response.headers


def test_a_consent_page_left_open_for_over_an_hour_no_longer_works(emulator, signin_accounts):
    session = requests.Session()
    page = open_consent_page(session, authorize_url(emulator))
    signin_accounts.advance_clock(3601)
    response = answer_consent(session, page)
    assert response.status_code == 400
    assert "expired" in response.text
    assert "Location" not in response.headers


def test_an_unknown_client_is_an_error_page_never_a_redirect(emulator, signin_accounts):
    response = requests.get(
        authorize_url(emulator, client_id="nobody.apps.googleusercontent.com"), allow_redirects=False, timeout=10
    )
    assert response.status_code == 401
    assert "Error 401: invalid_client" in response.text
    assert "Location" not in response.headers


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "https://evil.test/accounts/google/login/callback/",
        "http://127.0.0.1.evil.test/callback",
        "ftp://127.0.0.1/callback",
    ],
)
def test_a_client_without_registered_uris_accepts_only_loopback_ones(emulator, signin_accounts, redirect_uri):
    response = requests.get(authorize_url(emulator, redirect_uri=redirect_uri), allow_redirects=False, timeout=10)
    assert response.status_code == 400
    assert "Error 400: redirect_uri_mismatch" in response.text
    assert "Location" not in response.headers


@pytest.mark.parametrize("redirect_uri", [CALLBACK, "http://localhost:51234/accounts/google/login/callback/"])
def test_loopback_redirect_uris_on_any_port_are_accepted(emulator, signin_accounts, redirect_uri):
    response = requests.get(authorize_url(emulator, redirect_uri=redirect_uri), timeout=10)
    assert response.status_code == 200


def test_a_client_with_registered_uris_accepts_only_those(emulator, signin_accounts):
    wrong = requests.get(authorize_url(emulator, client_id=REGISTERED), allow_redirects=False, timeout=10)
    assert wrong.status_code == 400
    assert "redirect_uri_mismatch" in wrong.text
    right = requests.get(authorize_url(emulator, client_id=REGISTERED, redirect_uri=REGISTERED_CALLBACK), timeout=10)
    assert right.status_code == 200
    assert "Sign in to registered-app" in right.text


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"response_type": None}, "invalid_request"),
        ({"scope": None}, "invalid_request"),
        ({"scope": "openid https://www.googleapis.com/auth/drive.nonsense"}, "invalid_scope"),
        ({"code_challenge": "abc", "code_challenge_method": "S512"}, "invalid_request"),
        ({"access_type": "forever"}, "invalid_request"),
    ],
)
def test_a_malformed_request_is_an_error_page(emulator, signin_accounts, params, error):
    response = requests.get(authorize_url(emulator, **params), allow_redirects=False, timeout=10)
    assert response.status_code == 400
    assert f"Error 400: {error}" in response.text


def test_allow_sends_a_code_and_the_state_back(emulator, signin_accounts):
    answer = consent_redirect(emulator)
    assert answer["state"] == "state-123"
    assert answer["code"].startswith("4/")
    assert set(answer["scope"].split()) == {"openid", EMAIL_SCOPE, PROFILE_SCOPE, *ALL_SCOPES}


def test_deny_sends_access_denied_and_the_state_back(emulator, signin_accounts):
    answer = consent_redirect(emulator, decision="deny")
    assert answer["error"] == "access_denied"
    assert answer["state"] == "state-123"
    assert "code" not in answer


def test_prompt_none_cannot_sign_in_silently(emulator, signin_accounts):
    response = requests.get(authorize_url(emulator, prompt="none"), allow_redirects=False, timeout=10)
    assert response.status_code == 302
    assert "error=login_required" in response.headers["Location"]


# --- the token exchange ---
def test_the_code_buys_tokens_and_an_id_token_that_verifies(emulator, signin_accounts):
    tokens = sign_in_tokens(emulator)
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 3599
    assert tokens["refresh_token"].startswith("1//")  # offline access, first consent
    assert set(tokens["scope"].split()) == {"openid", EMAIL_SCOPE, PROFILE_SCOPE, *ALL_SCOPES}
    header = jwt.get_unverified_header(tokens["id_token"])
    assert header["alg"] == "RS256"
    assert header["kid"]
    claims = verified_claims(emulator, tokens["id_token"])
    assert claims["iss"] == emulator.url
    assert claims["aud"] == claims["azp"] == MEETADMIN
    assert claims["sub"] == ALICE_ID
    assert claims["email"] == "alice@example.com"
    assert claims["email_verified"] is True
    assert claims["hd"] == "example.com"
    assert (claims["name"], claims["given_name"], claims["family_name"]) == ("Alice Example", "Alice", "Example")
    assert claims["nonce"] == "nonce-456"
    assert claims["exp"] - claims["iat"] == 3600
    digest = hashlib.sha256(tokens["access_token"].encode()).digest()
    assert claims["at_hash"] == base64.urlsafe_b64encode(digest[:16]).rstrip(b"=").decode()


def test_the_access_token_acts_as_the_person_on_the_meet_api(emulator, signin_accounts):
    tokens = sign_in_tokens(emulator)
    response = MeetHttp(emulator.url, tokens["access_token"]).get("spaces/AliceSpace01")
    assert response.status_code == 200
    assert "config" in response.json()  # alice, the owner


def test_a_declined_scope_is_missing_from_the_token(emulator, signin_accounts):
    tokens = sign_in_tokens(emulator, scopes=[READONLY])
    assert set(tokens["scope"].split()) == {"openid", EMAIL_SCOPE, PROFILE_SCOPE, READONLY}
    meet = MeetHttp(emulator.url, tokens["access_token"])
    assert meet.get("spaces/AliceSpace01").status_code == 200
    refused = meet.patch("spaces/AliceSpace01", {"config": {"accessType": "OPEN"}}, updateMask="config.accessType")
    assert error_of(refused) == (403, "PERMISSION_DENIED")
    assert "insufficient authentication scopes" in refused.json()["error"]["message"]


def test_the_jwks_endpoint_verifies_the_same_token(emulator, signin_accounts):
    tokens = sign_in_tokens(emulator)
    jwks = jwt.PyJWKSet.from_dict(requests.get(f"{emulator.url}/oauth2/v3/certs", timeout=10).json())
    kid = jwt.get_unverified_header(tokens["id_token"])["kid"]
    key = next(key for key in jwks.keys if key.key_id == kid)
    claims = jwt.decode(tokens["id_token"], key, algorithms=["RS256"], audience=MEETADMIN)
    assert claims["sub"] == ALICE_ID


def test_client_credentials_may_come_as_http_basic(emulator, signin_accounts):
    answer = consent_redirect(emulator)
    response = exchange(emulator, answer["code"], answer["verifier"], basic=True)
    assert response.status_code == 200
    assert "id_token" in response.json()


def test_a_code_is_single_use_and_a_replay_revokes_what_it_gave(emulator, signin_accounts):
    answer = consent_redirect(emulator)
    first = exchange(emulator, answer["code"], answer["verifier"])
    assert first.status_code == 200
    replay = exchange(emulator, answer["code"], answer["verifier"])
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    assert MeetHttp(emulator.url, first.json()["access_token"]).get("spaces/AliceSpace01").status_code == 401


def test_a_code_expires_after_ten_minutes(emulator, signin_accounts):
    answer = consent_redirect(emulator)
    signin_accounts.advance_clock(601)
    response = exchange(emulator, answer["code"], answer["verifier"])
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_a_code_still_works_just_before_ten_minutes(emulator, signin_accounts):
    answer = consent_redirect(emulator)
    signin_accounts.advance_clock(590)
    assert exchange(emulator, answer["code"], answer["verifier"]).status_code == 200


@pytest.mark.parametrize("verifier", ["a-different-verifier-of-sufficient-length-0123456789", None])
def test_a_wrong_or_missing_pkce_verifier_is_an_invalid_grant_and_spends_the_code(emulator, signin_accounts, verifier):
    answer = consent_redirect(emulator)
    response = exchange(emulator, answer["code"], verifier)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert exchange(emulator, answer["code"], answer["verifier"]).status_code == 400


def test_a_redirect_uri_other_than_the_authorization_requests_is_an_invalid_grant(emulator, signin_accounts):
    answer = consent_redirect(emulator)
    response = exchange(emulator, answer["code"], answer["verifier"], redirect_uri="http://127.0.0.1:9999/other/")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


@pytest.mark.parametrize(("client_id", "secret"), [(MEETADMIN, "wrong-secret"), ("nobody.apps.x", SECRET)])
def test_a_wrong_client_is_an_invalid_client(emulator, signin_accounts, client_id, secret):
    answer = consent_redirect(emulator)
    response = exchange(emulator, answer["code"], answer["verifier"], client_id=client_id, secret=secret)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_another_clients_code_is_an_invalid_grant(emulator, signin_accounts):
    answer = consent_redirect(emulator)
    response = exchange(emulator, answer["code"], answer["verifier"], client_id=REGISTERED, secret="registered-secret")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_an_unknown_code_is_an_invalid_grant(emulator, signin_accounts):
    response = exchange(emulator, "4/0Anot-a-code", "verifier")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_a_refresh_token_comes_on_first_consent_and_with_prompt_consent(emulator, signin_accounts):
    first = sign_in_tokens(emulator)
    assert "refresh_token" in first
    again = sign_in_tokens(emulator)
    assert "refresh_token" not in again  # Google remembers the consent
    forced = sign_in_tokens(emulator, prompt="consent")
    assert "refresh_token" in forced
    online = sign_in_tokens(emulator, account="bob@example.com", access_type="online")
    assert "refresh_token" not in online


def test_after_a_revocation_the_next_sign_in_is_a_first_consent_again(emulator, signin_accounts):
    first = sign_in_tokens(emulator)
    assert requests.post(f"{emulator.url}/revoke", params={"token": first["refresh_token"]}, timeout=10).ok
    assert "refresh_token" in sign_in_tokens(emulator)


def test_the_refresh_token_refreshes_with_the_granted_scopes(emulator, signin_accounts):
    tokens = sign_in_tokens(emulator, scopes=[READONLY, CREATED])
    response = refresh_with(emulator, tokens["refresh_token"])
    assert response.status_code == 200
    assert set(response.json()["scope"].split()) == {"openid", EMAIL_SCOPE, PROFILE_SCOPE, READONLY, CREATED}


def test_include_granted_scopes_adds_what_was_granted_before(emulator, signin_accounts):
    sign_in_tokens(emulator, scopes=[READONLY])
    tokens = sign_in_tokens(emulator, scopes=[SETTINGS], include_granted_scopes="true")
    assert {READONLY, SETTINGS} <= set(tokens["scope"].split())
    assert CREATED not in tokens["scope"].split()


# --- who the ID token says the person is ---
def test_a_consumer_account_has_no_hd(emulator, signin_accounts):
    claims = verified_claims(emulator, sign_in_tokens(emulator, account="frank@gmail.com")["id_token"])
    assert claims["email"] == "frank@gmail.com"
    assert "hd" not in claims


def test_a_spoofed_hd_and_an_unverified_address_come_through_as_set(emulator, signin_accounts):
    made = signin_accounts.add_user(
        "mallory@example.com", "Mallory Spoof", hosted_domain="evil.test", email_verified=False
    )
    assert (made["hostedDomain"], made["emailVerified"]) == ("evil.test", False)
    claims = verified_claims(emulator, sign_in_tokens(emulator, account="mallory@example.com")["id_token"])
    assert claims["hd"] == "evil.test"
    assert claims["email_verified"] is False


def test_sign_in_attributes_come_from_the_seed_document_with_defaults(emulator, control):
    control.seed(
        {
            "users": [
                {"email": "alice@example.com"},
                {"email": "frank@gmail.com"},
                {"email": "nohd@example.com", "hostedDomain": None},
                {"email": "spoof@example.com", "hostedDomain": "evil.test", "emailVerified": False},
            ]
        }
    )
    users = {user["email"]: (user["hostedDomain"], user["emailVerified"]) for user in control.users()}
    assert users == {
        "alice@example.com": ("example.com", True),
        "frank@gmail.com": (None, True),
        "nohd@example.com": (None, True),
        "spoof@example.com": ("evil.test", False),
    }


def test_a_re_created_account_signs_in_with_a_new_sub_and_the_old_tokens_are_gone(emulator, signin_accounts):
    before = sign_in_tokens(emulator)
    signin_accounts.recreate_user("alice@example.com")

    after = sign_in_tokens(emulator)
    claims = verified_claims(emulator, after["id_token"])
    assert claims["email"] == "alice@example.com"
    assert claims["email_verified"] is True
    assert claims["hd"] == "example.com"
    assert claims["sub"] != ALICE_ID
    assert "refresh_token" in after  # a new account has consented to nothing yet
    refresh = refresh_with(emulator, before["refresh_token"])
    assert refresh.status_code == 400
    assert refresh.json()["error"] == "invalid_grant"
    users = {user["email"]: user for user in signin_accounts.users()}
    assert users["alice@example.com"]["user"] == f"users/{claims['sub']}"


def test_only_an_existing_account_can_be_re_created_and_always_with_a_new_id(signin_accounts):
    with pytest.raises(EmulatorControlError, match="404"):
        signin_accounts.recreate_user("nobody@example.com")
    with pytest.raises(EmulatorControlError, match="400"):
        signin_accounts.recreate_user("alice@example.com", user_id=ALICE_ID)
    assert signin_accounts.recreate_user("alice@example.com", user_id="120000000000000000002")["user"] == (
        "users/120000000000000000002"
    )


def test_hosted_domain_can_be_removed_for_a_workspace_looking_address(emulator, signin_accounts):
    signin_accounts.add_user("nohd@example.com", hosted_domain="")
    claims = verified_claims(emulator, sign_in_tokens(emulator, account="nohd@example.com")["id_token"])
    assert "hd" not in claims


def test_without_a_nonce_none_is_echoed(emulator, signin_accounts):
    claims = verified_claims(emulator, sign_in_tokens(emulator, nonce=None)["id_token"])
    assert "nonce" not in claims


# --- userinfo and discovery ---
def test_userinfo_answers_googles_field_names(emulator, signin_accounts):
    tokens = sign_in_tokens(emulator)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    v2 = requests.get(f"{emulator.url}/oauth2/v2/userinfo", headers=headers, timeout=10).json()
    assert v2 == {
        "id": ALICE_ID,
        "email": "alice@example.com",
        "verified_email": True,
        "name": "Alice Example",
        "given_name": "Alice",
        "family_name": "Example",
        "hd": "example.com",
    }
    v3 = requests.get(f"{emulator.url}/oauth2/v3/userinfo", headers=headers, timeout=10).json()
    assert v3["sub"] == ALICE_ID
    assert v3["email_verified"] is True
    assert "id" not in v3


def test_userinfo_without_a_valid_token_is_401(emulator, signin_accounts):
    assert requests.get(f"{emulator.url}/oauth2/v2/userinfo", timeout=10).status_code == 401
    response = requests.get(
        f"{emulator.url}/oauth2/v3/userinfo", headers={"Authorization": "Bearer ya29.nope"}, timeout=10
    )
    assert response.status_code == 401


def test_userinfo_stops_when_the_access_token_expires(emulator, signin_accounts):
    tokens = sign_in_tokens(emulator)
    signin_accounts.advance_clock(3600)
    response = requests.get(
        f"{emulator.url}/oauth2/v2/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=10
    )
    assert response.status_code == 401


def test_the_openid_configuration_names_the_emulators_endpoints(emulator, signin_accounts):
    configuration = requests.get(f"{emulator.url}/.well-known/openid-configuration", timeout=10).json()
    assert configuration["issuer"] == emulator.url
    assert configuration["authorization_endpoint"] == f"{emulator.url}/o/oauth2/v2/auth"
    assert configuration["token_endpoint"] == f"{emulator.url}/token"
    assert configuration["jwks_uri"] == f"{emulator.url}/oauth2/v3/certs"
    assert "S256" in configuration["code_challenge_methods_supported"]


def test_the_v1_certificates_are_self_signed_x509_keyed_by_kid(emulator, signin_accounts):
    certificates = requests.get(f"{emulator.url}/oauth2/v1/certs", timeout=10).json()
    ((kid, pem),) = certificates.items()
    assert re.fullmatch(r"[0-9a-f]{40}", kid)
    assert pem.startswith("-----BEGIN CERTIFICATE-----")
    certificate = x509.load_pem_x509_certificate(pem.encode())
    assert certificate.issuer == certificate.subject


def test_the_signing_key_survives_a_state_file_restart(tmp_path):
    state_file = tmp_path / "emulator.json"
    signin_accounts = build_world("empty", state_file=str(state_file))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    signin_accounts.signin.signing_key = SigningKey(pem)
    signin_accounts.save()
    restarted = build_world("empty", state_file=str(state_file))
    assert restarted.signin.signing_key.kid == SigningKey(pem).kid
    certificate = x509.load_pem_x509_certificate(restarted.signin.signing_key.certificate_pem.encode())
    assert certificate.public_key().public_numbers() == key.public_key().public_numbers()
