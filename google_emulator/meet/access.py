"""Who may reach what: scopes, "the app" (the Cloud project), and meeting roles, as Google decides them."""

from __future__ import annotations

from typing import Any

from google_emulator.core.errors import ApiError, permission_denied
from google_emulator.core.world import Caller
from google_emulator.meet.discovery import SCOPE_CREATED, Method
from google_emulator.meet.spaces import SpaceRecord

GRPC_SERVICE = {"spaces": "SpacesService", "conferenceRecords": "ConferenceRecordsService"}
_SINGULAR = {
    "spaces": "Space",
    "members": "Member",
    "conferenceRecords": "ConferenceRecord",
    "participants": "Participant",
    "participantSessions": "ParticipantSession",
    "recordings": "Recording",
    "transcripts": "Transcript",
    "smartNotes": "SmartNote",
    "entries": "TranscriptEntry",
}
_PLURAL = {
    "spaces": "Spaces",
    "members": "Members",
    "conferenceRecords": "ConferenceRecords",
    "participants": "Participants",
    "participantSessions": "ParticipantSessions",
    "recordings": "Recordings",
    "transcripts": "Transcripts",
    "smartNotes": "SmartNotes",
    "entries": "TranscriptEntries",
}
_VERBS = {
    "get": "Get",
    "create": "Create",
    "patch": "Update",
    "delete": "Delete",
    "list": "List",
    "batchUpdate": "BatchUpdate",
}


def grpc_method(method: Method) -> str:
    """Google's name for the method in ErrorInfo metadata, e.g. google.apps.meet.v2.SpacesService.GetSpace."""
    parts = method.id.split(".")
    collection, verb = parts[-2], parts[-1]
    if verb == "endActiveConference":
        name = "EndActiveConference"
    elif verb in ("list", "batchUpdate"):
        name = _VERBS[verb] + _PLURAL[collection]
    else:
        name = _VERBS[verb] + _SINGULAR[collection]
    return f"google.apps.meet.v2.{GRPC_SERVICE[parts[1]]}.{name}"


def unauthenticated(method: Method, reason: str) -> ApiError:
    if reason == "CREDENTIALS_MISSING":
        message = (
            "Request is missing required authentication credential. Expected OAuth 2 access token, login "
            "cookie or other valid authentication credential. See "
            "https://developers.google.com/identity/sign-in/web/devconsole-project."
        )
    else:
        message = (
            "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
            "or other valid authentication credential. See "
            "https://developers.google.com/identity/sign-in/web/devconsole-project."
        )
    return ApiError(401, "UNAUTHENTICATED", message, [_error_info(method, reason)])


def _error_info(method: Method, reason: str) -> dict[str, Any]:
    return {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": reason,
        "domain": "googleapis.com",
        "metadata": {"service": "meet.googleapis.com", "method": grpc_method(method)},
    }


def applicable_scopes(caller: Caller, method: Method) -> set[str]:
    return set(method.scopes) & caller.scopes


def check_scopes(caller: Caller, method: Method) -> None:
    if not applicable_scopes(caller, method):
        raise ApiError(
            403,
            "PERMISSION_DENIED",
            "Request had insufficient authentication scopes.",
            [_error_info(method, "ACCESS_TOKEN_SCOPE_INSUFFICIENT")],
        )


def check_signed_in(caller: Caller) -> None:
    # Meet REST API calls act for a person: a service account's own token (no delegation subject) owns nothing.
    # Google's words for it, on every method (googleapis/google-cloud-php#7257, on spaces.create): the resource is
    # "Space" here, where a space one may not reach is "MeetingSpace".
    if caller.user is None:
        raise permission_denied("Permission denied on resource Space (or it might not exist)")


def app_only(caller: Caller, method: Method) -> bool:
    """True when `meetings.space.created` is the only granted scope that applies: the caller is "the app"."""
    return applicable_scopes(caller, method) == {SCOPE_CREATED}


def reaches(caller: Caller, method: Method, space: SpaceRecord) -> bool:
    return not app_only(caller, method) or space.project == caller.project


def is_owner(caller: Caller, space: SpaceRecord) -> bool:
    return caller.user is not None and caller.user.email.lower() == space.owner.lower()
