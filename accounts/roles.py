"""The dashboard's roles. Everyone signed in is an owner of their own spaces; helpdesk and IT admin are groups."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import models

from accounts.session_limits import sessions_end


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


def role_grant(*, user: AbstractBaseUser, role: Role) -> None:
    # get_or_create: the data migration makes the groups, but a flushed test database has none.
    user.groups.add(Group.objects.get_or_create(name=GROUP_NAMES[role])[0])
    user.__dict__.pop("_meetadmin_roles", None)


def role_revoke(*, user: AbstractBaseUser, role: Role) -> None:
    """The person's open sessions end too: a page already open must not keep powers the role gave."""
    user.groups.remove(Group.objects.get(name=GROUP_NAMES[role]))
    user.__dict__.pop("_meetadmin_roles", None)
    sessions_end(user_ids=[user.pk], reason=f"Your {role.label} role was taken away, so your session was ended.")
