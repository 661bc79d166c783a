"""The demo Workspace (`seed="demo"`) is what the offline demo and the product's tests rely on: hold it to its shape."""

from __future__ import annotations

import json
from pathlib import Path

import google.oauth2.credentials
import google.oauth2.service_account
import pytest
from google.auth.exceptions import RefreshError
from google.auth.transport.requests import Request

from google_emulator.control.client import EmulatorControl
from google_emulator.server import start
from tests.support.meet_http import ALL_SCOPES, CREATED, MEETADMIN, OTHER_APP, READONLY, MeetHttp, error_of, meet_as
from tests.support.reports_log import AUDIT, list_activities, parameters

KEY_FILE = Path(__file__).resolve().parents[2] / "google_emulator" / "seeds" / "demo-service-account.json"
DELEGATE = "meetadmin-delegate@meetadmin-demo.iam.gserviceaccount.com"


@pytest.fixture(scope="module")
def demo():
    with start(seed="demo") as running:
        yield running


@pytest.fixture
def demo_control(demo):
    control = EmulatorControl(demo.url)
    control.reset()
    control.seed_builtin("demo")
    return control


def test_the_people_of_the_demo_workspace(demo, demo_control):
    users = {user["email"] for user in demo_control.users()}
    assert users == {
        "alice@example.com",
        "bob@example.com",
        "carol@example.com",
        "charlie@example.com",
        "dave@example.com",
        "erin@otherco.test",
        "frank@gmail.com",
    }


def test_alices_spaces_and_which_app_made_them(demo, demo_control):
    spaces = {space["name"]: space for space in demo_control.spaces()}
    alices = {name: space["project"] for name, space in spaces.items() if space["owner"] == "alice@example.com"}
    assert alices == {
        "spaces/AliceQuiet01": "meetadmin-demo",
        "spaces/AliceOther02": "other-app",
        "spaces/AliceLive003": "meetadmin-demo",
        "spaces/AlicePast004": "meetadmin-demo",
    }
    charlies = [name for name, space in spaces.items() if space["owner"] == "charlie@example.com"]
    assert charlies == ["spaces/CharlieOne05"]


def test_meetadmin_reaches_its_own_spaces_only_with_the_created_scope(demo, demo_control):
    alice = meet_as(demo, demo_control, "alice@example.com", MEETADMIN, [CREATED])
    assert alice.get("spaces/AliceQuiet01").status_code == 200
    assert error_of(alice.get("spaces/AliceOther02")) == (403, "PERMISSION_DENIED")
    other_app = meet_as(demo, demo_control, "alice@example.com", OTHER_APP, [CREATED])
    assert other_app.get("spaces/AliceOther02").status_code == 200


def test_the_live_conference_has_dave_a_guest_and_a_phone_caller(demo, demo_control):
    alice = meet_as(demo, demo_control, "alice@example.com", MEETADMIN, ALL_SCOPES)
    record = alice.get("spaces/AliceLive003").json()["activeConference"]["conferenceRecord"]
    participants = alice.get(f"{record}/participants").json()["participants"]
    kinds = sorted(next(k for k in ("signedinUser", "anonymousUser", "phoneUser") if k in p) for p in participants)
    assert kinds == ["anonymousUser", "phoneUser", "signedinUser"]
    assert all("latestEndTime" not in participant for participant in participants)


def test_the_past_conferences_have_their_artifacts(demo, demo_control):
    alice = meet_as(demo, demo_control, "alice@example.com", MEETADMIN, ALL_SCOPES)
    records = alice.get("conferenceRecords", filter='space.name = "spaces/AlicePast004"').json()["conferenceRecords"]
    assert len(records) == 2
    for record in records:
        assert "endTime" in record
        assert alice.get(f"{record['name']}/recordings").json()["recordings"]
        assert alice.get(f"{record['name']}/smartNotes").json()["smartNotes"]
        transcript = alice.get(f"{record['name']}/transcripts").json()["transcripts"][0]
        assert alice.get(f"{transcript['name']}/entries").json()["transcriptEntries"]


def test_the_demo_oauth_client_secret_refreshes_tokens(demo, demo_control):
    grant = demo_control.token("bob@example.com", MEETADMIN, [READONLY])
    credentials = google.oauth2.credentials.Credentials(
        None,
        refresh_token=grant["refresh_token"],
        client_id=MEETADMIN,
        client_secret="demo-client-secret",
        token_uri=f"{demo.url}/token",
    )
    credentials.refresh(Request())
    assert MeetHttp(demo.url, credentials.token).get("spaces/AliceQuiet01").status_code == 200


def test_the_committed_key_delegates_on_example_com_only(demo, demo_control):
    key = json.loads(KEY_FILE.read_text())
    assert key["client_email"] == DELEGATE
    assert key["type"] == "service_account"
    key["token_uri"] = f"{demo.url}/token"

    as_carol = google.oauth2.service_account.Credentials.from_service_account_info(
        key, scopes=ALL_SCOPES, subject="carol@example.com"
    )
    as_carol.refresh(Request())
    as_alice = google.oauth2.service_account.Credentials.from_service_account_info(
        key, scopes=ALL_SCOPES, subject="alice@example.com"
    )
    as_alice.refresh(Request())
    as_erin = google.oauth2.service_account.Credentials.from_service_account_info(
        key, scopes=[CREATED], subject="erin@otherco.test"
    )

    assert "config" not in MeetHttp(demo.url, as_carol.token).get("spaces/AliceLive003").json()
    assert MeetHttp(demo.url, as_alice.token).post("spaces/AliceLive003:endActiveConference").status_code == 200
    with pytest.raises(RefreshError, match="unauthorized_client"):
        as_erin.refresh(Request())


def test_charlie_met_in_his_space_so_signing_in_finds_it(demo, demo_control):
    # Found in the demo walk-through: "owner of one space" signed in to "No spaces yet", as nothing led to it.
    charlie = meet_as(demo, demo_control, "charlie@example.com", MEETADMIN, ALL_SCOPES)
    records = charlie.get("conferenceRecords").json()["conferenceRecords"]
    assert [record["space"] for record in records] == ["spaces/CharlieOne05"]


def test_carol_reads_the_demo_workspaces_meet_log_through_the_committed_key(demo, demo_control):
    # Issue 16: carol is the demo's Workspace administrator; the delegation grants the Reports audit scope.
    assert {user["email"] for user in demo_control.users() if user["isAdmin"]} == {"carol@example.com"}
    key = json.loads(KEY_FILE.read_text())
    key["token_uri"] = f"{demo.url}/token"
    as_carol = google.oauth2.service_account.Credentials.from_service_account_info(
        key, scopes=[AUDIT], subject="carol@example.com"
    )
    as_carol.refresh(Request())
    log = list_activities(demo.url, as_carol.token, eventName="call_ended").json()["items"]
    codes = {parameters(activity)["meeting_code"] for activity in log}
    # The past calls are in the log; the running one, whose people have not left, is not yet.
    assert codes == {"pas-tmee-tin", "cha-rlie-one"}
    assert {parameters(activity)["organizer_email"] for activity in log} == {"alice@example.com", "charlie@example.com"}
