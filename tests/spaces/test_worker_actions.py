"""Operations run by a real Celery worker against the emulator over HTTP, and settle with the right message."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from accounts.models import GoogleGrant
from accounts.roles import Role
from spaces import services
from spaces.models import Operation, Space
from spaces.permissions import Action, decide
from tests.support.settled_operation import settled
from tests.support.signed_in_people import sign_in
from tests.support.space_at_google import as_google_sees_it
from tests.support.worker_process import WorkerProcess
from tests.support.workspace_seed import PROJECT, seed_document

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker")]

LIVE = {
    "id": "AliceLive001",
    "owner": "alice@example.com",
    "project": PROJECT,
    "code": "liv-econ-fer",
    "config": {"accessType": "TRUSTED"},
}


@pytest.fixture
def live_call(control):
    control.seed(seed_document(spaces=[LIVE]))
    control.start_conference(
        "spaces/AliceLive001", [{"email": "dave@example.com"}, {"anonymous": "Guest"}, {"phone": "Caller"}]
    )
    return control


def test_alice_adds_her_space_by_link_and_learns_it_is_live(live_call):
    alice = sign_in(live_call, "alice@example.com")
    identity = decide(alice, Space(name="x", owner_email=alice.email), Action.REFRESH).identity
    operation = settled(
        services.space_add_by_link(
            actor=alice, identity=identity, pasted=" https://meet.google.com/LIV-ECON-FER?authuser=0 "
        )
    )
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    space = Space.objects.get(pk="spaces/AliceLive001")
    assert space.owner_email == "alice@example.com"
    assert space.meeting_code == "liv-econ-fer"
    assert space.access_type == "TRUSTED"
    assert space.active_conference.startswith("conferenceRecords/")
    assert space.active_participant_count == 3
    assert operation.space_name == "spaces/AliceLive001"


def test_helpdesk_ends_alices_conference_through_delegation_exactly_once(live_call):
    alice = sign_in(live_call, "alice@example.com")
    bob = sign_in(live_call, "bob@example.com", role=Role.HELPDESK)
    space = Space.objects.create(
        name="spaces/AliceLive001",
        owner_email=alice.email,
        made_by_meetadmin=True,
        # The confirmed conference: the one Google runs now (an end is bound to it: handlers/conferences.py).
        active_conference=as_google_sees_it(live_call, alice.email, "spaces/AliceLive001")["activeConference"][
            "conferenceRecord"
        ],
        active_participant_count=3,
    )
    decision = decide(bob, space, Action.END_CONFERENCE)
    operation = settled(
        services.conference_end(space=space, actor=bob, identity=decision.identity, reason="ticket 4711: stuck call")
    )
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    assert operation.result_message == "The conference was ended for everyone."
    assert operation.identity_kind == Operation.IdentityKind.DELEGATION
    assert operation.identity_email == "alice@example.com"
    # The worker keeps one session per identity; a token it holds from an earlier test's world is turned away
    # with 401 (and refreshed) before anything is done, so only the other answers count here.
    ends = [call for call in live_call.calls(method="meet.spaces.endActiveConference") if call["status"] != 401]
    assert [(call["status"], call["user"]) for call in ends] == [(200, "alice@example.com")]
    assert Space.objects.get(pk=space.pk).active_conference == ""


def test_a_revoked_grant_fails_with_a_reconnect_message_not_a_traceback(live_call):
    alice = sign_in(live_call, "alice@example.com")
    live_call.revoke(alice.google_grant.refresh_token)
    space = Space.objects.create(name="spaces/AliceLive001", owner_email=alice.email, made_by_meetadmin=True)
    operation = settled(services.space_refresh(space=space, identity=decide(alice, space, Action.REFRESH).identity))
    assert operation.state == Operation.State.FAILED
    assert "must reconnect their Google account" in operation.result_message
    alice.google_grant.refresh_from_db()
    assert alice.google_grant.state == "needs_reconnect"


def test_a_grant_encrypted_under_a_lost_key_asks_for_a_reconnect(live_call):
    alice = sign_in(live_call, "alice@example.com")
    # As if TOKEN_ENCRYPTION_KEYS had lost the key this token was encrypted with.
    GoogleGrant.objects.filter(pk=alice.google_grant.pk).update(
        refresh_token_ciphertext=Fernet(Fernet.generate_key()).encrypt(b"a-token")
    )
    space = Space.objects.create(name="spaces/AliceLive001", owner_email=alice.email, made_by_meetadmin=True)
    operation = settled(services.space_refresh(space=space, identity=decide(alice, space, Action.REFRESH).identity))
    assert operation.state == Operation.State.FAILED
    assert operation.error_status == "REAUTH_REQUIRED"
    assert "must reconnect" in operation.result_message
    alice.google_grant.refresh_from_db()
    assert alice.google_grant.state == "needs_reconnect"


def test_reconnecting_after_a_revoked_grant_restores_the_work(live_call):
    alice = sign_in(live_call, "alice@example.com")
    live_call.revoke(alice.google_grant.refresh_token)
    space = Space.objects.create(name="spaces/AliceLive001", owner_email=alice.email, made_by_meetadmin=True)
    failed = settled(services.space_refresh(space=space, identity=decide(alice, space, Action.REFRESH).identity))
    assert failed.state == Operation.State.FAILED
    alice = sign_in(live_call, "alice@example.com")  # "Reconnect Google": a new consent, a new refresh token
    assert alice.google_grant.state == "active"
    again = settled(services.space_refresh(space=space, identity=decide(alice, space, Action.REFRESH).identity))
    assert again.state == Operation.State.SUCCEEDED, again.result_message


def test_a_changed_google_client_id_asks_people_to_reconnect(control, client, worker_env, settings):
    """alice connected through meetadmin's OAuth client; then GOOGLE_CLIENT_ID changed to a new client of the same
    project. Google answers her stored refresh token 401 unauthorized_client: her grant to fix, not delegation."""
    new_client, new_secret = "meetadmin-renewed.apps.googleusercontent.com", "renewed-secret"
    document = seed_document(spaces=[LIVE])
    document["oauthClients"].append({"clientId": new_client, "clientSecret": new_secret, "project": PROJECT})
    control.seed(document)
    alice = sign_in(control, "alice@example.com")  # through the client meetadmin used until now
    space = Space.objects.create(name="spaces/AliceLive001", owner_email=alice.email, made_by_meetadmin=True)
    # A worker started with the new client id, on a queue of its own so that the session's worker stays out of it.
    settings.INTERACTIVE_QUEUE = settings.BULK_QUEUE = "client-changed"
    renewed = {**worker_env, "GOOGLE_CLIENT_ID": new_client, "GOOGLE_CLIENT_SECRET": new_secret}
    worker = WorkerProcess(renewed, concurrency=1, queues="client-changed").start()
    try:
        refresh = services.space_refresh(space=space, identity=decide(alice, space, Action.REFRESH).identity)
        operation = settled(refresh)
    finally:
        worker.stop()
    assert operation.state == Operation.State.FAILED
    assert operation.error_status == "REAUTH_REQUIRED"
    assert "must reconnect their Google account" in operation.result_message
    assert "delegation" not in operation.result_message
    refused = [call for call in control.calls(method="oauth2.token") if call["client"] == new_client]
    assert [call["status"] for call in refused] == [401]
    alice.google_grant.refresh_from_db()
    assert alice.google_grant.state == "needs_reconnect"
    assert "OAuth client changed" in alice.google_grant.state_reason
    client.force_login(alice)
    home = client.get("/").content.decode()
    assert "meetadmin can no longer act for you in Google Meet." in home
    assert "Reconnect Google" in home


def bob_ends_alices_conference(control, document) -> Operation:
    """Helpdesk bob ends the running conference in alice's space, in a world seeded from `document`."""
    control.seed(document)
    control.start_conference("spaces/AliceLive001", [{"email": "dave@example.com"}])
    bob = sign_in(control, "bob@example.com", role=Role.HELPDESK)
    space = Space.objects.create(name="spaces/AliceLive001", owner_email="alice@example.com", made_by_meetadmin=True)
    identity = decide(bob, space, Action.END_CONFERENCE).identity
    return settled(services.conference_end(space=space, actor=bob, reason="ticket 4712", identity=identity))


