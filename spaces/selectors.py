"""Reads for pages: the cache only, never Google, and a constant number of queries however many spaces."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from spaces.models import Operation, Space


def spaces_owned_by(user: AbstractBaseUser) -> QuerySet[Space]:
    return Space.objects.filter(owner_email=user.email.lower()).order_by("label", "meeting_code", "name")


def operations_recent_for(user: AbstractBaseUser, limit: int = 10) -> list[Operation]:
    return list(Operation.objects.filter(actor=user).select_related("space").order_by("-created_at")[:limit])
