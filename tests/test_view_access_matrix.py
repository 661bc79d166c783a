"""Who gets what from every URL: one row per request, one expected answer per kind of person.

alice owns a space made here with a call running, charlie is another owner, bob is helpdesk, carol is IT admin.
"login" means the sign-in page with a `next` back; "refresh" means htmx is told to reload (the poll of a page whose
session ended). A refused request must leave no Operation behind.

The matrix must stay complete: a URL added without a row here fails `test_every_url_has_a_row`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.roles import Role, role_grant
from meetadmin.health import PROBES
from spaces.models import BulkImport, Operation, Space
from tests.spaces.world import person

pytestmark = pytest.mark.django_db

PEOPLE = ("signed_out", "alice", "charlie", "bob", "carol")
LOGIN = "login"
REFRESH = "refresh"
ADMIN_LOGIN = "admin login"
REFUSED = {LOGIN, REFRESH, ADMIN_LOGIN, 400, 401, 403, 404, 405}


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    expected: tuple  # one answer per person in PEOPLE
    args: tuple = ()  # world keys ("space", "operation", ...) or literal values
    data: dict = field(default_factory=dict)
    htmx: bool = False
    note: str = ""

    def __str__(self) -> str:
        return f"{self.method} {self.name} {self.note}".strip()


# fmt: off
MATRIX = [
    # name                        method  signed_out alice    charlie  bob      carol
    Row("spaces:home",             "GET",  (200,     200,     200,     200,     200)),
    Row("spaces:home",             "POST", (405,     405,     405,     405,     405), note="read-only"),
    Row("spaces:add_by_link",      "POST", (LOGIN,   422,     422,     422,     422), note="empty form"),
    Row("spaces:add_by_link",      "GET",  (LOGIN,   405,     405,     405,     405)),
    Row("spaces:create",           "POST", (LOGIN,   302,     302,     302,     302)),
    Row("spaces:recent_actions",   "GET",  (LOGIN,   200,     200,     200,     200)),
    Row("spaces:recent_actions",   "GET",  (REFRESH, 200,     286,     286,     200), htmx=True,
        note="286 stops the poll: nothing of theirs is unsettled"),
    Row("spaces:space",            "GET",  (LOGIN,   200,     404,     200,     200), args=("space",)),
    Row("spaces:space",            "GET",  (LOGIN,   404,     404,     404,     404), args=("NoSuchSpace1",)),
    Row("spaces:space",            "GET",  (LOGIN,   404,     404,     404,     404), args=("alicespace01",),
        note="id in the wrong case"),
    Row("spaces:space",            "POST", (LOGIN,   405,     405,     405,     405), args=("space",)),
    Row("spaces:space_live",       "GET",  (LOGIN,   200,     404,     200,     200), args=("space",)),
    Row("spaces:space_live",       "GET",  (REFRESH, 200,     404,     200,     200), args=("space",), htmx=True),
    Row("spaces:space_refresh",    "POST", (LOGIN,   302,     404,     302,     302), args=("space",)),
    Row("spaces:refresh_stale",    "POST", (LOGIN,   204,     204,     204,     204), htmx=True,
        data={"space": "spaces/NoSuchSpace1"}, note="queues only what each may refresh: test_stale_refresh.py"),
    Row("spaces:refresh_stale",    "GET",  (LOGIN,   405,     405,     405,     405)),
    Row("spaces:space_refresh",    "GET",  (LOGIN,   405,     405,     405,     405), args=("space",)),
    Row("spaces:conference_end",   "GET",  (LOGIN,   200,     404,     200,     200), args=("space",)),
    Row("spaces:conference_end",   "POST", (LOGIN,   302,     404,     302,     302), args=("space",),
        data={"reason": "ticket 42", "conference": "conferenceRecords/r1", "once": "matrix-once-token-0001"}),
    Row("spaces:space_settings",   "GET",  (LOGIN,   200,     404,     403,     200), args=("space",)),
    Row("spaces:space_settings",   "POST", (LOGIN,   302,     404,     403,     302), args=("space",),
        data={"access_type": "RESTRICTED", "loaded": '{"access_type": "OPEN"}'}),
    Row("spaces:space_members",    "POST", (LOGIN,   302,     404,     403,     302), args=("space",),
        data={"add": "dave@example.com"}),
    Row("spaces:all",              "GET",  (LOGIN,   403,     403,     403,     200)),
    Row("spaces:audit",            "GET",  (LOGIN,   403,     403,     403,     200)),
    Row("spaces:audit",            "GET",  (LOGIN,   403,     403,     403,     200), data={"format": "csv"},
        note="CSV export"),
    Row("spaces:status",           "GET",  (LOGIN,   403,     403,     403,     200)),
    Row("spaces:lookup",           "POST", (LOGIN,   302,     302,     302,     302),
        data={"link": "https://meet.google.com/abc-defg-hij"}),
    Row("spaces:operation",        "GET",  (LOGIN,   200,     404,     404,     200), args=("operation",)),
    Row("spaces:operation",        "GET",  (REFRESH, 200,     404,     404,     200), args=("operation",), htmx=True),
    Row("spaces:operation",        "GET",  (LOGIN,   404,     404,     404,     404), args=(2_000_000_000,),
        note="no such operation"),
    Row("spaces:import",           "GET",  (LOGIN,   403,     403,     403,     200)),
    Row("spaces:import",           "POST", (LOGIN,   403,     403,     403,     302),
        data={"emails": "alice@example.com"}),
    Row("spaces:import_progress",  "GET",  (LOGIN,   403,     403,     403,     200), args=("batch",)),
    Row("spaces:import_progress",  "GET",  (LOGIN,   403,     403,     403,     404), args=("others_batch",),
        note="another IT admin's import"),
    Row("spaces:import_control",   "POST", (LOGIN,   403,     403,     403,     302), args=("batch",),
        data={"action": "pause"}),
    Row("spaces:import_control",   "POST", (LOGIN,   403,     403,     403,     404), args=("others_batch",),
        data={"action": "cancel"}, note="another IT admin's import"),
    Row("roles:list",              "GET",  (LOGIN,   403,     403,     403,     200)),
    Row("roles:change",            "POST", (LOGIN,   403,     403,     403,     302), args=("charlie",),
        data={"role": "helpdesk"}),
    Row("roles:change",            "GET",  (LOGIN,   405,     405,     405,     405), args=("charlie",)),
    Row("preferences:time_zone",   "GET",  (LOGIN,   200,     200,     200,     200)),
    Row("preferences:time_zone",   "POST", (LOGIN,   302,     302,     302,     302),
        data={"time_zone": "Europe/Paris"}),
    Row("preferences:time_zone_detect", "POST", (LOGIN, 204,  204,     204,     204),
        data={"time_zone": "Europe/Paris"}),
    # allauth's own pages: Google is the only way in.
    Row("account_login",           "GET",  (200,     302,     302,     302,     302)),
    Row("account_login",           "POST", (403,     403,     403,     403,     403), note="no passwords"),
    Row("account_logout",          "POST", (302,     302,     302,     302,     302)),
    Row("account_inactive",        "GET",  (200,     200,     200,     200,     200)),
    Row("socialaccount_login_cancelled", "GET", (200, 200,    200,     200,     200)),
    Row("socialaccount_login_error", "GET", (401,    401,     401,     401,     401)),
    Row("socialaccount_signup",    "GET",  (404,     404,     404,     404,     404),
        note="closed: an address comes only from Google's ID token (tests/accounts/test_identity.py)"),
    Row("socialaccount_connections", "GET", (404,    404,     404,     404,     404), note="not offered"),
    Row("google_login",            "GET",  (200,     200,     200,     200,     200), note="a button that POSTs"),
    Row("google_login",            "POST", (302,     302,     302,     302,     302)),
    Row("google_callback",         "GET",  (401,     401,     401,     401,     401), note="no state"),
    Row("google_login_by_token",   "POST", (404,     404,     404,     404,     404), note="One Tap: not offered"),
    Row("admin:index",             "GET",  (ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN)),
    # The admin's own sign-in sends people to Google's: no password form beside it.
    Row("admin:login",             "GET",  (LOGIN,   403,     403,     403,     403)),
    Row("admin:login",             "POST", (LOGIN,   403,     403,     403,     403),
        data={"username": "alice@example.com", "password": "guess"}),
]
# fmt: on


@pytest.fixture
def world(settings) -> dict:
    settings.RATELIMIT_ENABLE = False  # the rate limits have their own tests; here every request must reach its view
    return make_world()


def make_world() -> dict:
    """The people, alice's space, her operation and two imports; the keys are what rows name in `args`."""
    people = {name: person(f"{name}@example.com") for name in PEOPLE[1:]}
    role_grant(user=people["bob"], role=Role.HELPDESK)
    role_grant(user=people["carol"], role=Role.IT_ADMIN)
    space = Space.objects.create(
        name="spaces/AliceSpace01",
        owner_email="alice@example.com",
        made_by_meetadmin=True,
        active_conference="conferenceRecords/r1",
        active_participant_count=2,
        meeting_code="abc-defg-hij",
        config={"accessType": "OPEN"},
    )
    own_grant = Operation.IdentityKind.OWN_GRANT
    operation = Operation.objects.create(
        kind=Operation.Kind.REFRESH, actor=people["alice"], identity_kind=own_grant, identity_email="alice@example.com",
        space=space,
    )  # fmt: skip
    for batch, actor in (("carols-batch", "carol"), ("alices-old-batch", "alice")):
        BulkImport.objects.create(batch=batch, actor=people[actor], addresses=["dave@example.com"], expanded=1)
        Operation.objects.create(
            kind=Operation.Kind.DISCOVER, actor=people[actor], identity_kind=Operation.IdentityKind.DELEGATION,
            identity_email="dave@example.com", batch=batch,
        )  # fmt: skip
    return {
        "people": people,
        "space": space.space_id,
        "operation": operation.pk,
        "batch": "carols-batch",
        "others_batch": "alices-old-batch",
        "charlie": people["charlie"].pk,
    }


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
def test_each_person_gets_what_the_matrix_says(world, row: Row):
    args = [world.get(arg, arg) if isinstance(arg, str) else arg for arg in row.args]
    url = reverse(row.name, args=args)
    answers = {}
    for who, expected in zip(PEOPLE, row.expected, strict=True):
        client = Client(raise_request_exception=False)
        if who != "signed_out":
            client.force_login(world["people"][who])
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


