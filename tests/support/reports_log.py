"""The one raw-HTTP caller of the emulator's Reports API in the tests, and the Workspace its tests start from.

Raw HTTP on purpose, as `meet_http` for Meet: a test written with it says what Google's wire protocol is.
"""

from __future__ import annotations

from typing import Any

import requests

AUDIT = "https://www.googleapis.com/auth/admin.reports.audit.readonly"
MEET_ACTIVITIES = "/admin/reports/v1/activity/users/{user_key}/applications/{application}"
APP = "reports-tests.apps.googleusercontent.com"
ADMIN, OWNER, OTHER_OWNER, GUEST = "carol@example.com", "alice@example.com", "charlie@example.com", "dave@example.com"
LAG_SECONDS = 30 * 60


def admin_token(control: Any, email: str = ADMIN, scopes: tuple[str, ...] = (AUDIT,)) -> str:
    """An access token of a Workspace administrator (made one if they were not) with the audit scope."""
    control.add_user(email, is_admin=True)
    return control.token(email, APP, list(scopes))["access_token"]


def list_activities(
    base_url: str, token: str | None, user_key: str = "all", application: str = "meet", **params: Any
) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    path = MEET_ACTIVITIES.format(user_key=user_key, application=application)
    return requests.get(base_url + path, headers=headers, params=params, timeout=30)


def items(response: requests.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["kind"] == "admin#reports#activities"
    return body.get("items", [])


def parameters(activity: dict[str, Any]) -> dict[str, Any]:
    """An activity's single event's parameters by name, each its value (`value`, `intValue` or `boolValue`)."""
    (event,) = activity["events"]
    found = {}
    for parameter in event["parameters"]:
        kinds = set(parameter) - {"name"}
        assert len(kinds) == 1, parameter
        assert kinds <= {"value", "intValue", "boolValue"}, parameter
        found[parameter["name"]] = parameter[kinds.pop()]
    return found


def reports_error(response: requests.Response, status: int, reason: str) -> dict[str, Any]:
    """Google's classic error body (`code`, `message`, `errors[]`), with this status and `errors[0].reason`."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == status
    assert error["errors"][0]["reason"] == reason, error
    assert error["errors"][0]["message"]
    assert error["message"]
    return error


def workspace(control: Any, code: str = "abc-mnop-xyz") -> str:
    """alice's space with `code` (alice, charlie, dave and an admin exist); answers the space's name."""
    for email in (OWNER, OTHER_OWNER, GUEST):
        control.add_user(email)
    return control.add_space(OWNER, "reports-tests", code=code)["name"]


def reader(base_url: str, control: Any, email: str = ADMIN) -> Any:
    """`read(**params)`: activities.list as an administrator, with a fresh token each call (tests move the
    emulated clock by hours and days, past any one token's hour)."""

    def read(user_key: str = "all", application: str = "meet", **params: Any) -> requests.Response:
        return list_activities(base_url, admin_token(control, email), user_key, application, **params)

    return read
