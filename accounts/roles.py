"""The dashboard's roles. Everyone signed in is an owner of their own spaces; helpdesk and IT admin are groups.

Every grant and revoke that changes something is an Operation of its own (ROLE_GRANT, ROLE_REVOKE): who, on whom,
the roles before and after, in the audit trail with every change made to Google.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import models, transaction
from django.utils import timezone

from accounts.session_limits import sessions_end
from meetadmin.request_id import current_request_id
from spaces.models import Operation


class Role(models.TextChoices):
    HELPDESK = "helpdesk", "Helpdesk"
    IT_ADMIN = "it_admin", "IT admin"


GROUP_NAMES = {Role.HELPDESK: "Helpdesk", Role.IT_ADMIN: "IT admin"}


def roles_of(user: AbstractBaseUser) -> frozenset[Role]:
    """Cached on the user object, because every permission check of a request asks."""
    cached = getattr(user, "_meetadmin_roles", None)
    if cached is None:
        if not user.is_authenticated:
            cached = frozenset()
        else:
            names = set(user.groups.values_list("name", flat=True))
            cached = frozenset(role for role, group in GROUP_NAMES.items() if group in names)
        user._meetadmin_roles = cached
    return cached


def is_helpdesk(user: AbstractBaseUser) -> bool:
    roles = roles_of(user)
    return Role.HELPDESK in roles or Role.IT_ADMIN in roles


def is_it_admin(user: AbstractBaseUser) -> bool:
    return Role.IT_ADMIN in roles_of(user)


def role_grant(*, user: AbstractBaseUser, role: Role, actor: AbstractBaseUser | None = None, reason: str = "") -> bool:
    """Gives `user` the role; a change is one audit row naming `actor` (None: meetadmin itself, e.g. the command
    line or INITIAL_IT_ADMINS). Returns whether anything changed."""
    # get_or_create: the data migration makes the groups, but a flushed test database has none.
    group = Group.objects.get_or_create(name=GROUP_NAMES[role])[0]
    return _role_change(user, role, Operation.Kind.ROLE_GRANT, lambda: user.groups.add(group), actor, reason)


def role_revoke(*, user: AbstractBaseUser, role: Role, actor: AbstractBaseUser | None = None, reason: str = "") -> bool:
    """The person's open sessions end too: a page already open must not keep powers the role gave."""
    group = Group.objects.get_or_create(name=GROUP_NAMES[role])[0]
    changed = _role_change(user, role, Operation.Kind.ROLE_REVOKE, lambda: user.groups.remove(group), actor, reason)
    sessions_end(user_ids=[user.pk], reason=f"Your {role.label} role was taken away, so your session was ended.")
    return changed


def _role_change(
    user: AbstractBaseUser,
    role: Role,
    kind: str,
    change: Callable[[], None],
    actor: AbstractBaseUser | None,
    reason: str,
) -> bool:
    with transaction.atomic():
        user.__dict__.pop("_meetadmin_roles", None)
        before = roles_of(user)
        change()
        user.__dict__.pop("_meetadmin_roles", None)
        after = roles_of(user)
        if before == after:
            return False
        now = timezone.now()
        done = "is now" if kind == Operation.Kind.ROLE_GRANT else "is no longer"
        Operation.objects.create(
            kind=kind,
            state=Operation.State.SUCCEEDED,
            actor=actor,
            identity_kind=Operation.IdentityKind.NONE,
            identity_email="",
            target=user.email,
            params={"role": role.value, "user_id": user.pk},
            reason=reason,
            config_before={"roles": sorted(before)},
            config_after={"roles": sorted(after)},
            result_message=f"{user.email} {done} {role.label}.",
            request_id=current_request_id(),
            started_at=now,
            finished_at=now,
        )
    return True
