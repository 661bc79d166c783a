"""One space: what the cache knows, and the actions this person may take on it (or why not)."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST, require_safe

from accounts.idle_sessions import background_poll
from meet_client import space_name_of
from spaces import selectors, services
from spaces.forms import EndConferenceForm, MemberChangeForm, SpaceSettingsForm
from spaces.models import Operation
from spaces.permissions import Action, decide, get_space_for
from spaces.services.space_settings import NothingToChange, SettingsMoved
from spaces.setting_words import setting_name

# The page's parts that come along out of band (each a partial of spaces/space.html with an id of its own).
OOB_PARTS = ("space-facts", "space-settings", "space-cohosts", "space-history", "space-operations")


@login_required
@require_safe
def space_detail(request: HttpRequest, space_id: str) -> HttpResponse:
    space, _ = get_space_for(request.user, space_name_of(space_id), Action.VIEW)
    followed = selectors.operation_followed(request.user, request.GET.get("operation"), space)
    context = {**_space_context(request, space), "followed": followed}
    again = _failed_before(request, space, Operation.Kind.MEMBERS)
    if again is not None and again.params.get("add"):
        # "Try again" after a failed change of co-hosts: the address they typed, not an empty box.
        context["member_form"] = MemberChangeForm(members=space.members, initial={"add": again.params["add"][0]})
    return render(request, "spaces/space.html", context)


def _failed_before(request: HttpRequest, space, kind: str) -> Operation | None:
    """The person's own failed action of this kind on this space that "Try again" (spaces/_outcome.html) names."""
    operation = selectors.operation_followed(request.user, request.GET.get("again"), space)
    if operation is None or operation.kind != kind or operation.state != Operation.State.FAILED:
        return None
    return operation


def space_parts(request: HttpRequest, space) -> str:
    """Every part of a space's page an action can change, as htmx out-of-band swaps: the live call's poll sends them
    when something moved, and the outcome line sends them with the settled outcome, so the page below never
    contradicts it ("Done" above a call still shown live, or above the old settings)."""
    context = _space_context(request, space)
    live = render_to_string("spaces/space.html#live-conference", {**context, "announce": False}, request)
    return f'<div hx-swap-oob="innerHTML:#live-conference">{live}</div>' + _oob_parts(request, context)


def _oob_parts(request: HttpRequest, context: dict) -> str:
    return "".join(
        render_to_string(f"spaces/space.html#{part}", {**context, "oob": True}, request) for part in OOB_PARTS
    )


@background_poll
@login_required
@require_GET
def space_live(request: HttpRequest, space_id: str) -> HttpResponse:
    """The live call on a space's page, polled by htmx while the page is open; reads the cache only.

    Answers 204 (nothing swapped, nothing announced) while the call looks as the browser's copy does; the poll keeps
    the cache current through `space_refresh_watched`, at most one Google read per LIVE_REFRESH_SECONDS per space.
    When an action settles, the sections it changed (settings, co-hosts, past conferences, the actions list) come
    along out of band, so the page never shows "Done" above the old values, nor a call that just ended as "(live)";
    only a change in the call itself is announced.
    """
    space, _ = get_space_for(request.user, space_name_of(space_id), Action.VIEW)
    services.space_refresh_watched(space=space, viewer=request.user)
    seen = request.GET.get("seen", "")
    live_context = _live_context(request, space)
    if seen == live_context["live_seen"]:
        return HttpResponse(status=204)
    context = _space_context(request, space, live=live_context)
    call_changed = seen.partition(".")[0] != context["live_seen"].partition(".")[0]
    live = render_to_string("spaces/space.html#live-conference", {**context, "announce": call_changed}, request)
    return HttpResponse(live + _oob_parts(request, context))


def _live_context(request: HttpRequest, space) -> dict:
    """What the live part shows, and a short fingerprint of it (the browser sends it back as `seen`): the call's part
    before the dot, the rest of what an action can change after it."""
    can_end = decide(request.user, space, Action.END_CONFERENCE)
    participants = selectors.participants_in_call(space)
    operations = selectors.operations_for_space(space)
    call = [space.active_conference, str(space.active_participant_count), str(bool(can_end))]
    call += sorted(f"{participant.pk}={participant.display_name}" for participant in participants)
    rest = [f"{operation.pk}:{operation.state}" for operation in operations]
    rest += [json.dumps(space.config, sort_keys=True), json.dumps(space.members, sort_keys=True)]
    rest += [f"{pk}:{end}" for pk, end in selectors.conference_history_ends(space)]
    return {
        "live_poll_seconds": settings.LIVE_POLL_SECONDS,
        "can_end": can_end,
        "participants": participants,
        "operations": operations,
        "live_seen": f"{_fingerprint(call)}.{_fingerprint(rest)}",
    }


def _fingerprint(looks: list[str]) -> str:
    return hashlib.sha256("|".join(looks).encode()).hexdigest()[:16]


def _followed(space_id: str, operation) -> HttpResponse:
    """Back to the space's page, which follows the action just queued and puts the focus on its outcome."""
    return redirect(reverse("spaces:space", args=[space_id]) + f"?operation={operation.pk}")


def _space_context(request: HttpRequest, space, *, live: dict | None = None) -> dict:
    """`live`: the live part's context when the caller has read it already (the poll compares it first)."""
    return {
        "space": space,
        **(live if live is not None else _live_context(request, space)),
        "can_refresh": decide(request.user, space, Action.REFRESH),
        "can_edit": decide(request.user, space, Action.EDIT_SETTINGS),
        "can_manage_members": decide(request.user, space, Action.MANAGE_MEMBERS),
        "can_read_transcripts": decide(request.user, space, Action.READ_TRANSCRIPT),
        "member_form": MemberChangeForm(members=space.members),
        "conferences": selectors.conference_history(space),
        "stale": selectors.spaces_stale([space]),
    }


