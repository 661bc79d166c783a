"""Per-minute quotas (429 RESOURCE_EXHAUSTED as Google publishes it; RetryInfo by switch), faults, the call log."""

from __future__ import annotations

import time

import pytest

from google_emulator.control.client import EmulatorControlError
from tests.support.meet_http import CREATED, READONLY, error_of, meet_as, seed_apps


@pytest.fixture
def space(control):
    seed_apps(control)
    return control.add_space("alice@example.com", "meetadmin-demo")["name"]


def test_reads_beyond_the_per_user_quota_are_resource_exhausted(emulator, control, space):
    control.set_quotas(reads_per_user=3)
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    assert [alice.get(space).status_code for _ in range(3)] == [200, 200, 200]

    response = alice.get(space)

    assert error_of(response) == (429, "RESOURCE_EXHAUSTED")
    details = {detail["@type"].rsplit(".", 1)[-1]: detail for detail in response.json()["error"]["details"]}
    # Google's published shape: ErrorInfo and Help, and no RetryInfo (quotaRetryInfo switch off by default).
    assert set(details) == {"ErrorInfo", "Help"}
    assert details["ErrorInfo"]["reason"] == "RATE_LIMIT_EXCEEDED"
    metadata = details["ErrorInfo"]["metadata"]
    assert metadata["quota_limit_value"] == "3"
    assert metadata["quota_limit"] == "ReadRequestsPerMinutePerUser"
    assert metadata["service"] == "meet.googleapis.com"
    assert metadata["consumer"].removeprefix("projects/").isdigit()
    assert details["Help"]["links"][0]["url"].startswith("https://cloud.google.com/")
    bob = meet_as(emulator, control, "bob@example.com", scopes=[READONLY])
    assert bob.get(space).status_code == 200  # another user has a quota of his own


def test_the_retry_info_switch_adds_googles_retry_delay(emulator, control, space):
    control.set_quotas(reads_per_user=1)
    assert control.set_switches(quotaRetryInfo=True)["quotaRetryInfo"] is True
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    alice.get(space)
    details = {detail["@type"].rsplit(".", 1)[-1]: detail for detail in alice.get(space).json()["error"]["details"]}
    seconds = float(details["RetryInfo"]["retryDelay"].removesuffix("s"))
    assert 0 < seconds <= 60


def test_an_unknown_switch_or_value_is_refused(control):
    with pytest.raises(EmulatorControlError, match="unknown switch"):
        control.set_switches(quotaRetryInformation=True)
    with pytest.raises(EmulatorControlError, match="takes one of"):
        control.set_switches(quotaRetryInfo="yes")
    control.reset()
    assert control.switches() == {
        "quotaRetryInfo": False,
        "duplicateMember": "ALREADY_EXISTS",
        "freshSpaceConfig": "FULL",
    }


def test_the_quota_frees_up_after_a_minute_of_emulated_time(emulator, control, space):
    control.set_quotas(reads_per_user=1)
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    alice.get(space)
    assert alice.get(space).status_code == 429
    control.advance_clock(61)
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    assert alice.get(space).status_code == 200


def test_the_project_quota_is_shared_by_every_user_of_the_app(emulator, control, space):
    control.set_quotas(reads_per_project=2)
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    bob = meet_as(emulator, control, "bob@example.com", scopes=[READONLY])
    assert alice.get(space).status_code == 200
    assert bob.get(space).status_code == 200
    assert error_of(bob.get(space)) == (429, "RESOURCE_EXHAUSTED")
    other_app = meet_as(
        emulator, control, "bob@example.com", client_id="other-app.apps.googleusercontent.com", scopes=[READONLY]
    )
    assert other_app.get(space).status_code == 200


def test_a_users_quota_is_per_project(emulator, control, space):
    """Meet's usage limits count a user's calls per project: alice through another app has a quota of her own."""
    control.set_quotas(reads_per_user=1)
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    assert alice.get(space).status_code == 200
    assert error_of(alice.get(space)) == (429, "RESOURCE_EXHAUSTED")
    through_other_app = meet_as(
        emulator, control, "alice@example.com", client_id="other-app.apps.googleusercontent.com", scopes=[READONLY]
    )
    assert through_other_app.get(space).status_code == 200


def test_creates_have_their_own_smaller_quota(emulator, control, space):
    control.set_quotas(creates_per_user=1)
    alice = meet_as(emulator, control, "alice@example.com", scopes=[CREATED])
    assert alice.post("spaces", json={}).status_code == 200
    assert error_of(alice.post("spaces", json={})) == (429, "RESOURCE_EXHAUSTED")
    assert alice.get(space).status_code == 200  # reads are counted apart


def test_default_quotas_are_the_digests(control):
    limits = control.set_quotas()
    assert limits == {
        "reads_per_project": 6000,
        "reads_per_user": 600,
        "writes_per_project": 1000,
        "writes_per_user": 100,
        "creates_per_project": 100,
        "creates_per_user": 10,
    }


def test_an_unknown_quota_name_is_refused(control):
    from google_emulator.control.client import EmulatorControlError

    with pytest.raises(EmulatorControlError, match="400"):
        control.set_quotas(reads_per_galaxy=1)


def test_a_fault_answers_the_next_calls_with_googles_error_then_stops(emulator, control, space):
    control.fault("meet.spaces.get", status=503, count=2)
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])

    statuses = [alice.get(space) for _ in range(3)]

    assert [r.status_code for r in statuses] == [503, 503, 200]
    assert statuses[0].json()["error"]["status"] == "UNAVAILABLE"
    assert [c["status"] for c in control.calls(method="meet.spaces.get")] == [503, 503, 200]


def test_a_fault_only_hits_its_method(emulator, control, space):
    control.fault("meet.spaces.patch", status=500)
    alice = meet_as(emulator, control, "alice@example.com")
    assert alice.get(space).status_code == 200
    assert error_of(alice.patch(space, json={"config": {"accessType": "OPEN"}})) == (500, "INTERNAL")


def test_a_delay_fault_slows_the_call_down(emulator, control, space):
    control.fault("meet.spaces.get", delay=0.4)
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    started = time.monotonic()
    assert alice.get(space).status_code == 200
    assert time.monotonic() - started >= 0.4


def test_clear_faults(emulator, control, space):
    control.fault("meet.spaces.get", status=429, count=5)
    control.clear_faults()
    assert meet_as(emulator, control, "alice@example.com").get(space).status_code == 200


def test_the_call_log_records_every_call_with_who_and_how_it_went(emulator, control, space):
    alice = meet_as(emulator, control, "alice@example.com", scopes=[READONLY])
    alice.get(space)
    alice.get("spaces/nope")
    alice.patch(space, json={})

    calls = control.calls()
    assert [(c["method"], c["resource"], c["status"]) for c in calls] == [
        ("meet.spaces.get", space, 200),
        ("meet.spaces.get", "spaces/nope", 403),
        ("meet.spaces.patch", space, 403),
    ]
    assert {c["user"] for c in calls} == {"alice@example.com"}
    assert {c["project"] for c in calls} == {"meetadmin-demo"}
    assert calls[1]["error"] == "PERMISSION_DENIED"
    assert calls[0]["time"].endswith("Z")
    assert isinstance(calls[0]["at"], float)
    assert [c["resource"] for c in control.calls(method="meet.spaces.patch")] == [space]
