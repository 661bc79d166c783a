"""Small helpers for the emulator's own HTTP tests: a Meet caller holding one access token, and the demo names."""

from __future__ import annotations

from typing import Any

import requests

CREATED = "https://www.googleapis.com/auth/meetings.space.created"
READONLY = "https://www.googleapis.com/auth/meetings.space.readonly"
SETTINGS = "https://www.googleapis.com/auth/meetings.space.settings"
ALL_SCOPES = [CREATED, READONLY, SETTINGS]

MEETADMIN = "meetadmin-demo.apps.googleusercontent.com"
OTHER_APP = "other-app.apps.googleusercontent.com"


class Meet:
    """Calls the emulator's Meet REST API as one identity, over real HTTP."""

    def __init__(self, base_url: str, access_token: str, int_enums: bool = False) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {access_token}"
        self.int_enums = int_enums

    def call(self, verb: str, path: str, json: Any = None, **params: Any) -> requests.Response:
        if self.int_enums:
            params["$alt"] = "json;enum-encoding=int"
        return self.session.request(verb, f"{self.base_url}/v2/{path}", json=json, params=params, timeout=10)

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.call("GET", path, **params)

    def post(self, path: str, json: Any = None, **params: Any) -> requests.Response:
        return self.call("POST", path, json=json, **params)

    def patch(self, path: str, json: Any = None, **params: Any) -> requests.Response:
        return self.call("PATCH", path, json=json, **params)

    def delete(self, path: str) -> requests.Response:
        return self.call("DELETE", path)


def meet_as(
    emulator: Any,
    control: Any,
    email: str,
    client_id: str = MEETADMIN,
    scopes: list[str] | None = None,
    int_enums: bool = False,
) -> Meet:
    token = control.token(email, client_id, scopes or ALL_SCOPES)
    return Meet(emulator.url, token["access_token"], int_enums)


def error_of(response: requests.Response) -> tuple[int, str]:
    body = response.json()
    return response.status_code, body["error"]["status"]


def seed_apps(control: Any) -> None:
    """Two apps (Cloud projects) and a few people, the way most tests start."""
    control.add_oauth_client(MEETADMIN, "demo-client-secret", "meetadmin-demo")
    control.add_oauth_client(OTHER_APP, "other-app-secret", "other-app")
    for email in ("alice@example.com", "bob@example.com", "charlie@example.com", "dave@example.com"):
        control.add_user(email)
