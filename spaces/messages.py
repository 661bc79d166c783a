"""The one place that turns a failed Meet call into a sentence a person understands."""

from __future__ import annotations

from spaces import meet

GOOGLE_HIDES_MISSING = (
    "Google says this account may not reach that space, or that it does not exist (Google never says which)."
)


def describe_failure(error: Exception) -> str:
    if isinstance(error, meet.MeetReauthRequired):
        return (
            "Google no longer accepts meetadmin's sign-in for this person (revoked, password changed or expired). "
            "They must reconnect their Google account in meetadmin; nothing was changed."
        )
    if isinstance(error, meet.MeetDelegationDenied):
        return (
            "Google refused domain-wide delegation for this person: the Workspace admin has not granted "
            "meetadmin's service account these Meet scopes, or the person is outside the delegated domain."
        )
    if isinstance(error, meet.MeetScopeInsufficient):
        return (
            "The Google permission this needs was not granted (it can be unticked on Google's consent screen). "
            "Reconnect Google and allow it."
        )
    if isinstance(error, meet.MeetPermissionDenied):
        return GOOGLE_HIDES_MISSING
    if isinstance(error, meet.MeetUnauthenticated):
        return "Google did not accept the access token; meetadmin will ask for a new one on the next try."
    if isinstance(error, meet.MeetInvalidArgument):
        return f"Google rejected the request as invalid: {error.message}"
    if isinstance(error, meet.MeetFailedPrecondition):
        return f"Google says the space is not in a state that allows this: {error.message}"
    if isinstance(error, meet.MeetNotFound):
        return "Google says that no longer exists."
    if isinstance(error, meet.MeetResourceExhausted):
        return "Google's quota was used up, and retries did not get through in time. Try again in a few minutes."
    if isinstance(error, meet.MeetTransportError):
        return "Google could not be reached, even after several tries. Try again in a few minutes."
    if isinstance(error, meet.RetryableMeetError):
        return "Google had trouble answering, even after several tries. Try again in a few minutes."
    if isinstance(error, meet.MeetCredentialsError):
        return f"meetadmin could not get access to Google for this person: {error}"
    if isinstance(error, meet.MeetError):
        return f"Google refused: {error.message}"
    return "meetadmin hit an unexpected problem and stopped; nothing more was sent to Google. The team is told."
