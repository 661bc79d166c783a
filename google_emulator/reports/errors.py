"""The Admin SDK's error bodies: Google's classic JSON error, with an `errors` list beside `code` and `message`.

`{"error": {"code", "message", "errors": [{"message", "domain", "reason", "location"?, "locationType"?}],
"status"}}`: the shape Google's discovery-based APIs answer (the Reports API's refusals quoted in
docs/emulator.md, "The Reports API", carry `errors[].reason` such as `authError`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from google_emulator.core.errors import ApiError

NOT_AN_ADMIN = "Access denied. You are not authorized to read activity records."
START_AFTER_END = "Invalid request: Start time is after end time."


@dataclass
class ReportsError(ApiError):
    errors: list[dict[str, str]] = field(default_factory=list)

    def body(self) -> dict[str, Any]:
        body = super().body()
        body["error"]["errors"] = self.errors
        return body


def _error(http_status: int, status: str, message: str, reason: str, **where: str) -> ReportsError:
    item = {"message": message, "domain": "global", "reason": reason, **where}
    return ReportsError(http_status, status, message, errors=[item])


def login_required() -> ReportsError:
    return _error(
        401,
        "UNAUTHENTICATED",
        "Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or "
        "other valid authentication credential. See https://developers.google.com/identity/sign-in/web/"
        "devconsole-project.",
        "required",
        location="Authorization",
        locationType="header",
    )


def invalid_credentials() -> ReportsError:
    error = _error(
        401, "UNAUTHENTICATED", "Invalid Credentials", "authError", location="Authorization", locationType="header"
    )
    error.message = (
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other "
        "valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project."
    )
    return error


def insufficient_scopes() -> ReportsError:
    error = _error(403, "PERMISSION_DENIED", "Insufficient Permission", "insufficientPermissions")
    error.message = "Request had insufficient authentication scopes."
    return error


def not_an_admin() -> ReportsError:
    return _error(401, "UNAUTHENTICATED", NOT_AN_ADMIN, "authError", location="Authorization", locationType="header")


def bad_request(message: str, parameter: str | None = None) -> ReportsError:
    where = {"location": parameter, "locationType": "parameter"} if parameter else {}
    return _error(400, "INVALID_ARGUMENT", message, "invalid" if parameter is None else "invalidParameter", **where)


def invalid_pattern(parameter: str, value: str, pattern: str) -> ReportsError:
    return bad_request(
        f"Invalid value '{value}'. Values must match the following regular expression: '{pattern}'", parameter
    )


def out_of_range(parameter: str, value: str, minimum: int, maximum: int) -> ReportsError:
    return bad_request(f"Invalid value '{value}'. Values must be within the range: [{minimum}, {maximum}]", parameter)


def user_not_found() -> ReportsError:
    return _error(404, "NOT_FOUND", "Resource Not Found: userKey", "notFound")


def quota_exceeded(limit_name: str, limit: int, project_number: str) -> ReportsError:
    message = (
        f"Quota exceeded for quota metric 'Queries' and limit '{limit_name}' of service 'admin.googleapis.com' "
        f"for consumer 'project_number:{project_number}'."
    )
    error = _error(503, "UNAVAILABLE", message, "rateLimitExceeded")
    error.errors[0]["domain"] = "usageLimits"
    error.details = [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "RATE_LIMIT_EXCEEDED",
            "domain": "googleapis.com",
            "metadata": {
                "service": "admin.googleapis.com",
                "consumer": f"projects/{project_number}",
                "quota_limit_value": str(limit),
            },
        }
    ]
    return error
