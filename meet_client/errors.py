"""Typed errors: every failure of a Meet call is a `MeetError`; the retryable ones are `RetryableMeetError`.

The client never retries; workers do (`autoretry_for=(RetryableMeetError,)`). Google's advice is to retry only
429, 500, 503, 504 and transport failures, with backoff; `spaces.create` must not be retried blindly, which is
why each error also carries the method id that failed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

RETRYABLE_HTTP_STATUSES = frozenset({429, 500, 503, 504})
SCOPE_INSUFFICIENT_REASON = "ACCESS_TOKEN_SCOPE_INSUFFICIENT"
_ERROR_INFO = "type.googleapis.com/google.rpc.ErrorInfo"
_RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo"


class MeetError(Exception):
    """A Meet call failed. `http_status` is None when no HTTP answer arrived (transport, credentials)."""

    retryable_by_default = False

    def __init__(
        self,
        message: str,
        *,
        http_status: int | None = None,
        status: str | None = None,
        details: Sequence[Mapping[str, Any]] = (),
        method: str | None = None,
        resource: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.http_status = http_status
        self.status = status
        self.details = tuple(details)
        self.method = method
        self.resource = resource

    @property
    def retryable(self) -> bool:
        return self.retryable_by_default or self.http_status in RETRYABLE_HTTP_STATUSES

    @property
    def reasons(self) -> tuple[str, ...]:
        """The `reason` of every `ErrorInfo` detail, e.g. `ACCESS_TOKEN_SCOPE_INSUFFICIENT`."""
        return tuple(str(detail.get("reason")) for detail in self.details if detail.get("@type") == _ERROR_INFO)

    def __str__(self) -> str:
        where = " ".join(part for part in (self.method, self.resource) if part)
        status = " ".join(str(part) for part in (self.http_status, self.status) if part)
        prefix = ", ".join(part for part in (where, status) if part)
        return f"{prefix}: {self.message}" if prefix else self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Celery pickles errors between worker and result backend; keep status, details and method, not only text.
        return (type(self), (self.message,), self.__dict__)


class RetryableMeetError(MeetError):
    """Worth retrying later with backoff (quota, Google-side trouble, network)."""

    retryable_by_default = True


class MeetInvalidArgument(MeetError):
    """400 INVALID_ARGUMENT: a bad name, mask, filter, page token or enum value."""


class MeetFailedPrecondition(MeetError):
    """400 FAILED_PRECONDITION, e.g. `endActiveConference` when no conference is running."""


class MeetUnauthenticated(MeetError):
    """401 UNAUTHENTICATED: missing, expired or revoked access token (after google-auth tried a refresh)."""


class MeetPermissionDenied(MeetError):
    """403 PERMISSION_DENIED. For spaces Google does not tell "missing" from "forbidden"; neither do we."""


class MeetScopeInsufficient(MeetPermissionDenied):
    """403 because the token lacks every scope the method accepts: the person must grant more, not retry."""


class MeetNotFound(MeetError):
    """404 NOT_FOUND (conference records and their children; spaces answer 403 instead)."""


class MeetAlreadyExists(MeetError):
    """409 ALREADY_EXISTS, e.g. a member that is already there."""


class MeetAborted(MeetError):
    """409 ABORTED: a concurrency conflict."""


class MeetResourceExhausted(RetryableMeetError):
    """429 RESOURCE_EXHAUSTED: quota. `retry_delay` is Google's RetryInfo hint when it gave one."""

    @property
    def retry_delay(self) -> timedelta | None:
        for detail in self.details:
            if detail.get("@type") == _RETRY_INFO:
                return parse_duration(detail.get("retryDelay"))
        return None


class MeetInternal(RetryableMeetError):
    """500 INTERNAL."""


class MeetUnavailable(RetryableMeetError):
    """503 UNAVAILABLE."""


class MeetDeadlineExceeded(RetryableMeetError):
    """504 DEADLINE_EXCEEDED."""


class MeetTransportError(RetryableMeetError):
    """No usable HTTP answer: connection refused, DNS, TLS, or the read timeout passed."""


class MeetCredentialsError(MeetError):
    """The identity could not get an access token (other than a revoked grant or a refused delegation)."""


