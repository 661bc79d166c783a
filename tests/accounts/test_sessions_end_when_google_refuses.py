"""When Google refuses a person's own grant (`invalid_grant`), a real worker learns it and the person's open sessions
end: Google refusing it can mean the account was suspended or deleted. The emulator answers over HTTP."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from spaces.models import Operation, Space
from tests.support.settled_operation import settled
from tests.support.signed_in_people import sign_in
from tests.support.workspace_seed import PROJECT, seed_document

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker")]


def test_alices_session_ends_once_a_worker_hears_invalid_grant_for_her(control):
    control.seed(seed_document(spaces=[{"id": "AliceSpace01", "owner": "alice@example.com", "project": PROJECT}]))
    alice = sign_in(control, "alice@example.com")
    Space.objects.create(name="spaces/AliceSpace01", owner_email=alice.email, made_by_meetadmin=True)
    browser = Client()
    browser.force_login(alice)
    charlie = Client()
    charlie.force_login(sign_in(control, "charlie@example.com"))
    control.revoke(alice.google_grant.refresh_token)  # e.g. her account was suspended in Workspace

    assert browser.post(reverse("spaces:space_refresh", args=["AliceSpace01"])).status_code == 302
    operation = settled(Operation.objects.get(actor=alice, kind=Operation.Kind.REFRESH))

    assert operation.error_status == "REAUTH_REQUIRED"
    assert [call["status"] for call in control.calls(method="oauth2.token")] == [400]
    response = browser.get(reverse("spaces:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    (message,) = get_messages(response.wsgi_request)
    assert str(message) == (
        "Google no longer accepts meetadmin's access to your account, so your session was ended. "
        "Sign in again to go on."
    )
    assert charlie.get(reverse("spaces:home")).status_code == 200  # nobody else's session
