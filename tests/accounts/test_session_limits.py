"""Sessions never outlive a person's access (accounts/session_limits.py): the absolute lifetime, the "sessions valid
after" stamp (moved by a role revoke and by `end_sessions`), and the Workspace domain re-checked on every request, at
no extra query.

alice owns spaces, bob is helpdesk, carol is IT admin; each signs in through Django's login as the sign-in callback
does (the real Google sign-in is tested at the end).
"""

from __future__ import annotations

import io
import time

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.google_grants import grants_mark_needs_reconnect
from accounts.models import AccessCheck
from accounts.roles import Role, role_grant
from accounts.session_limits import HOSTED_DOMAIN, SIGNED_IN_AT
from spaces.models import Operation
from tests.support.signed_in_people import person
from tests.support.workspace_seed import seed_document

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def google(control):
    """The Google world of the real sign-in at the end (tests/accounts/conftest.py's `sign_in`)."""
    control.seed(seed_document())
    return control


def signed_in(email: str, role: Role | None = None) -> Client:
    user = person(email)
    if role is not None:
        role_grant(user=user, role=role)
    web = Client()
    web.force_login(user)
    return web


def signed_in_at(web: Client, seconds_ago: float) -> None:
    session = web.session
    session[SIGNED_IN_AT] = time.time() - seconds_ago
    session.save()


def is_signed_in(web: Client) -> bool:
    return "_auth_user_id" in web.session


