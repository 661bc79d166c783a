"""No input makes a page fail: garbage ids, NUL bytes, huge strings, unicode, out-of-range numbers and dates.

Each request is made by carol (IT admin, who reaches every page) and by alice (an owner); the answer may be a
refusal, a 404 or a form that says what is wrong, never a 500.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.time_zones import SESSION_KEY
from spaces.models import Operation
from tests.support.access_world import make_access_records

pytestmark = pytest.mark.django_db

BAD_TEXT = [
    "\x00",
    "a\x00b",
    "x" * 5000,
    "ü∂ 🎥 日本語",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e9",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "%00",
    "../../etc/passwd",
    " ",
    "\u202egnp.exe",
]
BAD_NUMBERS = ["-1", "0", "99999999999999999999", "9223372036854775808", "2147483648", "abc", "\x00", "1.5", ""]
BAD_DATES = ["2024-13-45", "2024-02-30", "0001-01-01", "9999-12-31", "99999-01-01", "-1", "\x00", "x" * 300]
ZONES = ["UTC", "Europe/Paris", "America/Los_Angeles", "Pacific/Kiritimati"]

PAGE_PARAMS = {
    "/": ["page", "q", "sort", "live", "access_type", "made_here", "attention"],
    "/all-spaces/": ["page", "q", "sort", "owner", "live"],
    "/audit/": ["page", "person", "space", "action", "outcome", "since", "until"],
    "/roles/": ["page", "q"],
    "/recent-actions/": ["seen", "watching"],
    "/spaces/AliceSpace01/": ["operation"],
    "/spaces/AliceSpace01/live/": ["seen"],
    "/import/carols-batch/": ["seen"],
}
POLLED = {"/recent-actions/", "/spaces/AliceSpace01/live/", "/import/carols-batch/"}
PATH_TEMPLATES = [
    "/spaces/{}/",
    "/spaces/{}/live/",
    "/spaces/{}/end/",
    "/spaces/{}/settings/",
    "/import/{}/",
]
FORMS = {
    "/spaces/add/": ["link"],
    "/lookup/": ["link"],
    "/spaces/create/": ["label", "access_type"],
    "/spaces/AliceSpace01/end/": ["reason"],
    "/spaces/AliceSpace01/settings/": ["access_type", "entry_point_access", "moderation", "chat_restriction"],
    "/spaces/AliceSpace01/co-hosts/": ["add", "remove"],
    "/import/": ["emails"],
    "/roles/{charlie}/": ["role", "change"],
    "/preferences/time-zone/": ["time_zone"],
    "/preferences/time-zone/detect/": ["time_zone"],
}


@pytest.fixture
def access_records(settings) -> dict:
    settings.RATELIMIT_ENABLE = False
    return make_access_records()


def _clients(access_records: dict) -> list[Client]:
    clients = []
    for who in ("carol", "alice"):
        client = Client(raise_request_exception=False)
        client.force_login(access_records["people"][who])
        clients.append(client)
    return clients


def _assert_no_server_error(clients: list[Client], method: str, path: str, data: dict, **extra) -> None:
    for client in clients:
        response = getattr(client, method)(path, data, **extra)
        assert response.status_code < 500, f"{method.upper()} {path!r} {data!r} answered {response.status_code}"


@pytest.mark.parametrize("path", sorted(PAGE_PARAMS))
def test_query_parameters(access_records, path):
    clients = _clients(access_records)
    for param in PAGE_PARAMS[path]:
        for value in BAD_TEXT + BAD_NUMBERS:
            _assert_no_server_error(clients, "get", path, {param: value})
            if path in POLLED:
                _assert_no_server_error(clients, "get", path, {param: value}, headers={"HX-Request": "true"})


@pytest.mark.parametrize("template", PATH_TEMPLATES)
def test_ids_in_the_path(access_records, template):
    clients = _clients(access_records)
    for value in BAD_TEXT:
        _assert_no_server_error(clients, "get", template.format(quote(value, safe="")), {})
    for number in ("0", "99999999999999999999", "9223372036854775808", "2147483648"):
        _assert_no_server_error(clients, "get", f"/operations/{number}/", {})
        _assert_no_server_error(clients, "post", f"/roles/{number}/", {"role": "helpdesk"})


@pytest.mark.parametrize(("path", "fields"), sorted(FORMS.items()))
def test_form_fields(access_records, path, fields):
    clients = _clients(access_records)
    path = path.format(**access_records)
    for field in fields:
        for value in BAD_TEXT:
            _assert_no_server_error(clients, "post", path, {field: value})


@pytest.mark.parametrize("zone", ZONES)
def test_audit_dates_at_the_edges_of_the_calendar_in_every_zone(access_records, zone):
    client = _clients(access_records)[0]
    session = client.session
    session[SESSION_KEY] = zone
    session.save()
    for date in BAD_DATES:
        for query in ({"since": date}, {"until": date}, {"since": date, "until": date, "format": "csv"}):
            response = client.get("/audit/", query)
            assert response.status_code == (400 if "\x00" in date else 200), f"{query!r} in {zone}"
            if "format" in query and response.status_code == 200:
                b"".join(response.streaming_content)  # the CSV streams: a failure would come while it does


@pytest.mark.parametrize(
    "path", ["/spaces/%00/", "/import/a%00/", "/roles/?q=%00", "/audit/?person=%00", "/?q=x&%00=y", "/healthz%00"]
)
def test_a_nul_character_is_a_bad_request(access_records, path):
    client = _clients(access_records)[0]
    assert client.get(path).status_code == 400


def test_a_session_cookie_with_a_nul_character_is_a_bad_request(client):
    # Cookie values are unquoted the way browsers quote them: "\000" is a NUL by the time Django reads it.
    client.cookies["sessionid"] = '"\\000\\000\\000\\000\\000\\000\\000\\000"'
    client.cookies["sessionid"].set("sessionid", "\x00" * 8, '"\\000\\000\\000\\000\\000\\000\\000\\000"')
    assert client.get("/").status_code == 400


def test_a_space_page_follows_only_the_viewers_own_operation(access_records):
    """bob (helpdesk) opens alice's space with alice's operation in the query string: he is not shown its outcome."""
    url = f"/spaces/AliceSpace01/?operation={access_records['operation']}"
    pages = {}
    for who in ("alice", "bob", "carol"):
        client = Client()
        client.force_login(access_records["people"][who])
        pages[who] = client.get(url)
    assert pages["alice"].context["followed"].pk == access_records["operation"]
    assert pages["bob"].context["followed"] is None
    assert pages["carol"].context["followed"] is None
    assert 'id="outcome"' not in pages["bob"].content.decode()


@pytest.mark.parametrize(
    "upload",
    [
        b"a\x00b@example.com\n",
        ("x" * 300 + "@example.com\n" + "x@" + "e" * 250 + ".example.com").encode(),
        b"\xff\xfe\x00\x00garbage@example.com",
        "ü@exämple.com".encode(),
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
    ],
    ids=["nul", "too-long", "not-utf8", "unicode", "binary"],
)
def test_bulk_import_of_a_strange_file(access_records, upload):
    client = _clients(access_records)[0]
    before = Operation.objects.count()
    response = client.post("/import/", {"csv_file": SimpleUploadedFile("people.csv", upload, "text/csv")})
    assert response.status_code == 422
    assert Operation.objects.count() == before


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Forwarded-For": "not-an-address"},
        {"X-Forwarded-For": ", , ,"},
        {"X-Forwarded-For": "1.2.3.4, " * 500},
        {"X-Request-ID": "x" * 5000},
        {"X-Request-ID": "a\r\nSet-Cookie: evil=1"},
        {"HX-Request": "maybe"},
        {"HX-Request": "true", "HX-Current-URL": "javascript:alert(1)"},
        {"Host": "evil.test"},
        {"Host": "localhost:99999999999"},
    ],
    ids=str,
)
def test_strange_headers(access_records, settings, headers):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.RATELIMIT_ENABLE = True
    client = _clients(access_records)[0]
    for method, path in (("get", "/"), ("get", "/spaces/AliceSpace01/live/"), ("post", "/accounts/google/login/")):
        response = getattr(client, method)(path, headers=headers)
        assert response.status_code < 500, f"{method.upper()} {path} answered {response.status_code}"
        assert "evil" not in response.cookies
