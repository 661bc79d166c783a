"""Who may do what, as Google decides it: meeting role, granted scope, and which app (Cloud project) made the space.

Expectations come from Google's Meet REST reference and the discovery document's per-method scopes:

- no granted scope is among the method's discovery `scopes` → 403 PERMISSION_DENIED "Request had insufficient
  authentication scopes." with ErrorInfo reason ACCESS_TOKEN_SCOPE_INSUFFICIENT, whatever the space;
- `meetings.space.created` as the only applicable scope reaches only spaces made by the caller's own project; any
  other space is 403 "Permission denied on resource MeetingSpace (or it might not exist)", exactly as one that does
  not exist (never 404);
- `get`: owners see `config`, owners and participants `activeConference`, anybody else the bare space;
- `patch`, `endActiveConference` and member writes: owners only;
- conference records (and what hangs under them): the space's owner and the conference's participants see them,
  nobody else (Google's conferences guide: "If you're a meeting space owner or participant, you can call get() and
  list()"); an unseen record is absent from lists and 403 or 404 on get;
- whether a non-owner may list a space's members the digest does not say: those cells only insist on a 200 or a
  Google-shaped 403.

Every caller here uses the *own* app's OAuth client; alice made one space with it and one with another app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import google.auth.transport.requests
import pytest
from google.oauth2 import service_account

from tests.support import discovery
from tests.support.conformance_seed import (
    ALICE,
    DAVE,
    MEET_SCOPES,
    OTHER_APP,
    OWN_APP,
    SCOPE_CREATED,
    SCOPE_READONLY,
    SCOPE_SETTINGS,
    access_token,
)
from tests.support.google_errors import INSUFFICIENT_SCOPES, PERMISSION_DENIED_SPACE, assert_google_error, google_error
from tests.support.meet_http import MeetHttp

FRANK = "frank@example.com"  # a colleague on example.com, in neither call

ROLES = {"owner": ALICE, "participant": DAVE, "other": FRANK}
GRANTS = {
    "created": [SCOPE_CREATED],
    "readonly": [SCOPE_READONLY],
    "settings": [SCOPE_SETTINGS],
    "no meet scope": ["openid", "https://www.googleapis.com/auth/userinfo.email"],
}
CREATORS = ("own app", "other app")


@dataclass
class BothAppsSpaces:
    url: str
    spaces: dict[str, dict[str, Any]]  # by creator: alice's space, with a conference running that dave is in
    records: dict[str, str]  # by creator: that conference's record

    def caller(self, control, role: str, grant: str) -> MeetHttp:
        return MeetHttp(self.url, access_token(control, ROLES[role], GRANTS[grant], OWN_APP))


OWN_PROJECT = "conformance-own-project"
OTHER_PROJECT = "conformance-other-project"


@pytest.fixture
def spaces_of_both_apps(emulator, control) -> BothAppsSpaces:
    for email in ROLES.values():
        control.add_user(email)
    control.add_oauth_client(OWN_APP, "own-app-secret", OWN_PROJECT)
    control.add_oauth_client(OTHER_APP, "other-app-secret", OTHER_PROJECT)
    spaces, records = {}, {}
    for creator, client_id in (("own app", OWN_APP), ("other app", OTHER_APP)):
        alice = MeetHttp(emulator.url, access_token(control, ALICE, MEET_SCOPES, client_id))
        spaces[creator] = alice.ok("meet.spaces.create", body={"config": {"accessType": "RESTRICTED"}})
        alice.ok("meet.spaces.members.create", parent=spaces[creator]["name"], body={"email": DAVE})
        record = control.start_conference(spaces[creator]["name"], [{"email": ALICE}, {"email": DAVE}])["name"]
        control.add_recording(record)
        records[creator] = record
    return BothAppsSpaces(url=emulator.url, spaces=spaces, records=records)


# ------------------------------------------------------------------------------------------------ the rules

OWNER_ONLY = {"meet.spaces.patch", "meet.spaces.endActiveConference", "meet.spaces.members.create"}
MATRIX_METHODS = (
    "meet.spaces.get",
    "meet.spaces.patch",
    "meet.spaces.endActiveConference",
    "meet.spaces.members.list",
    "meet.spaces.members.create",
    "meet.conferenceRecords.list",
    "meet.conferenceRecords.get",
    "meet.conferenceRecords.participants.list",
    "meet.conferenceRecords.recordings.list",
)


def expected(method_id: str, role: str, grant: str, creator: str) -> str:
    """One of: ok, no-scope, denied (403 MeetingSpace message), forbidden (403, any message), hidden, undefined."""
    applicable = set(GRANTS[grant]) & set(discovery.method(method_id).scopes)
    if not applicable:
        return "no-scope"
    reaches = applicable != {SCOPE_CREATED} or creator == "own app"
    if method_id.startswith("meet.conferenceRecords."):
        return "ok" if reaches and role in ("owner", "participant") else "hidden"
    if not reaches:
        return "denied"
    if method_id in OWNER_ONLY:
        return "ok" if role == "owner" else "forbidden"
    if method_id == "meet.spaces.members.list" and role != "owner":
        return "undefined"  # the digest does not say whether non-owners may read a space's members
    return "ok"


CASES = [
    pytest.param(method_id, role, grant, creator, id=f"{method_id[5:]}-{role}-{grant}-{creator}".replace(" ", "_"))
    for method_id in MATRIX_METHODS
    for role in ROLES
    for grant in GRANTS
    for creator in CREATORS
]


def call(spaces_of_both_apps: BothAppsSpaces, caller: MeetHttp, method_id: str, creator: str):
    space = spaces_of_both_apps.spaces[creator]["name"]
    record = spaces_of_both_apps.records[creator]
    arguments = {
        "meet.spaces.get": {"name": space},
        "meet.spaces.patch": {
            "name": space,
            "params": {"updateMask": "config.accessType"},
            "body": {"config": {"accessType": "OPEN"}},
        },
        "meet.spaces.endActiveConference": {"name": space},
        "meet.spaces.members.list": {"parent": space},
        "meet.spaces.members.create": {"parent": space, "body": {"email": FRANK, "role": "COHOST"}},
        "meet.conferenceRecords.list": {"params": {"filter": f'space.name = "{space}"'}},
        "meet.conferenceRecords.get": {"name": record},
        "meet.conferenceRecords.participants.list": {"parent": record},
        "meet.conferenceRecords.recordings.list": {"parent": record},
    }[method_id]
    return caller.call(method_id, **arguments)


@pytest.mark.parametrize(("method_id", "role", "grant", "creator"), CASES)
def test_access(spaces_of_both_apps, control, method_id, role, grant, creator):
    outcome = expected(method_id, role, grant, creator)
    response = call(spaces_of_both_apps, spaces_of_both_apps.caller(control, role, grant), method_id, creator)

    if outcome == "no-scope":
        assert_google_error(response, 403, "PERMISSION_DENIED", INSUFFICIENT_SCOPES, "ACCESS_TOKEN_SCOPE_INSUFFICIENT")
    elif outcome == "denied":
        assert_google_error(response, 403, "PERMISSION_DENIED", PERMISSION_DENIED_SPACE)
    elif outcome == "forbidden":
        assert_google_error(response, 403, "PERMISSION_DENIED")
    elif outcome == "undefined":
        assert response.status_code in (200, 403), response.text
        if response.status_code == 403:
            assert_google_error(response, 403, "PERMISSION_DENIED")
    elif outcome == "hidden":
        if method_id == "meet.conferenceRecords.list":
            assert response.status_code == 200, response.text
            assert response.json().get("conferenceRecords", []) == []
        else:
            assert response.status_code in (403, 404), response.text
            google_error(response)
    else:
        assert response.status_code == 200, response.text
        payload = response.json()
        discovery.validate(discovery.method(method_id).response, payload)
        check_success(spaces_of_both_apps, method_id, role, creator, payload)


def check_success(spaces_of_both_apps: BothAppsSpaces, method_id: str, role: str, creator: str, payload: dict) -> None:
    space = spaces_of_both_apps.spaces[creator]
    if method_id == "meet.spaces.get":
        assert payload["name"] == space["name"]
        assert payload["meetingCode"] == space["meetingCode"]
        assert ("config" in payload) == (role == "owner"), f"config only for the owner: {payload}"
        assert ("activeConference" in payload) == (role in ("owner", "participant")), payload
        if "activeConference" in payload:
            assert payload["activeConference"]["conferenceRecord"] == spaces_of_both_apps.records[creator]
    elif method_id == "meet.spaces.patch":
        assert payload["config"]["accessType"] == "OPEN"
    elif method_id == "meet.spaces.endActiveConference":
        assert payload == {}
    elif method_id == "meet.spaces.members.list":
        assert [member["email"] for member in payload["members"]] == [DAVE]
    elif method_id == "meet.spaces.members.create":
        assert payload["email"] == FRANK
    elif method_id == "meet.conferenceRecords.list":
        assert [record["name"] for record in payload["conferenceRecords"]] == [spaces_of_both_apps.records[creator]]
    elif method_id == "meet.conferenceRecords.get":
        assert payload["name"] == spaces_of_both_apps.records[creator]
        assert payload["space"] == space["name"]
    elif method_id == "meet.conferenceRecords.participants.list":
        users = {participant["signedinUser"]["user"] for participant in payload["participants"]}
        assert len(users) == 2  # alice and dave, both signed in
    elif method_id == "meet.conferenceRecords.recordings.list":
        assert [r["name"].rsplit("/recordings/", 1)[0] for r in payload["recordings"]] == [
            spaces_of_both_apps.records[creator]
        ]


def test_the_matrix_covers_every_combination():
    assert len(CASES) == len(MATRIX_METHODS) * 3 * 4 * 2
    outcomes = {expected(*case.values) for case in CASES}
    assert outcomes == {"ok", "no-scope", "denied", "forbidden", "hidden", "undefined"}


# ------------------------------------------------------------------------------------------------ side effects


def test_a_refused_patch_changes_nothing(spaces_of_both_apps, control):
    dave = spaces_of_both_apps.caller(control, "participant", "settings")
    response = call(spaces_of_both_apps, dave, "meet.spaces.patch", "own app")
    assert_google_error(response, 403, "PERMISSION_DENIED")
    alice = spaces_of_both_apps.caller(control, "owner", "readonly")
    assert (
        alice.ok("meet.spaces.get", name=spaces_of_both_apps.spaces["own app"]["name"])["config"]["accessType"]
        == "RESTRICTED"
    )


def test_a_refused_end_leaves_the_conference_running(spaces_of_both_apps, control):
    alice = spaces_of_both_apps.caller(control, "owner", "created")
    response = call(spaces_of_both_apps, alice, "meet.spaces.endActiveConference", "other app")
    assert_google_error(response, 403, "PERMISSION_DENIED", PERMISSION_DENIED_SPACE)
    reader = spaces_of_both_apps.caller(control, "owner", "readonly")
    space = reader.ok("meet.spaces.get", name=spaces_of_both_apps.spaces["other app"]["name"])
    assert space["activeConference"]["conferenceRecord"] == spaces_of_both_apps.records["other app"]


def test_a_space_that_does_not_exist_is_403_like_a_forbidden_one(spaces_of_both_apps, control):
    for grant in ("created", "readonly", "settings"):
        alice = spaces_of_both_apps.caller(control, "owner", grant)
        for method_id, arguments in (
            ("meet.spaces.get", {"name": "spaces/doesNotExist42"}),
            ("meet.spaces.get", {"name": "spaces/zzz-zzzz-zzz"}),
            ("meet.spaces.patch", {"name": "spaces/doesNotExist42", "body": {"config": {"accessType": "OPEN"}}}),
        ):
            if not set(GRANTS[grant]) & set(discovery.method(method_id).scopes):
                continue
            response = alice.call(method_id, **arguments)
            assert_google_error(response, 403, "PERMISSION_DENIED", PERMISSION_DENIED_SPACE)
    alice = spaces_of_both_apps.caller(control, "owner", "created")
    response = alice.call("meet.spaces.endActiveConference", name="spaces/doesNotExist42")
    assert_google_error(response, 403, "PERMISSION_DENIED", PERMISSION_DENIED_SPACE)


def test_space_ids_are_case_sensitive(spaces_of_both_apps, control):
    alice = spaces_of_both_apps.caller(control, "owner", "readonly")
    space_id = spaces_of_both_apps.spaces["own app"]["name"].removeprefix("spaces/")
    assert space_id != space_id.swapcase(), "a space id with no letters cannot show this"
    response = alice.call("meet.spaces.get", name=f"spaces/{space_id.swapcase()}")
    assert_google_error(response, 403, "PERMISSION_DENIED", PERMISSION_DENIED_SPACE)


def test_ending_a_space_with_no_conference_is_failed_precondition(spaces_of_both_apps, control):
    alice = spaces_of_both_apps.caller(control, "owner", "created")
    alice.ok("meet.spaces.endActiveConference", name=spaces_of_both_apps.spaces["own app"]["name"])
    response = alice.call("meet.spaces.endActiveConference", name=spaces_of_both_apps.spaces["own app"]["name"])
    assert_google_error(response, 400, "FAILED_PRECONDITION")


def test_an_empty_body_is_accepted_by_end_active_conference(spaces_of_both_apps, control):
    token = access_token(control, ALICE, [SCOPE_CREATED])
    response = MeetHttp(spaces_of_both_apps.url, token).session.post(
        f"{spaces_of_both_apps.url}/v2/{spaces_of_both_apps.spaces['own app']['name']}:endActiveConference",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    assert response.json() == {}


# ------------------------------------------------------------------------------------------------ tokens


def test_no_token_is_401(spaces_of_both_apps):
    response = MeetHttp(spaces_of_both_apps.url, None).call(
        "meet.spaces.get", name=spaces_of_both_apps.spaces["own app"]["name"]
    )
    assert_google_error(response, 401, "UNAUTHENTICATED")


def test_an_unknown_token_is_401(spaces_of_both_apps):
    response = MeetHttp(spaces_of_both_apps.url, "ya29.forged").call(
        "meet.spaces.get", name=spaces_of_both_apps.spaces["own app"]["name"]
    )
    assert_google_error(response, 401, "UNAUTHENTICATED")


def test_an_expired_token_is_401(spaces_of_both_apps, control):
    token = access_token(control, ALICE, MEET_SCOPES)
    alice = MeetHttp(spaces_of_both_apps.url, token)
    alice.ok("meet.spaces.get", name=spaces_of_both_apps.spaces["own app"]["name"])
    control.expire_token(token)
    assert_google_error(
        alice.call("meet.spaces.get", name=spaces_of_both_apps.spaces["own app"]["name"]), 401, "UNAUTHENTICATED"
    )


def test_a_token_that_lived_out_its_lifetime_is_401(spaces_of_both_apps, control):
    issued = control.token(ALICE, OWN_APP, list(MEET_SCOPES))
    alice = MeetHttp(spaces_of_both_apps.url, issued["access_token"])
    control.advance_clock(int(issued["expires_in"]) + 1)
    assert_google_error(
        alice.call("meet.spaces.get", name=spaces_of_both_apps.spaces["own app"]["name"]), 401, "UNAUTHENTICATED"
    )


def test_a_revoked_token_is_401(spaces_of_both_apps, control):
    token = access_token(control, ALICE, MEET_SCOPES)
    control.revoke(token)
    response = MeetHttp(spaces_of_both_apps.url, token).call(
        "meet.spaces.get", name=spaces_of_both_apps.spaces["own app"]["name"]
    )
    assert_google_error(response, 401, "UNAUTHENTICATED")


def test_scope_check_comes_before_the_space_lookup(spaces_of_both_apps, control):
    """A token without a fitting scope learns nothing about spaces: same answer for a real and a missing one."""
    reader = spaces_of_both_apps.caller(control, "owner", "readonly")
    for name in (spaces_of_both_apps.spaces["own app"]["name"], "spaces/doesNotExist42"):
        response = reader.call("meet.spaces.endActiveConference", name=name)
        assert_google_error(response, 403, "PERMISSION_DENIED", INSUFFICIENT_SCOPES, "ACCESS_TOKEN_SCOPE_INSUFFICIENT")


# ------------------------------------------------------------------------------------------------ meeting codes


@pytest.mark.parametrize("spelling", [str.lower, str.upper, str.title])
def test_get_by_meeting_code_in_any_case(spaces_of_both_apps, control, spelling):
    space = spaces_of_both_apps.spaces["own app"]
    alice = spaces_of_both_apps.caller(control, "owner", "readonly")
    found = alice.ok("meet.spaces.get", name=f"spaces/{spelling(space['meetingCode'])}")
    assert found["name"] == space["name"]
    assert found["meetingCode"] == space["meetingCode"]


def test_a_participant_may_get_by_meeting_code_too(spaces_of_both_apps, control):
    space = spaces_of_both_apps.spaces["own app"]
    dave = spaces_of_both_apps.caller(control, "participant", "readonly")
    found = dave.ok("meet.spaces.get", name=f"spaces/{space['meetingCode']}")
    assert found["name"] == space["name"]
    assert "config" not in found


def test_an_expired_code_no_longer_resolves(spaces_of_both_apps, control):
    space = spaces_of_both_apps.spaces["own app"]
    alice = spaces_of_both_apps.caller(control, "owner", "readonly")
    control.expire_code(space["name"])
    response = alice.call("meet.spaces.get", name=f"spaces/{space['meetingCode']}")
    assert_google_error(response, 403, "PERMISSION_DENIED", PERMISSION_DENIED_SPACE)
    still_there = alice.ok("meet.spaces.get", name=space["name"])
    assert still_there["name"] == space["name"]
    assert still_there.get("meetingCode") != space["meetingCode"]


def test_a_reassigned_code_resolves_to_the_new_space(spaces_of_both_apps, control):
    old, new = spaces_of_both_apps.spaces["own app"], spaces_of_both_apps.spaces["other app"]
    control.reassign_code(old["meetingCode"], new["name"])
    alice = spaces_of_both_apps.caller(control, "owner", "readonly")
    found = alice.ok("meet.spaces.get", name=f"spaces/{old['meetingCode'].upper()}")
    assert found["name"] == new["name"]
    assert found["meetingCode"] == old["meetingCode"]
    assert found["meetingUri"] == f"https://meet.google.com/{old['meetingCode']}"
    assert alice.ok("meet.spaces.get", name=old["name"]).get("meetingCode") != old["meetingCode"]


def test_a_code_unused_for_a_year_expires(spaces_of_both_apps, control):
    space = spaces_of_both_apps.spaces["own app"]
    control.end_conference(space["name"])
    control.advance_clock(366 * 24 * 3600)
    alice = spaces_of_both_apps.caller(
        control, "owner", "readonly"
    )  # minted after the jump: the old tokens have expired
    response = alice.call("meet.spaces.get", name=f"spaces/{space['meetingCode']}")
    assert_google_error(response, 403, "PERMISSION_DENIED", PERMISSION_DENIED_SPACE)
    assert alice.ok("meet.spaces.get", name=space["name"])["name"] == space["name"]


def test_a_code_in_use_does_not_expire(spaces_of_both_apps, control):
    space = spaces_of_both_apps.spaces["own app"]
    control.end_conference(space["name"])
    control.advance_clock(200 * 24 * 3600)
    control.start_conference(space["name"], [{"email": ALICE}])
    control.end_conference(space["name"])
    control.advance_clock(200 * 24 * 3600)
    alice = spaces_of_both_apps.caller(control, "owner", "readonly")
    assert alice.ok("meet.spaces.get", name=f"spaces/{space['meetingCode']}")["name"] == space["name"]


def test_patch_by_meeting_code_is_refused(spaces_of_both_apps, control):
    space = spaces_of_both_apps.spaces["own app"]
    alice = spaces_of_both_apps.caller(control, "owner", "settings")
    response = alice.call(
        "meet.spaces.patch",
        name=f"spaces/{space['meetingCode']}",
        params={"updateMask": "config.accessType"},
        body={"config": {"accessType": "OPEN"}},
    )
    assert response.status_code in (400, 403), response.text
    google_error(response)
    assert alice.ok("meet.spaces.get", name=space["name"])["config"]["accessType"] == "RESTRICTED"


def test_end_by_meeting_code_is_refused(spaces_of_both_apps, control):
    space = spaces_of_both_apps.spaces["own app"]
    alice = spaces_of_both_apps.caller(control, "owner", "created")
    response = alice.call("meet.spaces.endActiveConference", name=f"spaces/{space['meetingCode']}")
    assert response.status_code in (400, 403), response.text
    google_error(response)
    assert "activeConference" in alice.ok("meet.spaces.get", name=space["name"])


def test_a_participant_who_left_no_longer_sees_the_active_conference(spaces_of_both_apps, control):
    dave = spaces_of_both_apps.caller(control, "participant", "readonly")
    space = spaces_of_both_apps.spaces["own app"]["name"]
    assert "activeConference" in dave.ok("meet.spaces.get", name=space)
    control.leave(space, {"email": DAVE})
    assert "activeConference" not in dave.ok("meet.spaces.get", name=space)
    control.join(space, {"email": DAVE})
    assert "activeConference" in dave.ok("meet.spaces.get", name=space)


# ------------------------------------------------------------------------------------------------ delegation
# "The app" is the Cloud project: its OAuth clients *and* its service accounts acting by domain-wide delegation.


def delegated(spaces_of_both_apps: BothAppsSpaces, control, project: str, subject: str, scopes: list[str]) -> MeetHttp:
    key = control.add_service_account(
        f"delegate@{project}.iam.gserviceaccount.com",
        project,
        delegated_domain="example.com",
        delegated_scopes=list(MEET_SCOPES),
    )
    credentials = service_account.Credentials.from_service_account_info(key, scopes=scopes, subject=subject)
    credentials.refresh(google.auth.transport.requests.Request())  # a JWT grant at the emulator's token endpoint
    return MeetHttp(spaces_of_both_apps.url, credentials.token)


def test_the_apps_service_account_ends_a_conference_for_the_owner(spaces_of_both_apps, control):
    delegate = delegated(spaces_of_both_apps, control, OWN_PROJECT, ALICE, [SCOPE_CREATED])
    assert delegate.ok("meet.spaces.endActiveConference", name=spaces_of_both_apps.spaces["own app"]["name"]) == {}
    response = delegate.call("meet.spaces.endActiveConference", name=spaces_of_both_apps.spaces["other app"]["name"])
    assert_google_error(response, 403, "PERMISSION_DENIED", PERMISSION_DENIED_SPACE)


def test_another_projects_service_account_is_another_app(spaces_of_both_apps, control):
    delegate = delegated(spaces_of_both_apps, control, OTHER_PROJECT, ALICE, [SCOPE_CREATED])
    response = delegate.call("meet.spaces.endActiveConference", name=spaces_of_both_apps.spaces["own app"]["name"])
    assert_google_error(response, 403, "PERMISSION_DENIED", PERMISSION_DENIED_SPACE)
    assert delegate.ok("meet.spaces.endActiveConference", name=spaces_of_both_apps.spaces["other app"]["name"]) == {}


def test_a_delegated_call_is_still_bound_by_the_meeting_role(spaces_of_both_apps, control):
    as_frank = delegated(spaces_of_both_apps, control, OWN_PROJECT, FRANK, [SCOPE_CREATED, SCOPE_READONLY])
    response = as_frank.call("meet.spaces.endActiveConference", name=spaces_of_both_apps.spaces["own app"]["name"])
    assert_google_error(response, 403, "PERMISSION_DENIED")
    space = as_frank.ok("meet.spaces.get", name=spaces_of_both_apps.spaces["own app"]["name"])
    assert "config" not in space
    assert "activeConference" not in space


def test_a_delegated_owner_with_the_settings_scope_patches_any_of_her_spaces(spaces_of_both_apps, control):
    delegate = delegated(spaces_of_both_apps, control, OWN_PROJECT, ALICE, [SCOPE_SETTINGS])
    for creator in CREATORS:
        response = call(spaces_of_both_apps, delegate, "meet.spaces.patch", creator)
        assert response.status_code == 200, response.text
        assert response.json()["config"]["accessType"] == "OPEN"
