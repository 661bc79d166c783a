"""Google's JSON error shape, checked, and the messages Meet's errors carry, for the emulator's conformance tests."""

from __future__ import annotations

from typing import Any

import requests

PERMISSION_DENIED_SPACE = "Permission denied on resource MeetingSpace (or it might not exist)"
INSUFFICIENT_SCOPES = "Request had insufficient authentication scopes."


def google_error(response: requests.Response) -> dict[str, Any]:
    """The `error` object of Google's JSON error body (fails clearly when the body is not one)."""
    try:
        payload = response.json()
    except ValueError:
        raise AssertionError(f"{response.status_code} without a JSON body: {response.text[:300]!r}") from None
    assert set(payload) == {"error"}, f"not Google's error shape: {payload}"
    error = payload["error"]
    assert error.get("code") == response.status_code, f"error.code {error.get('code')} != HTTP {response.status_code}"
    return error


def assert_google_error(
    response: requests.Response,
    http_status: int,
    status: str,
    message: str | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """The response is Google's error with this HTTP status and canonical status (and message / ErrorInfo reason)."""
    assert response.status_code == http_status, (
        f"expected {http_status} {status}, got {response.status_code}: {response.text[:500]}"
    )
    error = google_error(response)
    assert error.get("status") == status, error
    assert isinstance(error.get("message"), str), error
    if message is not None:
        assert error["message"] == message, error
    if reason is not None:
        reasons = [
            detail.get("reason")
            for detail in error.get("details", [])
            if detail.get("@type") == "type.googleapis.com/google.rpc.ErrorInfo"
        ]
        assert reason in reasons, f"no ErrorInfo with reason {reason}: {error}"
    return error
