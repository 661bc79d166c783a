"""Injected failures: answer the next calls of a method with an error, or slowly, as a flaky Google would."""

from __future__ import annotations

from dataclasses import dataclass

from google_emulator.core.errors import ApiError

# Google's canonical status for each HTTP status it uses, with the message it typically sends.
STATUS_FOR_HTTP: dict[int, tuple[str, str]] = {
    400: ("INVALID_ARGUMENT", "Request contains an invalid argument."),
    401: ("UNAUTHENTICATED", "Request had invalid authentication credentials."),
    403: ("PERMISSION_DENIED", "The caller does not have permission"),
    404: ("NOT_FOUND", "Requested entity was not found."),
    409: ("ABORTED", "The operation was aborted."),
    429: ("RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota)."),
    499: ("CANCELLED", "The operation was cancelled."),
    500: ("INTERNAL", "Internal error encountered."),
    501: ("NOT_IMPLEMENTED", "Operation is not implemented, or supported, or enabled."),
    502: ("UNAVAILABLE", "Bad gateway."),
    503: ("UNAVAILABLE", "The service is currently unavailable."),
    504: ("DEADLINE_EXCEEDED", "Deadline expired before operation could complete."),
}


@dataclass
class Fault:
    method: str
    status: int | None
    remaining: int
    delay: float | None

    def error(self) -> ApiError | None:
        if self.status is None:
            return None
        status, message = STATUS_FOR_HTTP.get(self.status, ("UNKNOWN", "Unknown error."))
        return ApiError(self.status, status, message)

    def public(self) -> dict[str, object]:
        return {"method": self.method, "status": self.status, "count": self.remaining, "delay": self.delay}


class Faults:
    def __init__(self) -> None:
        self.pending: list[Fault] = []

    def add(self, method: str, status: int | None, count: int, delay: float | None) -> Fault:
        if status is not None and status not in STATUS_FOR_HTTP:
            raise ValueError(f"unsupported status {status}; use one of {sorted(STATUS_FOR_HTTP)}")
        fault = Fault(method, status, count, delay)
        self.pending.append(fault)
        return fault

    def take(self, method: str) -> Fault | None:
        """The fault for this call, if any, counting it down."""
        for fault in self.pending:
            # "*" means every Meet method; the OAuth endpoints fail only when named (`oauth2.token`).
            matches = fault.method == method or (fault.method == "*" and method.startswith("meet."))
            if matches and fault.remaining > 0:
                fault.remaining -= 1
                if fault.remaining == 0:
                    self.pending.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        self.pending.clear()