class MeetReauthRequired(MeetCredentialsError):
    """Google answered the token refresh with `invalid_grant`: the person must sign in to meetadmin again."""


class MeetGrantOfAnotherClient(MeetReauthRequired):
    """Google answered a person's refresh with `unauthorized_client`: the grant was given to another OAuth client
    (meetadmin's client id changed since), so only a new consent to the current app helps."""


class MeetTokenEndpointUnavailable(RetryableMeetError, MeetCredentialsError):
    """The token endpoint failed in a way google-auth calls temporary (5xx); worth retrying later."""


class MeetDelegationDenied(MeetCredentialsError):
    """The service account may not impersonate this user (no domain-wide delegation for these scopes)."""


class MeetDelegatedUserUnknown(MeetCredentialsError):
    """Google knows no user by the address delegation acts as: deleted (a departed owner), renamed, or a typo."""


class MeetServiceAccountRefused(MeetCredentialsError):
    """Google refused the service account's own request (its key, its clock, its scopes, or a policy).

    `problem` is one of the `PROBLEM_*` names below; no person's reconnect can fix any of them.
    """

    PROBLEM_CLOCK = "clock"
    PROBLEM_KEY = "key"
    PROBLEM_SCOPE = "scope"
    PROBLEM_DISABLED = "disabled"
    PROBLEM_POLICY = "policy"
    PROBLEM_CLIENT = "client"

    def __init__(self, message: str, *, problem: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.problem = problem


ERRORS_BY_STATUS: Mapping[str, type[MeetError]] = {
    "INVALID_ARGUMENT": MeetInvalidArgument,
    "FAILED_PRECONDITION": MeetFailedPrecondition,
    "UNAUTHENTICATED": MeetUnauthenticated,
    "PERMISSION_DENIED": MeetPermissionDenied,
    "NOT_FOUND": MeetNotFound,
    "ALREADY_EXISTS": MeetAlreadyExists,
    "ABORTED": MeetAborted,
    "RESOURCE_EXHAUSTED": MeetResourceExhausted,
    "INTERNAL": MeetInternal,
    "UNAVAILABLE": MeetUnavailable,
    "DEADLINE_EXCEEDED": MeetDeadlineExceeded,
}

# When the body is not Google's JSON error (a proxy's HTML page, say), the HTTP status still tells the kind.
_STATUS_BY_HTTP = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


def error_from_response(
    http_status: int, body: Any, *, method: str | None = None, resource: str | None = None
) -> MeetError:
    """Google's `{"error": {"code", "message", "status", "details"}}` as the matching typed error."""
    error = body.get("error") if isinstance(body, Mapping) else None
    if isinstance(error, Mapping):
        status = error.get("status") or _STATUS_BY_HTTP.get(http_status)
        message = str(error.get("message") or f"HTTP {http_status}")
        details = [detail for detail in error.get("details") or () if isinstance(detail, Mapping)]
    else:
        status = _STATUS_BY_HTTP.get(http_status)
        message = f"HTTP {http_status} without Google's error body"
        details = []
    error_class = ERRORS_BY_STATUS.get(status or "", MeetError)
    if error_class is MeetPermissionDenied and any(
        detail.get("@type") == _ERROR_INFO and detail.get("reason") == SCOPE_INSUFFICIENT_REASON for detail in details
    ):
        error_class = MeetScopeInsufficient
    if error_class is MeetError and http_status in RETRYABLE_HTTP_STATUSES:
        error_class = RetryableMeetError
    return error_class(
        message, http_status=http_status, status=status, details=details, method=method, resource=resource
    )


_DURATION = re.compile(r"(-?\d+(?:\.\d+)?)s")


def parse_duration(text: Any) -> timedelta | None:
    """protobuf Duration in JSON (`"1.5s"`), or None when absent or malformed."""
    if isinstance(text, Mapping):  # some encoders spell it {"seconds": 1, "nanos": 5e8}
        return timedelta(seconds=float(text.get("seconds", 0)) + float(text.get("nanos", 0)) / 1e9)
    match = _DURATION.fullmatch(text) if isinstance(text, str) else None
    return timedelta(seconds=float(match.group(1))) if match else None
