"""Pages. Views read the cache and never call Google (DESIGN.md: every Meet call runs in a worker)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import GoogleGrant
from accounts.roles import roles_of


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "spaces/welcome.html")
    grant = GoogleGrant.objects.filter(user=request.user).first()
    return render(request, "spaces/home.html", {"grant": grant, "roles": roles_of(request.user)})
