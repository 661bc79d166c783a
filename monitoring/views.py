"""The IT admins' status page: is the machinery behind the dashboard healthy, and what failed lately."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.roles import is_it_admin
from monitoring import heartbeats
from monitoring.system_status import system_status


@login_required
@require_GET
def status_page(request: HttpRequest) -> HttpResponse:
    if not is_it_admin(request.user):
        raise PermissionDenied("Only IT admins see the system status.")
    context = system_status()
    beat_seen = context["beat_seen_at"]
    context["beat_fresh"] = beat_seen.error == "" and heartbeats.beat_is_fresh(beat_seen.value)
    return render(request, "monitoring/status.html", context)
