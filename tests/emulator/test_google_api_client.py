"""Google's own discovery-based client (google-api-python-client), built from meet.v2.json, works against the emulator.

No network: the document is local and the client is pointed at the emulator with `client_options.api_endpoint`,
exactly as it would be pointed at `https://meet.googleapis.com/`. This proves the emulator speaks Google's dialect
(paths, `alt=json`, enum names, errors, page tokens), not just the one meetadmin's client happens to speak.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import google.oauth2.credentials
import google_auth_httplib2
import httplib2
import pytest
from googleapiclient.discovery import build_from_document
from googleapiclient.errors import HttpError

from tests.support import discovery
from tests.support.conformance_calls import CALLS
from tests.support.conformance_seed import (
    ALICE,
    DAVE,
    MEET_SCOPES,
    SCOPE_READONLY,
    access_token,
)
from tests.support.google_errors import INSUFFICIENT_SCOPES, PERMISSION_DENIED_SPACE


def google_client(url: str, token: str | google.oauth2.credentials.Credentials, **authorized_http_options):
    credentials = token if not isinstance(token, str) else google.oauth2.credentials.Credentials(token)
    http = google_auth_httplib2.AuthorizedHttp(credentials, http=httplib2.Http(timeout=30), **authorized_http_options)
    return build_from_document(discovery.document_copy(), http=http, client_options={"api_endpoint": url})


def request_for(service, method_id: str, call: dict[str, Any]):
    """`meet.conferenceRecords.participants.list` → `service.conferenceRecords().participants().list(...)`."""
    *resources, verb = method_id.split(".")[1:]
    target = service
    for resource in resources:
        target = getattr(target, resource)()
    kwargs = {**call.get("params", {}), **{k: v for k, v in call.items() if k not in ("params", "body")}}
    if "body" in call:
        kwargs["body"] = call["body"]
    elif discovery.method(method_id).request is not None:
        kwargs["body"] = {}
    return getattr(target, verb)(**kwargs)


@pytest.fixture
def meet(conformance_seed):
    return google_client(conformance_seed.url, conformance_seed.token)


def test_the_client_talks_to_the_emulator_not_to_google(meet, conformance_seed):
    print("googleapiclient base URL:", meet._baseUrl)
    base = urlsplit(meet._baseUrl)
    emulator = urlsplit(conformance_seed.url)
    assert (base.scheme, base.hostname, base.port) == (emulator.scheme, emulator.hostname, emulator.port)
    request = meet.spaces().get(name=conformance_seed.space["name"])
    print("spaces.get goes to:", request.uri)
    assert request.uri.startswith(f"{conformance_seed.url}/v2/{conformance_seed.space['name']}?")
    assert "alt=json" in request.uri


@pytest.mark.parametrize("method_id", discovery.all_method_ids())
def test_every_method_through_googleapiclient(meet, conformance_seed, control, method_id):
    call = CALLS[method_id](conformance_seed)
    result = request_for(meet, method_id, call).execute()
    discovery.validate(discovery.method(method_id).response, result)
    logged = control.calls(method=method_id)
    assert logged, f"the emulator did not log {method_id} as that method"
    assert logged[-1]["status"] == 200
    assert logged[-1]["user"] == ALICE


def test_space_settings_round_trip_in_enum_names(meet, conformance_seed):
    patched = (
        meet.spaces()
        .patch(
            name=conformance_seed.space["name"], updateMask="config.accessType", body={"config": {"accessType": "OPEN"}}
        )
        .execute()
    )
    assert patched["config"]["accessType"] == "OPEN"
    assert meet.spaces().get(name=conformance_seed.space["name"]).execute()["config"]["accessType"] == "OPEN"


def test_list_next_pages_through_every_conference_record(meet):
    records = []
    request = meet.conferenceRecords().list(pageSize=1)
    while request is not None:
        response = request.execute()
        assert len(response["conferenceRecords"]) == 1
        records += response["conferenceRecords"]
        request = meet.conferenceRecords().list_next(request, response)
    assert len(records) == 3
    assert len({record["name"] for record in records}) == 3


def test_a_filter_travels_form_encoded(meet, conformance_seed):
    request = meet.conferenceRecords().list(filter=f'space.name = "{conformance_seed.live_space["name"]}"')
    response = request.execute()
    assert [record["space"] for record in response["conferenceRecords"]] == [conformance_seed.live_space["name"]]
    running = meet.conferenceRecords().list(filter="end_time IS NULL").execute()
    assert [record["space"] for record in running["conferenceRecords"]] == [conformance_seed.live_space["name"]]


def test_a_space_that_does_not_exist_is_an_http_error_403(meet):
    with pytest.raises(HttpError) as caught:
        meet.spaces().get(name="spaces/doesNotExist123").execute()
    assert caught.value.status_code == 403
    assert caught.value.reason == PERMISSION_DENIED_SPACE


def test_missing_scope_is_an_http_error_with_error_info(conformance_seed, control):
    readonly = google_client(conformance_seed.url, access_token(control, ALICE, [SCOPE_READONLY]))
    with pytest.raises(HttpError) as caught:
        readonly.spaces().endActiveConference(name=conformance_seed.live_space["name"], body={}).execute()
    assert caught.value.status_code == 403
    assert caught.value.reason == INSUFFICIENT_SCOPES
    reasons = [detail.get("reason") for detail in caught.value.error_details if isinstance(detail, dict)]
    assert "ACCESS_TOKEN_SCOPE_INSUFFICIENT" in reasons


def test_an_unknown_token_is_an_http_error_401(conformance_seed):
    # Without this, AuthorizedHttp answers a 401 by trying to refresh credentials that cannot be refreshed.
    stranger = google_client(conformance_seed.url, "ya29.not-a-token-the-emulator-issued", refresh_status_codes=())
    with pytest.raises(HttpError) as caught:
        stranger.spaces().get(name=conformance_seed.space["name"]).execute()
    assert caught.value.status_code == 401
    assert json.loads(caught.value.content)["error"]["status"] == "UNAUTHENTICATED"


def test_an_expired_token_is_refreshed_at_the_emulators_token_endpoint(conformance_seed, control):
    """google-auth meets the 401, refreshes at `{url}/token` with the refresh token, and retries: Google's dance."""
    client_id, secret = "conformance-refresh.apps.googleusercontent.com", "conformance-refresh-secret"
    control.add_oauth_client(client_id, secret, "conformance-refresh-project")
    issued = control.token(ALICE, client_id, list(MEET_SCOPES))
    credentials = google.oauth2.credentials.Credentials(
        issued["access_token"],
        refresh_token=issued["refresh_token"],
        token_uri=f"{conformance_seed.url}/token",
        client_id=client_id,
        client_secret=secret,
        scopes=list(MEET_SCOPES),
    )
    meet = google_client(conformance_seed.url, credentials)
    control.expire_token(issued["access_token"])
    assert meet.spaces().get(name=conformance_seed.space["name"]).execute()["name"] == conformance_seed.space["name"]
    assert credentials.token != issued["access_token"], "the client now holds a fresh access token"
    assert [call["status"] for call in control.calls(method="meet.spaces.get")][-2:] == [401, 200]


def test_ending_a_conference_that_is_over_is_failed_precondition(meet, conformance_seed):
    meet.spaces().endActiveConference(name=conformance_seed.live_space["name"], body={}).execute()
    with pytest.raises(HttpError) as caught:
        meet.spaces().endActiveConference(name=conformance_seed.live_space["name"], body={}).execute()
    assert caught.value.status_code == 400
    assert json.loads(caught.value.content)["error"]["status"] == "FAILED_PRECONDITION"


def test_a_participant_sees_the_active_conference_but_no_settings(conformance_seed, control):
    dave = google_client(conformance_seed.url, access_token(control, DAVE, MEET_SCOPES))
    space = dave.spaces().get(name=conformance_seed.live_space["name"]).execute()
    discovery.validate("Space", space)
    assert "conferenceRecord" in space["activeConference"]
    assert "config" not in space


def test_fields_and_total_size_through_the_client(meet, conformance_seed):
    page = (
        meet.conferenceRecords()
        .participants()
        .list(parent=conformance_seed.record, fields="participants(name),totalSize")
    )
    response = page.execute()
    assert response["totalSize"] == 3
    assert all(set(participant) == {"name"} for participant in response["participants"])