def warnings_on(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_session_older_than_the_absolute_lifetime_ends_however_active(settings):
    alice = signed_in("alice@example.com")
    signed_in_at(alice, settings.SESSION_ABSOLUTE_SECONDS - 60)
    assert alice.get(reverse("spaces:home")).status_code == 200  # renewed by this very page: still active
    signed_in_at(alice, settings.SESSION_ABSOLUTE_SECONDS + 1)

    response = alice.get(reverse("spaces:home") + "?q=x")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/%3Fq%3Dx"
    assert not is_signed_in(alice)
    assert warnings_on(response) == ["Your session has ended: sign-ins last at most 12 hours. Sign in again to go on."]
    page = alice.get(response["Location"])
    assert "sign-ins last at most 12 hours" in page.content.decode()  # the sign-in page says why


def test_an_ended_session_reloads_a_polling_page_instead_of_answering_its_poll(settings):
    alice = signed_in("alice@example.com")
    signed_in_at(alice, settings.SESSION_ABSOLUTE_SECONDS + 1)
    poll = alice.get(reverse("spaces:recent_actions"), **HX)
    assert poll.status_code == 200
    assert poll["HX-Refresh"] == "true"
    assert poll.content == b""
    assert not is_signed_in(alice)


def test_a_write_in_an_ended_session_does_nothing_and_asks_for_sign_in(settings):
    carol = signed_in("carol@example.com", Role.IT_ADMIN)
    bob = person("bob@example.com")
    signed_in_at(carol, settings.SESSION_ABSOLUTE_SECONDS + 1)
    response = carol.post(reverse("roles:change", args=[bob.pk]), {"role": "helpdesk", "change": "grant"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/"
    assert not bob.groups.exists()


def test_revoking_bobs_role_ends_his_open_session_with_the_reason():
    bob = signed_in("bob@example.com", Role.HELPDESK)
    carol = signed_in("carol@example.com", Role.IT_ADMIN)
    assert bob.get(reverse("spaces:home")).status_code == 200
    bob_id = int(bob.session["_auth_user_id"])

    carol.post(reverse("roles:change", args=[bob_id]), {"role": "helpdesk", "change": "revoke"})
    response = bob.get(reverse("spaces:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not is_signed_in(bob)
    assert warnings_on(response) == [
        "Your Helpdesk role was taken away, so your session was ended. Sign in again to go on."
    ]
    assert is_signed_in(carol)  # only bob's sessions end
    assert carol.get(reverse("spaces:home")).status_code == 200


def test_a_sign_in_after_the_stamp_is_a_session_that_counts():
    bob = signed_in("bob@example.com", Role.HELPDESK)
    call_command("grant_role", "helpdesk", "bob@example.com", "--revoke", stdout=io.StringIO())
    user = AccessCheck.objects.get(user__email="bob@example.com").user
    again = Client()
    again.force_login(user)  # he signs in again, now as an owner only
    assert again.get(reverse("spaces:home")).status_code == 200
    assert bob.get(reverse("spaces:home")).status_code == 302  # the old session stays ended


def test_it_ends_every_session_of_someone_leaving():
    dave_laptop = signed_in("dave@example.com")
    dave_phone = Client()
    dave_phone.force_login(AccessCheck.objects.get(user__email="dave@example.com").user)
    alice = signed_in("alice@example.com")
    out = io.StringIO()

    call_command("end_sessions", "--email", "Dave@Example.com", "--by", "IT", stdout=out)

    assert "Every session of Dave@Example.com ends at its next request." in out.getvalue()
    (audit,) = Operation.objects.filter(kind=Operation.Kind.SESSIONS_END)
    assert (audit.state, audit.target, audit.params["run_by"]) == (Operation.State.SUCCEEDED, "dave@example.com", "IT")
    assert audit.result_message == "Every meetadmin session of dave@example.com ended by IT."
    for web in (dave_laptop, dave_phone):
        response = web.get(reverse("spaces:home"))
        assert response.status_code == 302
        assert warnings_on(response) == ["IT ended your meetadmin sessions. Sign in again to go on."]
    assert alice.get(reverse("spaces:home")).status_code == 200


def test_end_sessions_for_an_unknown_address_says_so():
    with pytest.raises(CommandError, match=r"Nobody with the address nobody@example\.com has signed in"):
        call_command("end_sessions", "--email", "nobody@example.com", stdout=io.StringIO())
    assert not Operation.objects.filter(kind=Operation.Kind.SESSIONS_END).exists()


def test_a_domain_no_longer_allowed_ends_the_session_with_the_refusal_page(settings):
    alice = signed_in("alice@example.com")
    assert alice.session[HOSTED_DOMAIN] == "example.com"  # the grant's `hd`, kept at sign-in
    assert alice.get(reverse("spaces:home")).status_code == 200
    settings.ALLOWED_WORKSPACE_DOMAINS = ["corp.example.org"]

    response = alice.get(reverse("spaces:home"))

    assert response.status_code == 403
    assert "You cannot sign in to meetadmin with this account" in response.content.decode()
    assert (
        "alice@example.com belongs to the Workspace example.com, which may not use this meetadmin (corp.example.org)."
        in response.content.decode()
    )
    assert not is_signed_in(alice)


def test_the_checks_add_no_query_to_a_signed_in_page(settings):
    """The stamp comes with the user row (one join), the domain and sign-in time from the session already read."""
    carol = signed_in("carol@example.com", Role.IT_ADMIN)
    carol.get(reverse("spaces:all"))  # the first page after sign-in renews the session

    def queries(middleware: list[str]) -> list[str]:
        settings.MIDDLEWARE = middleware
        with CaptureQueriesContext(connection) as captured:
            assert carol.get(reverse("spaces:all")).status_code == 200
        return [query["sql"] for query in captured]

    with_checks = queries(settings.MIDDLEWARE)
    without = queries(
        [name for name in settings.MIDDLEWARE if name != "accounts.session_limits.SessionLimitsMiddleware"]
    )
    assert len(with_checks) == len(without)
    assert any('"accounts_accesscheck"' in sql for sql in with_checks)  # joined into the user's query


def test_alice_signed_in_through_google_loses_her_session_when_her_domain_is_dropped(sign_in, browser, settings):
    sign_in("alice@example.com")
    assert browser.session[HOSTED_DOMAIN] == "example.com"  # from the verified ID token's `hd`
    assert browser.get(reverse("spaces:home")).status_code == 200

    settings.ALLOWED_WORKSPACE_DOMAINS = ["example.org"]
    refused = browser.get(reverse("spaces:home"))

    assert refused.status_code == 403
    assert "which may not use this meetadmin (example.org)" in refused.content.decode()
    assert "_auth_user_id" not in browser.session


def test_only_the_refusal_that_marks_a_grant_ends_sessions_not_later_failures_on_it():
    """Work queued before the refusal fails on the marked grant too; it must not end the session signed in since."""
    alice = signed_in("alice@example.com")
    grants_mark_needs_reconnect(google_subject="alice@example.com", reason="invalid_grant")
    assert alice.get(reverse("spaces:home")).status_code == 302  # Google refused her grant: her session ends
    again = Client()
    again.force_login(AccessCheck.objects.get(user__email="alice@example.com").user)

    # an older Operation failing
    grants_mark_needs_reconnect(google_subject="alice@example.com", reason="invalid_grant")

    assert again.get(reverse("spaces:home")).status_code == 200


def test_a_poll_after_the_domain_was_dropped_reloads_the_page_onto_the_refusal(settings):
    alice = signed_in("alice@example.com")
    settings.ALLOWED_WORKSPACE_DOMAINS = ["corp.example.org"]
    poll = alice.get(reverse("spaces:recent_actions"), **HX)
    assert poll["HX-Refresh"] == "true"
    assert not is_signed_in(alice)
    assert "which may not use this meetadmin (corp.example.org)" in warnings_on(poll)[0]