def test_delegation_the_domain_never_granted_fails_in_plain_words(control):
    document = seed_document(spaces=[LIVE])
    document["serviceAccounts"][0]["delegations"] = []  # the Workspace admin never authorised the client
    operation = bob_ends_alices_conference(control, document)
    assert operation.state == Operation.State.FAILED
    assert operation.result_message.startswith("Google refused domain-wide delegation")
    # Nothing was ended: at most a stale token from an earlier world was turned away (401) before the JWT grant.
    assert 200 not in [call["status"] for call in control.calls(method="meet.spaces.endActiveConference")]
    assert [call["status"] for call in control.calls(method="oauth2.token")] == [401]


def test_a_disabled_service_account_key_is_said_plainly(control):
    document = seed_document(spaces=[LIVE])
    document["serviceAccounts"][0]["disabled"] = True  # disabled in the Cloud console
    operation = bob_ends_alices_conference(control, document)
    assert operation.state == Operation.State.FAILED
    assert operation.result_message.startswith("Google says meetadmin's service account or its key is disabled.")
    assert 200 not in [call["status"] for call in control.calls(method="meet.spaces.endActiveConference")]


def test_a_service_account_of_another_project_cannot_end_meetadmins_conferences(control):
    """Google counts "the app" by Cloud project: a delegation key of another project is another app."""
    document = seed_document(spaces=[LIVE])
    document["serviceAccounts"][0]["project"] = "other-app"  # as Google sees this key: not meetadmin's project
    operation = bob_ends_alices_conference(control, document)
    assert operation.state == Operation.State.FAILED
    assert "may not reach that space" in operation.result_message
    statuses = [call["status"] for call in control.calls(method="meet.spaces.endActiveConference")]
    assert statuses[-1] == 403  # (a stale token from an earlier world may be turned away with 401 first)
    assert 200 not in statuses


def test_a_departed_owner_is_named_as_such(control):
    """zoe left: her Workspace account is deleted, and Google answers delegation as her "Invalid email or User ID"."""
    control.seed(seed_document(spaces=[LIVE]))
    bob = sign_in(control, "bob@example.com", role=Role.HELPDESK)
    space = Space.objects.create(name="spaces/ZoeLeft00001", owner_email="zoe@example.com", made_by_meetadmin=True)
    decision = decide(bob, space, Action.REFRESH)
    assert decision.identity.kind == Operation.IdentityKind.DELEGATION
    operation = settled(services.space_refresh(space=space, identity=decision.identity, actor=bob))
    assert operation.state == Operation.State.FAILED
    assert operation.error_status == "USER_UNKNOWN"
    assert operation.result_message.startswith("Google has no user zoe@example.com any more")
    assert "left the organisation" in operation.result_message
    assert [call["status"] for call in control.calls(method="oauth2.token")][-1] == 400
    assert control.calls(method="meet.spaces.get") == []
