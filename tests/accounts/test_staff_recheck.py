"""Helpdesk and IT admins are re-checked against Google (accounts/staff_checks.py): beat's job, run by a real worker,
refreshes each one's own grant at the emulator's token endpoint over HTTP. A grant Google refuses ends the person's
sessions; a staff write on someone else's space is refused while Google has not confirmed the person lately, and
the refusal itself asks for a re-check.

alice owns a space made by meetadmin with a call running; bob is helpdesk, carol is IT admin.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessCheck, GoogleGrant
from accounts.roles import Role
from accounts.tasks import recheck_staff
from embedded.waiting import wait_for
from spaces.models import Operation, Space
from tests.support.end_confirmation import end_confirmation
from tests.support.settled_operation import settled
from tests.support.signed_in_people import sign_in
from tests.support.workspace_seed import PROJECT, seed_document

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker")]

URL = reverse("spaces:conference_end", args=["AliceLive001"])


@pytest.fixture
def alices_live_call(control):
    control.seed(seed_document(spaces=[{"id": "AliceLive001", "owner": "alice@example.com", "project": PROJECT}]))
    record = control.start_conference("spaces/AliceLive001", [{"email": "dave@example.com"}])
    sign_in(control, "alice@example.com")
    Space.objects.create(
        name="spaces/AliceLive001",
        owner_email="alice@example.com",
        made_by_meetadmin=True,
        active_conference=record["name"],
        active_participant_count=1,
    )
    return control


def signed_in_browser(control, email: str, role: Role) -> Client:
    browser = Client()
    browser.force_login(sign_in(control, email, role=role))
    return browser


def checked_at(email: str):
    return AccessCheck.objects.get(user__email=email).google_checked_at


def ends_at_google(control) -> list[dict]:
    return control.calls(method="meet.spaces.endActiveConference")


def test_bobs_grant_revoked_at_google_ends_his_session_at_the_next_recheck(alices_live_call):
    bob = signed_in_browser(alices_live_call, "bob@example.com", Role.HELPDESK)
    carol = signed_in_browser(alices_live_call, "carol@example.com", Role.IT_ADMIN)
    carol_checked = checked_at("carol@example.com")
    assert bob.get(URL).status_code == 200  # the confirmation opens: he may end it now
    alices_live_call.revoke(
        GoogleGrant.objects.get(email="bob@example.com").refresh_token
    )  # e.g. suspended in Workspace
    alices_live_call.clear_calls()

    recheck_staff.delay()  # what beat sends every STAFF_RECHECK_SECONDS
    wait_for(
        lambda: GoogleGrant.objects.get(email="bob@example.com").state == GoogleGrant.State.NEEDS_RECONNECT,
        timeout=30,
        what="the worker to hear Google refuse bob's grant",
    )
    wait_for(lambda: checked_at("carol@example.com") > carol_checked, timeout=30, what="carol's re-check")

    refreshes = alices_live_call.calls(method="oauth2.token")
    assert sorted(call["status"] for call in refreshes) == [200, 400]  # bob's and carol's grants; alice is no staff
    response = bob.post(URL, end_confirmation("AliceLive001", reason="ticket 4712"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in bob.session
    assert Operation.objects.filter(kind=Operation.Kind.END_CONFERENCE).count() == 0
    assert ends_at_google(alices_live_call) == []
    assert carol.get(URL).status_code == 200  # carol's grant still works: her session and powers stay


def test_a_staff_write_waits_for_google_to_confirm_the_person_and_the_refusal_asks_for_it(alices_live_call, settings):
    bob = signed_in_browser(alices_live_call, "bob@example.com", Role.HELPDESK)
    long_ago = timezone.now() - timedelta(seconds=settings.STAFF_RECHECK_LIMIT_SECONDS + 60)
    AccessCheck.objects.filter(user__email="bob@example.com").update(google_checked_at=long_ago)  # beat was away

    refused = bob.post(URL, end_confirmation("AliceLive001", reason="ticket 4712"))

    assert refused.status_code == 403
    assert "confirmed with Google in the last 30 minutes, and yours is not confirmed yet" in refused.content.decode()
    assert Operation.objects.filter(kind=Operation.Kind.END_CONFERENCE).count() == 0
    wait_for(lambda: checked_at("bob@example.com") > long_ago, timeout=30, what="the re-check the refusal queued")
    assert [call["status"] for call in alices_live_call.calls(method="oauth2.token")] == [200]

    again = bob.post(URL, end_confirmation("AliceLive001", reason="ticket 4712"))

    assert again.status_code == 302
    operation = settled(Operation.objects.get(kind=Operation.Kind.END_CONFERENCE))
    assert operation.state == Operation.State.SUCCEEDED, operation.result_message
    assert [call["user"] for call in ends_at_google(alices_live_call) if call["status"] == 200] == ["alice@example.com"]


def test_alice_acting_on_her_own_space_is_never_held_by_the_staff_check(alices_live_call, settings):
    alice = Client()
    alice.force_login(sign_in(alices_live_call, "alice@example.com", role=Role.HELPDESK))
    AccessCheck.objects.filter(user__email="alice@example.com").update(google_checked_at=None)
    response = alice.post(URL, end_confirmation("AliceLive001"))
    assert response.status_code == 302  # her own grant acts, which Google judges on the call itself
    assert Operation.objects.get(kind=Operation.Kind.END_CONFERENCE).identity_kind == Operation.IdentityKind.OWN_GRANT
