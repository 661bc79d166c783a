"""The one raw-HTTP Meet caller of the tests: one identity's access token, one JSON dialect.

Raw HTTP on purpose: a test written with it says what Google's wire protocol is, not what meetadmin's own client
happens to send. It calls either a discovery method by id (with the body converted to the dialect) or a plain path
under /v2/. The demo's scopes and apps, and the seeding most emulator tests start from, are here too.
"""

from __future__ import annotations

from typing import Any, Literal

import requests

from tests.support import discovery

CREATED = "https://www.googleapis.com/auth/meetings.space.created"
READONLY = "https://www.googleapis.com/auth/meetings.space.readonly"
SETTINGS = "https://www.googleapis.com/auth/meetings.space.settings"
ALL_SCOPES = [CREATED, READONLY, SETTINGS]

MEETADMIN = "meetadmin-demo.apps.googleusercontent.com"
OTHER_APP = "other-app.apps.googleusercontent.com"


Dialect = Literal["names", "ints"]
DIALECTS: tuple[Dialect, ...] = ("names", "ints")

# Discovery-based clients ask for `alt=json` (enum names); Google's generated REST clients ask for the system
# parameter `$alt=json;enum-encoding=int` (enum integers) and expect integers back.
DIALECT_PARAMETERS: dict[str, dict[str, str]] = {
    "names": {"alt": "json"},
    "ints": {"$alt": "json;enum-encoding=int"},
}


class MeetHttp:
    """One identity's raw HTTP access to the Meet REST surface, in one JSON dialect."""

    def __init__(self, base_url: str, access_token: str | None, dialect: Dialect = "names") -> None:
        self.base_url = base_url
        self.access_token = access_token
        self.dialect = dialect
        self.session = requests.Session()

    def call(
        self,
        method_id: str,
        *,
        body: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
        **path_values: str,
    ) -> requests.Response:
        """Call a discovery method by id; `body` is written in the names dialect and converted when needed."""
        method = discovery.method(method_id)
        headers = {}
        if self.access_token is not None:
            headers["Authorization"] = f"Bearer {self.access_token}"
        query = {**DIALECT_PARAMETERS[self.dialect], **(params or {})}
        json_body = None
        if method.request is not None:
            json_body = body if body is not None else {}
            if self.dialect == "ints":
                json_body = discovery.to_ints(method.request, json_body)
        return self.session.request(
            method.http_method,
            self.base_url + method.url_path(**path_values),
            params=query,
            json=json_body,
            headers=headers,
            timeout=30,
        )

    def ok(self, method_id: str, **kwargs: Any) -> dict[str, Any]:
        """Call and insist on 200; the JSON body, converted back to enum names when in the ints dialect."""
        response = self.call(method_id, **kwargs)
        assert response.status_code == 200, f"{method_id}: {response.status_code} {response.text[:500]}"
        payload = response.json()
        schema_name = discovery.method(method_id).response
        if self.dialect == "ints" and schema_name:
            payload = discovery.to_names(schema_name, payload)
        return payload

    def list_all(self, method_id: str, params: dict[str, Any] | None = None, **path_values: str) -> list[dict]:
        """Every item of a list method, following nextPageToken to the last page."""
        field = discovery.list_field(discovery.method(method_id).response)
        items: list[dict] = []
        query = dict(params or {})
        for _ in range(1000):
            page = self.ok(method_id, params=query, **path_values)
            items += page.get(field, [])
            if "nextPageToken" not in page:
                return items
            query["pageToken"] = page["nextPageToken"]
        raise AssertionError(f"{method_id}: more than 1000 pages")

    # Plain requests by path under /v2/, written the way a client without the discovery document writes them.

    def request(self, verb: str, path: str, json: Any = None, **params: Any) -> requests.Response:
        """One request to `/v2/{path}`; in the ints dialect it asks for enum integers as Google's REST clients do."""
        if self.dialect == "ints":
            params.update(DIALECT_PARAMETERS["ints"])
        headers = {"Authorization": f"Bearer {self.access_token}"} if self.access_token is not None else {}
        return self.session.request(
            verb, f"{self.base_url}/v2/{path}", json=json, params=params, headers=headers, timeout=10
        )

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.request("GET", path, **params)

    def post(self, path: str, json: Any = None, **params: Any) -> requests.Response:
        return self.request("POST", path, json=json, **params)

    def patch(self, path: str, json: Any = None, **params: Any) -> requests.Response:
        return self.request("PATCH", path, json=json, **params)

    def delete(self, path: str) -> requests.Response:
        return self.request("DELETE", path)

    def get_json(self, path: str, **params: Any) -> dict[str, Any]:
        """GET `path`, insist on 200, and give the JSON body."""
        response = self.get(path, **params)
        assert response.status_code == 200, response.text
        return response.json()

    def post_json(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST `body` to `path`, insist on 200, and give the JSON body."""
        response = self.post(path, body)
        assert response.status_code == 200, response.text
        return response.json()


def meet_as(
    emulator: Any,
    control: Any,
    email: str,
    client_id: str = MEETADMIN,
    scopes: list[str] | None = None,
    int_enums: bool = False,
) -> MeetHttp:
    token = control.token(email, client_id, scopes or ALL_SCOPES)
    return MeetHttp(emulator.url, token["access_token"], "ints" if int_enums else "names")


def error_of(response: requests.Response) -> tuple[int, str]:
    body = response.json()
    return response.status_code, body["error"]["status"]


def seed_apps(control: Any) -> None:
    """Two apps (Cloud projects) and a few people, the way most tests start."""
    control.add_oauth_client(MEETADMIN, "demo-client-secret", "meetadmin-demo")
    control.add_oauth_client(OTHER_APP, "other-app-secret", "other-app")
    for email in ("alice@example.com", "bob@example.com", "charlie@example.com", "dave@example.com"):
        control.add_user(email)