@login_required
@require_POST
def space_refresh(request: HttpRequest, space_id: str) -> HttpResponse:
    space, decision = get_space_for(request.user, space_name_of(space_id), Action.REFRESH)
    operation = services.space_refresh(space=space, identity=decision.identity, actor=request.user)
    return _followed(space_id, operation)


@login_required
def conference_end(request: HttpRequest, space_id: str) -> HttpResponse:
    """GET: the confirmation (who is in the call, a reason); POST: end it for everyone."""
    space, decision = get_space_for(request.user, space_name_of(space_id), Action.END_CONFERENCE)
    reason_required = not space.owner_email or space.owner_email != request.user.email.lower()
    again = _failed_before(request, space, Operation.Kind.END_CONFERENCE) if request.method == "GET" else None
    form = EndConferenceForm(
        request.POST or None,
        reason_required=reason_required,
        conference=space.active_conference,
        reason=again.reason if again is not None else "",
    )
    status = 422 if request.method == "POST" else 200
    refused = ""
    if request.method == "POST" and form.is_valid():
        confirmed = form.cleaned_data["conference"]
        replay = Operation.objects.filter(once_key=f"end:{request.user.pk}:{form.cleaned_data['once']}").first()
        if replay is not None:
            return _followed(space_id, replay)  # the same form again: its Operation, not a second end
        if confirmed != space.active_conference:
            # The cache already knows the confirmed call is over: refuse, and show what runs now.
            form = EndConferenceForm(reason_required=reason_required, conference=space.active_conference)
            refused, status = _not_that_call(space), 409
        else:
            operation = services.conference_end(
                space=space,
                actor=request.user,
                identity=decision.identity,
                reason=form.cleaned_data["reason"],
                conference=confirmed,
                once=form.cleaned_data["once"],
            )
            return _followed(space_id, operation)
    context = {
        "space": space,
        "form": form,
        "identity": decision.identity,
        "participants": selectors.participants_in_call(space),
        "refused": refused,
    }
    return render(request, "spaces/end_confirm.html", context, status=status)


def _not_that_call(space) -> str:
    if space.active_conference:
        return (
            "The call you confirmed has already ended and a new one is running; nothing was ended. "
            "Confirm again to end the call that runs now."
        )
    return "The call you confirmed has already ended; nothing was ended. No call is running now."


@login_required
def space_settings(request: HttpRequest, space_id: str) -> HttpResponse:
    """The settings form: only what changed is sent, and a change that resets others is confirmed first."""
    space, decision = get_space_for(request.user, space_name_of(space_id), Action.EDIT_SETTINGS)
    again = _failed_before(request, space, Operation.Kind.PATCH) if request.method == "GET" else None
    # "Try again" after a failed change: the form shows what they chose then, judged against the settings as now.
    chosen = again.params.get("config") if again is not None else None
    form = SpaceSettingsForm(request.POST or None, current=space.config or {}, chosen=chosen)
    status = 422 if request.method == "POST" else 200
    moved = []
    if request.method == "POST" and form.is_valid():
        try:
            operation = services.space_settings_change(
                space=space,
                actor=request.user,
                identity=decision.identity,
                wanted=form.wanted(),
                loaded=SpaceSettingsForm.config_from(form.cleaned_data["loaded"]),
            )
        except NothingToChange as nothing:
            form.add_error(None, str(nothing))
        except SettingsMoved as conflict:
            # Both values side by side; the form now counts as loaded with the current ones, so saving again
            # keeps the person's choice, and setting a field back keeps the other person's.
            moved, status = [_moved_row(item) for item in conflict.moved], 409
            data = request.POST.copy()
            data["loaded"] = json.dumps(SpaceSettingsForm.initial_from(space.config or {}), sort_keys=True)
            form = SpaceSettingsForm(data, current=space.config or {})
            form.is_valid()
        else:
            return _followed(space_id, operation)
    context = {"space": space, "form": form, "identity": decision.identity, "moved": moved}
    return render(request, "spaces/space_settings.html", context, status=status)


def _moved_row(item: dict) -> dict[str, str]:
    def shown(value: str | None) -> str:
        return value.replace("_", " ").capitalize() if value else "Default"

    return {"setting": setting_name(item["path"]), "yours": shown(item["wanted"]), "current": shown(item["current"])}


@login_required
@require_POST
def space_members(request: HttpRequest, space_id: str) -> HttpResponse:
    """Add a co-host by e-mail, or remove one; Google allows it only in spaces meetadmin's project made."""
    space, decision = get_space_for(request.user, space_name_of(space_id), Action.MANAGE_MEMBERS)
    form = MemberChangeForm(request.POST, members=space.members)
    if not form.is_valid():
        return render(request, "spaces/space.html", {**_space_context(request, space), "member_form": form}, status=422)
    operation = services.members_change(
        space=space,
        actor=request.user,
        identity=decision.identity,
        add=[form.cleaned_data["add"]] if form.cleaned_data["add"] else [],
        remove=[form.cleaned_data["remove"]] if form.cleaned_data["remove"] else [],
        remove_emails=[form.removed_email()] if form.cleaned_data["remove"] else [],
    )
    return _followed(space_id, operation)
