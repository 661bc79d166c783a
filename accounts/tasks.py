"""Beat's staff re-check (accounts/staff_checks.py): thin tasks, one Google token refresh per staff member."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model

from accounts.staff_checks import RECHECK_STAFF_MEMBER, staff_members, staff_recheck


@shared_task
def recheck_staff() -> int:
    """Queues one re-check per helpdesk and IT admin, so one slow answer from Google holds up nobody else's."""
    people = list(staff_members().values_list("pk", flat=True))
    for user_id in people:
        recheck_staff_member.delay(user_id)
    return len(people)


@shared_task(name=RECHECK_STAFF_MEMBER)
def recheck_staff_member(user_id: int) -> str:
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    return staff_recheck(user=user) if user is not None else "no such person"
