"""A person's time zone: reported once by their browser, changed by them on the preferences page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.time_zones import CHOSEN_SESSION_KEY, is_zone, time_zone_use, zone_names, zone_of


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label="Time zone",
        widget=forms.Select(attrs={"aria-describedby": "time-zone-help"}),
        help_text="Every time in meetadmin is shown in this zone, with its abbreviation (e.g. 14:05 CET).",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(name, name.replace("_", " ")) for name in zone_names()]


@login_required
@require_POST
def time_zone_detect(request: HttpRequest) -> HttpResponse:
    """What the browser says its zone is (static/js/time-zone.js), taken only while the session has none."""
    name = request.POST.get("time_zone", "")
    if not is_zone(name):
        return HttpResponseBadRequest("Not a time zone this server knows.")
    if zone_of(request) is None:
        time_zone_use(request=request, name=name, chosen=False)
    return HttpResponse(status=204)


@login_required
def time_zone_settings(request: HttpRequest) -> HttpResponse:
    current = zone_of(request) or "UTC"
    form = TimeZoneForm(request.POST or None, initial={"time_zone": current})
    if request.method == "POST" and form.is_valid():
        time_zone_use(request=request, name=form.cleaned_data["time_zone"], chosen=True)
        messages.success(request, f"Times are now shown in {form.cleaned_data['time_zone']}.")
        return redirect("preferences:time_zone")
    context = {
        "form": form,
        "current": current,
        "from_browser": not request.session.get(CHOSEN_SESSION_KEY, False),
        "now": timezone.now(),
    }
    return render(request, "accounts/time_zone.html", context, status=422 if request.method == "POST" else 200)
