"""Helpdesk's paste box: a link, code or id from a ticket → the space, its owner and its live call.

Views never call Google: the lookup is an Operation; its page follows it until it settles, then opens the space.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from accounts.idle_sessions import background_poll
from accounts.roles import is_helpdesk, is_it_admin
from spaces import services
from spaces.forms import AddByLinkForm
from spaces.models import Operation
from spaces.permissions import Action, decide, may_act_as_self
from spaces.views.space import space_parts


def lookup_queue(request: HttpRequest) -> tuple[AddByLinkForm, Operation | None]:
    """What was pasted, checked, then queued as a lookup as the person themselves (anyone may `get` a space).

    Shared by the owner's "Add a space by its link" and helpdesk's paste box; None when the form says why not.
    """
    decision = may_act_as_self(request.user, "readonly", "settings", "created")
    form = AddByLinkForm(request.POST)
    if not decision.allowed:
        form.add_error(None, decision.reason)
    if not form.is_valid():
        return form, None
    return form, services.space_add_by_link(
        actor=request.user, identity=decision.identity, pasted=form.cleaned_data["link"]
    )


@login_required
@require_POST
def lookup(request: HttpRequest) -> HttpResponse:
    form, operation = lookup_queue(request)
    if operation is None:
        return render(request, "spaces/lookup_failed.html", {"form": form}, status=422)
    return redirect("spaces:operation", operation_id=operation.pk)


@background_poll
@login_required
@require_safe
def operation_status(request: HttpRequest, operation_id: int) -> HttpResponse:
    """Follows one of your Operations; a settled lookup opens the space it found.

    htmx polls it from the outcome line (spaces/_outcome.html): 204 while what it shows is what the browser shows,
    the new line when it moved on (286, stop polling, once settled), or a redirect to the space a lookup found. Asked
    from a space's page, the settled line comes with that page's parts (space_parts), all in one swap.
    """
    operation = Operation.objects.select_related("space").filter(pk=operation_id).first()
    if operation is None or not (operation.actor_id == request.user.pk or is_it_admin(request.user)):
        raise Http404("No such action.")
    found = _space_found(request, operation)
    if found is not None:
        return HttpResponse(headers={"HX-Redirect": found}) if request.htmx else redirect(found)
    if request.htmx:
        if not operation.is_settled and request.GET.get("seen") == operation.progress_key:
            return HttpResponse(status=204)
        status = 286 if operation.is_settled else 200
        on_space_page = request.GET.get("page") == "space"
        context = {"operation": operation, "announce": True, "on_space_page": on_space_page}
        line = render(request, "spaces/_outcome.html", context, status=status)
        if on_space_page and operation.is_settled and _visible(request, operation):
            line.write(space_parts(request, operation.space))
        return line
    visible = _visible(request, operation)
    return render(request, "spaces/operation.html", {"operation": operation, "space_visible": visible})


def _visible(request: HttpRequest, operation: Operation) -> bool:
    return operation.space is not None and decide(request.user, operation.space, Action.VIEW).allowed


def _space_found(request: HttpRequest, operation: Operation) -> str | None:
    """The space page a settled lookup leads to, when this person may see it."""
    if not (operation.is_settled and operation.kind == Operation.Kind.RESOLVE and operation.space is not None):
        return None
    space = operation.space
    if not decide(request.user, space, Action.VIEW).allowed:
        return None
    if is_helpdesk(request.user) and space.owner_known and not space.config:
        # As the owner (delegation), Google also shows the live call and who is in it.
        refresh = decide(request.user, space, Action.REFRESH)
        if refresh.identity is not None and refresh.identity.email == space.owner_email:
            services.space_refresh(space=space, identity=refresh.identity, actor=request.user)
    return reverse("spaces:space", args=[space.space_id])
