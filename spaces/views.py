"""Pages. Views read the cache and never call Google (DESIGN.md: every Meet call runs in a worker)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "spaces/home.html")
