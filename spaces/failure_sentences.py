"""The one place that turns a failed Meet call into a sentence a person understands."""

from __future__ import annotations

import meet_client as meet

GOOGLE_HIDES_MISSING = (
    "Google says this account may not reach that space, or that it does not exist (Google never says which)."
)


_SERVICE_ACCOUNT_PROBLEMS = {
    meet.MeetServiceAccountRefused.PROBLEM_CLOCK: (
        "Google refused meetadmin's service account because this server's clock is wrong (its signed request did "
        "not look current). Nothing was changed; the server's time must be set right (NTP)."
    ),
    meet.MeetServiceAccountRefused.PROBLEM_KEY: (
        "Google refused meetadmin's service-account key: it was deleted, disabled or has expired, or it is not "
        "this account's key. Nothing was changed; an administrator must install a valid key."
    ),
    meet.MeetServiceAccountRefused.PROBLEM_SCOPE: (
        "Google does not know a permission meetadmin's service account asked for. Nothing was changed; this is a "
        "meetadmin configuration problem."
    ),
    meet.MeetServiceAccountRefused.PROBLEM_DISABLED: (
        "Google says meetadmin's service account or its key is disabled. Nothing was changed; an administrator "
        "must enable it in the Google Cloud console or install a new key."
    ),
    meet.MeetServiceAccountRefused.PROBLEM_POLICY: (
        "The Workspace administrator's policy does not let meetadmin have these Meet permissions for this "
        "person. Nothing was changed."
    ),
    meet.MeetServiceAccountRefused.PROBLEM_CLIENT: (
        "Google does not accept meetadmin's service account as a client (an invalid key, or one restricted to "
        "another organisation). Nothing was changed; check the key meetadmin is configured with."
    ),
}


def describe_failure(error: Exception, *, identity_email: str = "") -> str:
    """`identity_email` is the Google account the call ran as, for the failures that are about that person."""
    if isinstance(error, meet.MeetGrantOfAnotherClient):
        return (
            "Google no longer accepts this person's sign-in: it was given to meetadmin's earlier Google app "
            "registration (its OAuth client changed since). They must reconnect their Google account in "
            "meetadmin; nothing was changed."
        )
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
    if isinstance(error, meet.MeetDelegatedUserUnknown):
        who = identity_email or "the space's owner"
        return (
            f"Google has no user {who} any more: the space's owner has probably left the organisation (their "
            "account was deleted) or their address changed. meetadmin cannot act as them, and nothing was changed; "
            "an IT admin can check the address in the Google Admin console."
        )
    if isinstance(error, meet.MeetServiceAccountRefused):
        return _SERVICE_ACCOUNT_PROBLEMS.get(error.problem, f"Google refused meetadmin's service account: {error}")
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
