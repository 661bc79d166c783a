"""One space: what the cache knows, and the actions this person may take on it (or why not)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from spaces import selectors, services
from spaces.forms import EndConferenceForm
from spaces.permissions import Action, decide, get_space_for


@login_required
def space_detail(request: HttpRequest, space_id: str) -> HttpResponse:
    space, _ = get_space_for(request.user, f"spaces/{space_id}", Action.VIEW)
    services.spaces_refresh_stale(spaces=[space], viewer=request.user)
    context = {
        "space": space,
        "can_end": decide(request.user, space, Action.END_CONFERENCE),
        "can_refresh": decide(request.user, space, Action.REFRESH),
        "can_edit": decide(request.user, space, Action.EDIT_SETTINGS),
        "operations": selectors.operations_for_space(space),
        "conferences": selectors.conference_history(space),
    }
    return render(request, "spaces/space.html", context)


@login_required
@require_POST
def space_refresh(request: HttpRequest, space_id: str) -> HttpResponse:
    space, decision = get_space_for(request.user, f"spaces/{space_id}", Action.REFRESH)
    services.space_refresh(space=space, identity=decision.identity, actor=request.user)
    return redirect("spaces:space", space_id=space_id)


@login_required
def conference_end(request: HttpRequest, space_id: str) -> HttpResponse:
    """GET: the confirmation (who is in the call, a reason); POST: end it for everyone."""
    space, decision = get_space_for(request.user, f"spaces/{space_id}", Action.END_CONFERENCE)
    reason_required = not space.owner_email or space.owner_email != request.user.email.lower()
    form = EndConferenceForm(request.POST or None, reason_required=reason_required)
    if request.method == "POST" and form.is_valid():
        services.conference_end(
            space=space, actor=request.user, identity=decision.identity, reason=form.cleaned_data["reason"]
        )
        return redirect("spaces:space", space_id=space_id)
    status = 422 if request.method == "POST" else 200
    context = {
        "space": space,
        "form": form,
        "identity": decision.identity,
        "participants": selectors.participants_in_call(space),
    }
    return render(request, "spaces/end_confirm.html", context, status=status)
