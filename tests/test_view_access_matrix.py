"""Who gets what from every URL: one row per request, one expected answer per kind of person.

alice owns a space made here with a call running, charlie is another owner, bob is helpdesk, carol is IT admin.
"login" means the sign-in page with a `next` back; "refresh" means htmx is told to reload (the poll of a page whose
session ended). A refused request must leave no Operation behind.

The matrix must stay complete: a URL added without a row here fails `test_every_url_has_a_row`.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.roles import Role
from monitoring.probes import PROBES
from spaces.models import Operation, Space
from tests.support.access_matrix import ADMIN_LOGIN, LOGIN, MATRIX, PEOPLE, REFRESH, REFUSED, Row
from tests.support.access_world import make_access_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def access_records(settings) -> dict:
    settings.RATELIMIT_ENABLE = False  # the rate limits have their own tests; here every request must reach its view
    return make_access_records()


def _answer(response, row: Row) -> object:
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(reverse("account_login") + "?next="):
        return LOGIN
    if response.status_code == 302 and location.startswith(reverse("admin:login")):
        return ADMIN_LOGIN
    if row.htmx and response.get("HX-Refresh") == "true":
        return REFRESH
    return response.status_code


@pytest.mark.parametrize("row", MATRIX, ids=str)
def test_each_person_gets_what_the_matrix_says(access_records, row: Row):
    args = [access_records.get(arg, arg) if isinstance(arg, str) else arg for arg in row.args]
    url = reverse(row.name, args=args)
    answers = {}
    for who, expected in zip(PEOPLE, row.expected, strict=True):
        client = Client(raise_request_exception=False)
        if who != "signed_out":
            client.force_login(access_records["people"][who])
        operations_before = Operation.objects.count()
        headers = {"HX-Request": "true"} if row.htmx else {}
        response = getattr(client, row.method.lower())(url, row.data, headers=headers)
        answers[who] = _answer(response, row)
        if who != "signed_out":  # a page, partial, redirect or refusal for a signed-in person is never cached
            assert "no-store" in response.get("Cache-Control", ""), f"{who}: {response.get('Cache-Control')}"
        if expected in REFUSED:
            assert Operation.objects.count() == operations_before, f"{who} was refused but an Operation was queued"
    assert answers == dict(zip(PEOPLE, row.expected, strict=True))


def _named_urls(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part)
            names |= _named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_has_a_row():
    # Django's admin is its own world (staff only); its index and its sign-in stand for all of it.
    names = {name for name in _named_urls(get_resolver()) if not name.startswith("admin:")}
    names |= {"admin:index", "admin:login"}
    in_matrix = {row.name for row in MATRIX}
    assert names - in_matrix == set(), "add these URLs to MATRIX, with what each kind of person gets"
    assert in_matrix - names == set(), "these rows name URLs that no longer exist"


def test_every_guarded_url_is_refused_to_someone():
    """A row where everybody signed in gets through must be meant to be open to everyone signed in."""
    open_to_all = {row.name for row in MATRIX if all(answer not in REFUSED for answer in row.expected[1:])}
    assert open_to_all == {
        "spaces:home",
        "spaces:add_by_link",
        "spaces:create",
        "spaces:recent_actions",
        "spaces:lookup",
        "spaces:refresh_stale",  # each space it names is checked in the service
        "preferences:time_zone",
        "preferences:time_zone_detect",
        "account_login",
        "account_logout",
        "account_inactive",
        "socialaccount_login_cancelled",
        "google_login",
    }


@pytest.mark.parametrize("path", sorted(PROBES))
def test_probes_answer_anyone_without_a_session(client, path):
    response = client.get(path)
    assert response.status_code in (200, 503)
    assert response["Content-Type"] == "application/json"
    assert "sessionid" not in response.cookies
    assert client.post(path).status_code == 404  # only GET and HEAD reach a probe


def test_what_anyone_may_cache_stays_cacheable_for_a_signed_in_person(access_records):
    client = Client()
    client.force_login(access_records["people"]["carol"])
    stylesheet = client.get("/static/css/meetadmin.css")
    assert stylesheet.status_code == 200
    assert "no-store" not in stylesheet.get("Cache-Control", "")
    for path in sorted(PROBES):
        assert client.get(path)["Cache-Control"] == "no-store"  # the probe's own choice: a fresh answer each time
    assert "no-store" not in Client().get(reverse("spaces:home")).get("Cache-Control", "")  # the welcome page


def test_staff_reach_the_admin_after_signing_in_through_google(access_records):
    """The admin's sign-in leads to Google's, and back: staff get the admin, with no password ever asked."""
    client = Client()
    to_admin_sign_in = client.get(reverse("admin:index"))
    to_google = client.get(to_admin_sign_in["Location"])
    assert to_google["Location"] == f"{reverse('account_login')}?next={reverse('admin:index')}"
    elsewhere = client.get(f"{reverse('admin:login')}?next=https://evil.test/")
    assert elsewhere["Location"] == to_google["Location"]
    carol = access_records["people"]["carol"]
    carol.is_staff = carol.is_superuser = True
    carol.save()
    client.force_login(carol)  # what the Google sign-in leaves behind
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:login"))["Location"] == reverse("admin:index")


def test_a_deactivated_person_is_signed_out_on_their_next_request(access_records):
    client = Client()
    alice = access_records["people"]["alice"]
    client.force_login(alice)
    assert client.get(reverse("spaces:space", args=[access_records["space"]])).status_code == 200
    alice.is_active = False
    alice.save()
    assert _answer(client.get(reverse("spaces:space", args=[access_records["space"]])), MATRIX[0]) == LOGIN


# Pasting a space's code tells who owns it only to those who may see the space (spaces.permissions), whoever pastes.
LOOKUP_NAMES_OWNER = {"alice": "Found it; you own this space.", "charlie": None, "bob": True, "carol": True}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
@pytest.mark.parametrize("who", sorted(LOOKUP_NAMES_OWNER))
def test_a_lookup_names_the_owner_only_to_those_who_may_see_the_space(control, settings, who):
    from embedded.waiting import wait_for
    from tests.support.settled_operation import settled
    from tests.support.signed_in_people import sign_in
    from tests.support.workspace_seed import PROJECT, seed_document

    settings.RATELIMIT_ENABLE = False
    control.seed(seed_document(spaces=[{"id": "AliceSpace01", "owner": "alice@example.com", "project": PROJECT,
                                        "code": "abc-defg-hij"}]))  # fmt: skip
    roles = {"bob": Role.HELPDESK, "carol": Role.IT_ADMIN}
    person = sign_in(control, f"{who}@example.com", role=roles.get(who))
    Space.objects.create(name="spaces/AliceSpace01", owner_email="alice@example.com", label="Alice and HR")
    client = Client()
    client.force_login(person)
    client.post(reverse("spaces:lookup"), {"link": "https://meet.google.com/abc-defg-hij"})
    lookup = settled(Operation.objects.get(kind=Operation.Kind.RESOLVE))
    assert lookup.state == Operation.State.SUCCEEDED, lookup.result_message
    page = client.get(reverse("spaces:operation", args=[lookup.pk]))
    shown = lookup.result_message + (page.content.decode() if page.status_code == 200 else page["Location"])
    shown += client.get(reverse("spaces:home")).content.decode()  # "Your recent actions"
    expected = LOOKUP_NAMES_OWNER[who]
    if expected is None:  # charlie may not see alice's space: neither its owner nor its page
        assert "alice@example.com" not in shown
        assert "Alice and HR" not in shown
        assert "another person's space" in lookup.result_message
        assert reverse("spaces:space", args=["AliceSpace01"]) not in shown
    elif expected is True:
        assert lookup.result_message == "Found it: alice@example.com's space."
        assert page["Location"] == reverse("spaces:space", args=["AliceSpace01"])
    else:
        assert lookup.result_message == expected
    # Following a found space queues a refresh for staff: let it land in this test's database, not the next one's.
    unsettled = Operation.objects.filter(state__in=Operation.UNSETTLED)
    wait_for(lambda: not unsettled.exists(), what="the follow-up refresh to settle")
