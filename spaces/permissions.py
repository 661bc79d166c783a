"""The one answer to "may this person do this action on this space, and as which Google identity".

Every view and service asks `decide` (or `get_space_for`). The dashboard checks roles itself before it queues
work, so nobody is shown a button that cannot work and nobody reaches another person's space; Google's answer
still wins when the work runs.

Google's rules that shape the answers (docs/architecture.md, Google's facts):
- only a space's owner may change its settings or end its conference, so staff act as the owner through
  domain-wide delegation, never with an owner's personal grant;
- ending a conference and writing co-hosts need `meetings.space.created`, which reaches only spaces made by
  meetadmin's own Cloud project, by its OAuth client or by a service account of that same project.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from accounts import staff_checks
from accounts.delegation import delegation_config
from accounts.models import GoogleGrant
from accounts.roles import is_helpdesk, is_it_admin
from spaces.models import Operation, Space


class Action(models.TextChoices):
    VIEW = "view", "see"
    EDIT_LABEL = "edit_label", "rename"
    REFRESH = "refresh", "refresh"
    EDIT_SETTINGS = "edit_settings", "change the settings of"
    END_CONFERENCE = "end_conference", "end the conference in"
    MANAGE_MEMBERS = "manage_members", "change the co-hosts of"
    READ_TRANSCRIPT = "read_transcript", "read the transcripts of"


# The Google scope each action's call needs when it runs with a person's own grant.
_OWN_GRANT_SCOPE = {
    Action.REFRESH: ("readonly", "settings", "created"),
    Action.EDIT_SETTINGS: ("settings", "created"),
    Action.END_CONFERENCE: ("created",),
    Action.MANAGE_MEMBERS: ("created",),
}
_NEEDS_SPACE_MADE_HERE = {Action.END_CONFERENCE, Action.MANAGE_MEMBERS}
_STAFF_WRITES = {Action.END_CONFERENCE, Action.EDIT_SETTINGS, Action.MANAGE_MEMBERS}


@dataclass(frozen=True)
class Identity:
    kind: Operation.IdentityKind
    email: str

    def __str__(self) -> str:
        if self.kind == Operation.IdentityKind.DELEGATION:
            return f"{self.email} (through domain-wide delegation)"
        return f"{self.email} (own Google grant)"


@dataclass(frozen=True)
class Decision:
    visible: bool
    allowed: bool
    reason: str = ""
    identity: Identity | None = None

    def __bool__(self) -> bool:
        return self.allowed


HIDDEN = Decision(visible=False, allowed=False)


def is_owner(user: AbstractBaseUser, space: Space) -> bool:
    return bool(space.owner_email) and user.email.lower() == space.owner_email.lower()


def decide(user: AbstractBaseUser, space: Space, action: Action) -> Decision:
    if not user.is_authenticated:
        return HIDDEN
    owner = is_owner(user, space)
    if not (owner or is_helpdesk(user)):
        return HIDDEN
    if action == Action.VIEW:
        return Decision(visible=True, allowed=True)
    if action == Action.READ_TRANSCRIPT:
        # What people said is theirs and the owner's: helpdesk sees that a transcript exists, not what it says.
        if owner or is_it_admin(user):
            return Decision(visible=True, allowed=True)
        return Decision(visible=True, allowed=False, reason="Only the owner and IT admins read transcripts.")
    if action == Action.EDIT_LABEL:
        if owner or is_it_admin(user):
            return Decision(visible=True, allowed=True)
        return Decision(visible=True, allowed=False, reason="Only the owner and IT admins rename spaces.")
    if action in _NEEDS_SPACE_MADE_HERE and not space.made_by_meetadmin:
        if not (owner or space.made_by_checked):
            # Staff looked it up as themselves: Google told them nothing, so "made elsewhere" would be a guess.
            return _unchecked_for_staff(space)
        return Decision(
            visible=True,
            allowed=False,
            reason=(
                "Google lets an app end conferences and change co-hosts only in spaces that the same app "
                "created, and this space was made outside meetadmin. Open the meeting and use Meet's host "
                "controls instead; spaces created in meetadmin can be handled here."
            ),
        )
    if owner:
        return _with_own_grant(user, action)
    if action == Action.EDIT_SETTINGS and not is_it_admin(user):
        return Decision(visible=True, allowed=False, reason="Only the owner and IT admins change settings.")
    if action == Action.MANAGE_MEMBERS and not is_it_admin(user):
        return Decision(visible=True, allowed=False, reason="Only the owner and IT admins change co-hosts.")
    delegated = _with_delegation(space, action)
    if not delegated and action == Action.REFRESH:
        # Anyone may `get` a space; without delegation staff read it as themselves and see the bare space.
        return _with_own_grant(user, action)
    return delegated


def may_act_as_self(user: AbstractBaseUser, *scopes: str) -> Decision:
    """For actions on no particular space yet (create, add by link): the person's own grant with one of `scopes`."""
    grant = _own_grant(user)
    if grant is None or grant.state == GoogleGrant.State.NEEDS_RECONNECT:
        return Decision(visible=True, allowed=False, reason="Reconnect your Google account first.")
    if not any(grant.has_scope(scope) for scope in scopes):
        return Decision(
            visible=True, allowed=False, reason="You declined the Google permission this needs; grant it to go on."
        )
    return Decision(visible=True, allowed=True, identity=Identity(Operation.IdentityKind.OWN_GRANT, user.email))


