"""Who gets what from every URL: one row per request, one expected answer per kind of person.

tests/test_view_access_matrix.py checks every row; tests/test_csrf.py posts each of its writes without a token.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    # What people said: the owner and IT admins read it; helpdesk sees the space, not the words (spaces.permissions).
    Row("spaces:transcript",       "GET",  (LOGIN,   200,     404,     403,     200),
        args=("space", "record", "transcript")),
    Row("spaces:transcript",       "GET",  (LOGIN,   200,     404,     403,     200),
        args=("space", "record", "transcript"), data={"q": "hello"}, note="searched"),
    Row("spaces:transcript",       "GET",  (LOGIN,   422,     404,     403,     422),
        args=("space", "record", "transcript"), data={"q": "x" * 201}, note="search too long"),
    Row("spaces:transcript",       "GET",  (LOGIN,   404,     404,     403,     404),
        args=("space", "past1", "NoSuchT1"), note="no such transcript"),
    Row("spaces:transcript",       "POST", (LOGIN,   405,     405,     405,     405),
        args=("space", "record", "transcript")),
    Row("spaces:all",              "GET",  (LOGIN,   403,     403,     403,     200)),
    Row("spaces:audit",            "GET",  (LOGIN,   403,     403,     403,     200)),
    Row("spaces:audit",            "GET",  (LOGIN,   403,     403,     403,     200), data={"format": "csv"},
        note="CSV export"),
    Row("monitoring:status",           "GET",  (LOGIN,   403,     403,     403,     200)),
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
