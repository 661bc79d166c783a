"""One space: what the cache knows, and the actions this person may take on it (or why not)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from spaces import selectors, services
from spaces.forms import EndConferenceForm, MemberChangeForm, SpaceSettingsForm
from spaces.permissions import Action, decide, get_space_for
from spaces.services.space_settings import NothingToChange


@login_required
def space_detail(request: HttpRequest, space_id: str) -> HttpResponse:
    space, _ = get_space_for(request.user, f"spaces/{space_id}", Action.VIEW)
    return render(request, "spaces/space.html", _space_context(request, space))


def _space_context(request: HttpRequest, space) -> dict:
    return {
        "space": space,
        "can_end": decide(request.user, space, Action.END_CONFERENCE),
        "can_refresh": decide(request.user, space, Action.REFRESH),
        "can_edit": decide(request.user, space, Action.EDIT_SETTINGS),
        "can_manage_members": decide(request.user, space, Action.MANAGE_MEMBERS),
        "member_form": MemberChangeForm(members=space.members),
        "operations": selectors.operations_for_space(space),
        "conferences": selectors.conference_history(space),
        "stale": selectors.spaces_stale([space]),
    }


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


@login_required
def space_settings(request: HttpRequest, space_id: str) -> HttpResponse:
    """The settings form: only what changed is sent, and a change that resets others is confirmed first."""
    space, decision = get_space_for(request.user, f"spaces/{space_id}", Action.EDIT_SETTINGS)
    form = SpaceSettingsForm(request.POST or None, current=space.config or {})
    if request.method == "POST" and form.is_valid():
        try:
            services.space_settings_change(
                space=space, actor=request.user, identity=decision.identity, wanted=form.wanted()
            )
        except NothingToChange as nothing:
            form.add_error(None, str(nothing))
        else:
            return redirect("spaces:space", space_id=space_id)
    status = 422 if request.method == "POST" else 200
    context = {"space": space, "form": form, "identity": decision.identity}
    return render(request, "spaces/space_settings.html", context, status=status)


@login_required
@require_POST
def space_members(request: HttpRequest, space_id: str) -> HttpResponse:
    """Add a co-host by e-mail, or remove one; Google allows it only in spaces meetadmin's project made."""
    space, decision = get_space_for(request.user, f"spaces/{space_id}", Action.MANAGE_MEMBERS)
    form = MemberChangeForm(request.POST, members=space.members)
    if not form.is_valid():
        return render(request, "spaces/space.html", {**_space_context(request, space), "member_form": form}, status=422)
    services.members_change(
        space=space,
        actor=request.user,
        identity=decision.identity,
        add=[form.cleaned_data["add"]] if form.cleaned_data["add"] else [],
        remove=[form.cleaned_data["remove"]] if form.cleaned_data["remove"] else [],
    )
    return redirect("spaces:space", space_id=space_id)