def identity_for_upkeep(space: Space) -> Identity | None:
    """Who re-reads a space on the beat schedule, with nobody asking: the owner's own grant, else delegation."""
    if not space.owner_known:
        return None
    grant = GoogleGrant.objects.filter(user__email__iexact=space.owner_email, state=GoogleGrant.State.ACTIVE).first()
    if grant is not None:
        return Identity(Operation.IdentityKind.OWN_GRANT, space.owner_email)
    config = delegation_config()
    if config is not None and config.may_act_as(space.owner_email):
        return Identity(Operation.IdentityKind.DELEGATION, space.owner_email)
    return None


def get_space_for(user: AbstractBaseUser, space_name: str, action: Action) -> tuple[Space, Decision]:
    """The space and the decision; 404 for what the person may not see, 403 for what they see but may not do."""
    space = Space.objects.filter(name=space_name).first()
    if space is None:
        raise Http404("No such space in meetadmin.")
    decision = decide(user, space, action)
    if not decision.visible:
        raise Http404("No such space in meetadmin.")
    if not decision.allowed:
        raise PermissionDenied(decision.reason)
    delegated = decision.identity is not None and decision.identity.kind == Operation.IdentityKind.DELEGATION
    if action in _STAFF_WRITES and delegated:
        # Delegation works whatever became of the staff member's own account: Google must have confirmed it lately.
        staff_checks.staff_write_hold(user)
    return space, decision


def _own_grant(user: AbstractBaseUser) -> GoogleGrant | None:
    if not hasattr(user, "_meetadmin_grant"):
        user._meetadmin_grant = GoogleGrant.objects.filter(user=user).first()
    return user._meetadmin_grant


def _with_own_grant(user: AbstractBaseUser, action: Action) -> Decision:
    grant = _own_grant(user)
    if grant is None or grant.state == GoogleGrant.State.NEEDS_RECONNECT:
        return Decision(
            visible=True,
            allowed=False,
            reason="meetadmin can no longer act for you in Google Meet: reconnect your Google account first.",
        )
    if not any(grant.has_scope(scope) for scope in _OWN_GRANT_SCOPE[action]):
        return Decision(
            visible=True,
            allowed=False,
            reason=f"You declined the Google permission needed to {action.label} this space; grant it to go on.",
        )
    return Decision(visible=True, allowed=True, identity=Identity(Operation.IdentityKind.OWN_GRANT, user.email))


def _unchecked_for_staff(space: Space) -> Decision:
    if not space.owner_known:
        return _OWNER_UNKNOWN
    return Decision(
        visible=True,
        allowed=False,
        reason=(
            "meetadmin has not yet read this space as its owner, so it cannot tell whether meetadmin made it (Google "
            "lets an app end conferences only in spaces it created). Refresh from Google to find out."
        ),
    )


_OWNER_UNKNOWN = Decision(
    visible=True,
    allowed=False,
    reason=(
        "meetadmin does not know who owns this space (Google does not say), so it cannot act as the "
        "owner. Ask the owner to add it in meetadmin, or to act in Meet themselves."
    ),
)


def _with_delegation(space: Space, action: Action) -> Decision:
    config = delegation_config()
    if config is None:
        return Decision(
            visible=True,
            allowed=False,
            reason=(
                "Staff act on other people's spaces through domain-wide delegation, which is not configured. "
                "An administrator sets GOOGLE_SERVICE_ACCOUNT_KEY_FILE and GOOGLE_DELEGATION_DOMAIN; meanwhile "
                "ask the owner to do it."
            ),
        )
    if not space.owner_known:
        return _OWNER_UNKNOWN
    if not config.may_act_as(space.owner_email):
        return Decision(
            visible=True,
            allowed=False,
            reason=f"The owner, {space.owner_email}, is outside the delegated domain {config.domain}.",
        )
    if action in _NEEDS_SPACE_MADE_HERE and not config.same_project_as_oauth_client:
        return Decision(
            visible=True,
            allowed=False,
            reason=(
                "The delegation service account belongs to another Google Cloud project than meetadmin's OAuth "
                "client, so Google treats it as another app that may not end this conference."
            ),
        )
    return Decision(visible=True, allowed=True, identity=Identity(Operation.IdentityKind.DELEGATION, space.owner_email))