def test_what_anyone_may_cache_stays_cacheable_for_a_signed_in_person(world):
    client = Client()
    client.force_login(world["people"]["carol"])
    stylesheet = client.get("/static/css/meetadmin.css")
    assert stylesheet.status_code == 200
    assert "no-store" not in stylesheet.get("Cache-Control", "")
    for path in sorted(PROBES):
        assert client.get(path)["Cache-Control"] == "no-store"  # the probe's own choice: a fresh answer each time
    assert "no-store" not in Client().get(reverse("spaces:home")).get("Cache-Control", "")  # the welcome page


def test_staff_reach_the_admin_after_signing_in_through_google(world):
    """The admin's sign-in leads to Google's, and back: staff get the admin, with no password ever asked."""
    client = Client()
    to_admin_sign_in = client.get(reverse("admin:index"))
    to_google = client.get(to_admin_sign_in["Location"])
    assert to_google["Location"] == f"{reverse('account_login')}?next={reverse('admin:index')}"
    elsewhere = client.get(f"{reverse('admin:login')}?next=https://evil.test/")
    assert elsewhere["Location"] == to_google["Location"]
    carol = world["people"]["carol"]
    carol.is_staff = carol.is_superuser = True
    carol.save()
    client.force_login(carol)  # what the Google sign-in leaves behind
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:login"))["Location"] == reverse("admin:index")


def test_a_deactivated_person_is_signed_out_on_their_next_request(world):
    client = Client()
    alice = world["people"]["alice"]
    client.force_login(alice)
    assert client.get(reverse("spaces:space", args=[world["space"]])).status_code == 200
    alice.is_active = False
    alice.save()
    assert _answer(client.get(reverse("spaces:space", args=[world["space"]])), MATRIX[0]) == LOGIN


# Pasting a space's code tells who owns it only to those who may see the space (spaces.permissions), whoever pastes.
LOOKUP_NAMES_OWNER = {"alice": "Found it; you own this space.", "charlie": None, "bob": True, "carol": True}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
@pytest.mark.parametrize("who", sorted(LOOKUP_NAMES_OWNER))
def test_a_lookup_names_the_owner_only_to_those_who_may_see_the_space(control, settings, who):
    from tests.conftest import wait_for
    from tests.spaces.world import PROJECT, seed_document, settled, sign_in

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
