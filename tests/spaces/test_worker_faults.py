"""Google's bad days, injected in the emulator: every write reaches Google exactly once when it succeeds.

A 429, 500 or 503 is retried with backoff; a read timeout is retried too, and because Google may have done the
work anyway, the retry must be harmless. A create is the exception: it is never sent twice.
"""

from __future__ import annotations

import re

import pytest
import requests
from django.conf import settings

import meet_client as meet
from accounts.models import MEET_SCOPES
from embedded.waiting import wait_for
from spaces import services
from spaces.models import Operation, Space
from spaces.permissions import Action, decide
from tests.support.settled_operation import settled
from tests.support.signed_in_people import sign_in
from tests.support.space_at_google import as_google_sees_it
from tests.support.workspace_seed import PROJECT, seed_document

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker")]

SPACE = {
    "id": "AliceHere001",
    "owner": "alice@example.com",
    "project": PROJECT,
    "code": "her-eher-ehe",
    "config": {"accessType": "TRUSTED", "moderation": "OFF"},
}
FAULTS = [
    pytest.param({"status": 429}, id="429"),
    pytest.param({"status": 500}, id="500"),
    pytest.param({"status": 503}, id="503"),
    pytest.param({"delay": 3.0}, id="timeout"),  # the worker's read timeout is 1 s in tests
]


@pytest.fixture
def alice(control):
    control.seed(seed_document(spaces=[SPACE]))
    control.start_conference("spaces/AliceHere001", [{"email": "dave@example.com"}])
    alice = sign_in(control, "alice@example.com")
    Space.objects.create(
        name="spaces/AliceHere001",
        owner_email=alice.email,
        made_by_meetadmin=True,
        config=SPACE["config"],
        access_type="TRUSTED",
    )
    return alice


def _statuses(control, method: str) -> list[int]:
    return [call["status"] for call in control.calls(method=method)]


def _identity(user, action):
    return decide(user, Space.objects.get(pk="spaces/AliceHere001"), action).identity


@pytest.mark.parametrize("fault", FAULTS)
def test_end_conference_survives_the_fault(control, alice, fault):
    control.fault("meet.spaces.endActiveConference", count=1, **fault)
    operation = settled(
        services.conference_end(
            space=Space.objects.get(pk="spaces/AliceHere001"),
            actor=alice,
            identity=_identity(alice, Action.END_CONFERENCE),
        )
    )
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    if "delay" in fault:
        # The first call timed out at the worker but still reaches Google, which ends the call once; whichever
        # of the two arrives second is told nothing runs (400), so the log settles at exactly one success.
        statuses = wait_for(
            lambda: (
                _statuses(control, "meet.spaces.endActiveConference")[1:]
                and _statuses(control, "meet.spaces.endActiveConference")
            ),
            what="both calls",
        )
        assert sorted(statuses) == [200, 400]
    else:
        assert _statuses(control, "meet.spaces.endActiveConference") == [fault["status"], 200]
    # A quota 429 is waited out, not counted as an attempt (spaces.tasks).
    assert operation.attempts == (1 if fault.get("status") == 429 else 2)


@pytest.mark.parametrize("fault", FAULTS)
def test_settings_change_survives_the_fault(control, alice, fault):
    control.fault("meet.spaces.patch", count=1, **fault)
    space = Space.objects.get(pk="spaces/AliceHere001")
    wanted = meet.SpaceConfig.from_json({**SPACE["config"], "accessType": "RESTRICTED"})
    operation = settled(
        services.space_settings_change(
            space=space, actor=alice, wanted=wanted, identity=_identity(alice, Action.EDIT_SETTINGS)
        )
    )
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    # A timed-out patch still reaches Google; the retry sends the same mask and values, so applying it twice
    # changes nothing more. Either way exactly the wanted settings are what Google holds.
    expected = [200, 200] if "delay" in fault else [fault["status"], 200]
    statuses = wait_for(
        lambda: (
            sorted(_statuses(control, "meet.spaces.patch")) == sorted(expected)
            and _statuses(control, "meet.spaces.patch")
        ),
        what="the patches",
    )
    assert sorted(statuses) == sorted(expected)
    in_google = as_google_sees_it(control, "alice@example.com", "spaces/AliceHere001")
    assert in_google["config"]["accessType"] == "RESTRICTED"
    assert in_google["config"]["moderation"] == "OFF"
    assert operation.config_before["accessType"] == "TRUSTED"
    assert operation.config_after["accessType"] == "RESTRICTED"
    assert Space.objects.get(pk=space.pk).access_type == "RESTRICTED"


@pytest.mark.parametrize("fault", FAULTS)
def test_co_host_change_survives_the_fault(control, alice, fault):
    control.fault("meet.spaces.members.create", count=1, **fault)
    space = Space.objects.get(pk="spaces/AliceHere001")
    operation = settled(
        services.members_change(
            space=space, actor=alice, add=["dave@example.com"], identity=_identity(alice, Action.MANAGE_MEMBERS)
        )
    )
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    assert _statuses(control, "meet.spaces.members.create").count(200) == 1


