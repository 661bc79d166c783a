"""Google's own discovery-based client (google-api-python-client), built from admin.reports_v1.json, reads the
emulator's Meet activities unchanged: through domain-wide delegation as an administrator (google-auth's JWT grant
against the emulator's token endpoint), listing, filtering and paging with `list_next`, and Google's errors."""

from __future__ import annotations

import json
from pathlib import Path

import google_auth_httplib2
import httplib2
import pytest
from google.oauth2 import service_account
from googleapiclient.discovery import build_from_document
from googleapiclient.errors import HttpError

import google_emulator
from tests.support.reports_log import ADMIN, AUDIT, GUEST, LAG_SECONDS, OWNER, workspace

# The emulator's copy of Google's document, which the tests also check against the one Google ships.
DOCUMENT = Path(google_emulator.__file__).parent / "reports" / "admin.reports_v1.json"
SHARED = Path(google_emulator.__file__).resolve().parents[2] / "shared" / "google-apis" / "admin.reports_v1.json"
ROBOT = "reports-robot@reports-tests.iam.gserviceaccount.com"


def reports_service(url: str, control, subject: str):
    key = control.add_service_account(ROBOT, "reports-tests", delegated_domain="example.com", delegated_scopes=[AUDIT])
    credentials = service_account.Credentials.from_service_account_info(key, scopes=[AUDIT], subject=subject)
    http = google_auth_httplib2.AuthorizedHttp(credentials, http=httplib2.Http(timeout=30))
    return build_from_document(DOCUMENT.read_text(), http=http, client_options={"api_endpoint": url})


@pytest.fixture
def ended_calls(control):
    """Five people who left alice's calls, visible in the log."""
    space = workspace(control)
    control.add_user(ADMIN, is_admin=True)
    for n in range(5):
        control.start_conference(space, [{"email": GUEST if n % 2 else ADMIN}])
        control.advance_clock(60 * (n + 1))
        control.end_conference(space)
    control.advance_clock(LAG_SECONDS)
    return space


def test_the_copy_is_googles_document():
    if SHARED.exists():
        assert json.loads(DOCUMENT.read_text()) == json.loads(SHARED.read_text())
    assert json.loads(DOCUMENT.read_text())["id"] == "admin:reports_v1"


def test_googles_client_lists_filters_and_pages_through_delegation(emulator, control, ended_calls):
    activities = reports_service(emulator.url, control, ADMIN).activities()

    everything = activities.list(userKey="all", applicationName="meet", eventName="call_ended").execute()
    assert len(everything["items"]) == 5
    assert {item["id"]["applicationName"] for item in everything["items"]} == {"meet"}

    longer = activities.list(
        userKey="all", applicationName="meet", filters="duration_seconds>=180,organizer_email==" + OWNER
    ).execute()
    assert len(longer["items"]) == 3

    request = activities.list(userKey="all", applicationName="meet", maxResults=2)
    pages = []
    while request is not None:
        response = request.execute()
        pages.append([item["id"]["uniqueQualifier"] for item in response.get("items", [])])
        request = activities.list_next(request, response)
    assert [len(page) for page in pages] == [2, 2, 1]
    assert len({unique for page in pages for unique in page}) == 5

    mine = activities.list(userKey=GUEST, applicationName="meet").execute()
    assert {item["actor"]["email"] for item in mine["items"]} == {GUEST}


def test_googles_client_gets_googles_refusal_for_someone_who_is_not_an_administrator(emulator, control, ended_calls):
    activities = reports_service(emulator.url, control, OWNER).activities()
    with pytest.raises(HttpError) as refused:
        activities.list(userKey="all", applicationName="meet").execute()
    assert refused.value.resp.status == 401
    assert refused.value.reason == "Access denied. You are not authorized to read activity records."
    assert refused.value.error_details[0]["reason"] == "authError"
