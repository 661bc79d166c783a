"""Google's JSON error shape, raised anywhere in the emulator and rendered by the WSGI layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PERMISSION_DENIED_SPACE = "Permission denied on resource MeetingSpace (or it might not exist)"


@dataclass
class ApiError(Exception):
    """An error answered as `{"error": {"code", "message", "status", "details"}}`."""

    http_status: int
    status: str
    message: str
    details: list[dict[str, Any]] = field(default_factory=list)

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"code": self.http_status, "message": self.message, "status": self.status}
        if self.details:
            error["details"] = self.details
        return {"error": error}


def invalid_argument(message: str) -> ApiError:
    return ApiError(400, "INVALID_ARGUMENT", message)


def failed_precondition(message: str) -> ApiError:
    return ApiError(400, "FAILED_PRECONDITION", message)


def permission_denied(message: str = PERMISSION_DENIED_SPACE, details: list[dict[str, Any]] | None = None) -> ApiError:
    return ApiError(403, "PERMISSION_DENIED", message, details or [])


def not_found(message: str) -> ApiError:
    return ApiError(404, "NOT_FOUND", message)