@pytest.mark.parametrize(
    ("fault", "expected_state", "creates_sent"),
    [
        pytest.param({"status": 429}, Operation.State.SUCCEEDED, 2, id="429-is-safe-to-resend"),
        pytest.param({"status": 503}, Operation.State.OUTCOME_UNKNOWN, 1, id="503-is-not-resent"),
        pytest.param({"status": 500}, Operation.State.OUTCOME_UNKNOWN, 1, id="500-is-not-resent"),
        pytest.param({"delay": 3.0}, Operation.State.OUTCOME_UNKNOWN, 1, id="timeout-is-not-resent"),
    ],
)
def test_a_create_is_never_sent_twice_blindly(control, alice, fault, expected_state, creates_sent):
    control.fault("meet.spaces.create", count=1, **fault)
    identity = _identity(alice, Action.END_CONFERENCE)
    operation = settled(
        services.space_create(
            actor=alice, identity=identity, label="Standup", config=meet.SpaceConfig.from_json({"accessType": "OPEN"})
        )
    )
    assert operation.state == expected_state, operation.result_message
    # A delayed create lands at Google after the worker gave up on it: wait for it before counting.
    wait_for(lambda: len(control.calls(method="meet.spaces.create")) >= creates_sent, what="the create calls")
    assert len(control.calls(method="meet.spaces.create")) == creates_sent
    if expected_state == Operation.State.SUCCEEDED:
        space = Space.objects.get(pk=operation.space_name)
        assert space.made_by_meetadmin
        assert (space.label, space.owner_email) == ("Standup", alice.email)
    else:
        assert "may have reached Google" in operation.result_message


def test_quota_exhaustion_beyond_the_retries_fails_in_plain_words(control, alice, settings):
    control.fault("meet.spaces.endActiveConference", status=503, count=50)
    operation = settled(
        services.conference_end(
            space=Space.objects.get(pk="spaces/AliceHere001"),
            actor=alice,
            identity=_identity(alice, Action.END_CONFERENCE),
        ),
        timeout=60,
    )
    assert operation.state == Operation.State.FAILED
    assert operation.result_message.startswith("Google had trouble answering, even after several tries.")
    assert operation.attempts == 6


def _retries_logged(worker, operation_id: int) -> list[float]:
    """The delays the worker chose for this Operation's retries, from its log ("retry N in 2.1s after ...")."""
    text = worker.log.read_text(errors="replace")
    return [float(seconds) for seconds in re.findall(rf"operation {operation_id}: retry \d+ in ([\d.]+)s", text)]


def _alice_writes_once(control) -> None:
    """alice uses her one write of this minute herself (in Meet, say), before meetadmin's worker gets to it."""
    token = control.token("alice@example.com", settings.GOOGLE_CLIENT_ID, sorted(MEET_SCOPES.values()))
    response = requests.patch(
        f"{settings.MEET_API_URL}/v2/spaces/AliceHere001",
        params={"updateMask": "config.accessType"},
        json={"config": {"accessType": "TRUSTED"}},
        headers={"Authorization": f"Bearer {token['access_token']}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text


def _end_alices_conference(alice) -> Operation:
    return services.conference_end(
        space=Space.objects.get(pk="spaces/AliceHere001"), actor=alice, identity=_identity(alice, Action.END_CONFERENCE)
    )


def test_a_quota_429_without_retry_info_waits_for_the_quota_minute_and_succeeds(control, alice, celery_worker):
    """Google's published quota 429 has no RetryInfo: the worker waits the minute out (2 s in tests, while the
    test moves Google's clock on by a minute) instead of spending its attempts at once."""
    control.set_quotas(writes_per_user=1)
    _alice_writes_once(control)
    operation = _end_alices_conference(alice)
    wait_for(lambda: 429 in _statuses(control, "meet.spaces.endActiveConference"), what="the quota 429")
    control.advance_clock(61)
    operation = settled(operation)
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    assert operation.attempts == 1
    ends = control.calls(method="meet.spaces.endActiveConference")
    assert [call["status"] for call in ends] == [429, 200]
    [delay] = _retries_logged(celery_worker, operation.pk)
    assert 2.0 <= delay <= 2.2  # MEET_QUOTA_WINDOW_SECONDS, plus jitter
    assert ends[1]["receivedAt"] - ends[0]["receivedAt"] >= 2.0


def test_a_quota_429_with_retry_info_waits_as_long_as_google_says(control, alice, celery_worker):
    control.set_switches(quotaRetryInfo=True)
    control.set_quotas(writes_per_user=1)
    _alice_writes_once(control)
    control.advance_clock(59)  # her write leaves Google's minute about a second from now
    operation = settled(_end_alices_conference(alice))
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    ends = control.calls(method="meet.spaces.endActiveConference")
    assert [call["status"] for call in ends] == [429, 200]
    [delay] = _retries_logged(celery_worker, operation.pk)
    assert 0.1 <= delay < 1.5  # Google's retryDelay, shorter than the quota window (2 s in tests)


def test_a_quota_that_stays_used_up_fails_in_plain_words_after_the_patience(control, alice):
    control.set_quotas(writes_per_user=1)
    _alice_writes_once(control)
    operation = settled(_end_alices_conference(alice), timeout=60)  # nobody moves the clock: 8 s of patience
    assert operation.state == Operation.State.FAILED
    assert operation.result_message.startswith("Google's quota was used up")
    assert set(_statuses(control, "meet.spaces.endActiveConference")) == {429}
