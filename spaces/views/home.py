"""Pages. Views read the cache and never call Google (docs/architecture.md: every Meet call runs in a worker).

Each view: who are you, may you, validate, delegate (docs/architecture.md, "One action, end to end").
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST, require_safe

from accounts.idle_sessions import background_poll
from accounts.models import GoogleGrant
from accounts.roles import is_it_admin, roles_of
from spaces import selectors, services
from spaces.filters import AllSpacesFilter, SpaceFilter
from spaces.forms import AddByLinkForm, CreateSpaceForm
from spaces.models import Space
from spaces.permissions import Action, decide, may_act_as_self
from spaces.space_lists import PAGE_SIZE, space_rows, spaces_page
from spaces.views.lookup import lookup_queue

# A list page shows at most PAGE_SIZE spaces; more names than that did not come from one of our pages.
REFRESH_STALE_LIMIT = PAGE_SIZE


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "spaces/welcome.html")
    return _home(request)


@login_required
@require_POST
def add_by_link(request: HttpRequest) -> HttpResponse:
    form, operation = lookup_queue(request)
    if operation is None:
        return _home(request, add_form=form, status=422)
    return redirect("spaces:home")


@login_required
@require_POST
def create_space(request: HttpRequest) -> HttpResponse:
    decision = may_act_as_self(request.user, "created")
    form = CreateSpaceForm(request.POST)
    if not decision.allowed:
        form.add_error(None, decision.reason)
    if not form.is_valid():
        return _home(request, create_form=form, status=422)
    services.space_create(
        actor=request.user, identity=decision.identity, config=form.config(), label=form.cleaned_data["label"]
    )
    return redirect("spaces:home")


@background_poll
@login_required
@require_GET
def recent_actions(request: HttpRequest) -> HttpResponse:
    """The home page's "Your recent actions", polled by htmx while any of them is unsettled.

    Answers 204 (htmx swaps nothing) while nothing changed since the browser's copy, so that screen readers hear the
    live region only when an action moves on; 286 (htmx stops polling) with the final list once all have settled.
    """
    context = _recent_actions(request.user)
    if request.htmx and context["operations_unsettled"] and request.GET.get("seen") == context["operations_seen"]:
        return HttpResponse(status=204)
    status = 286 if request.htmx and not context["operations_unsettled"] else 200
    watching = set(request.GET.get("watching", "").split(","))
    just_settled = [op for op in context["operations"] if op.is_settled and str(op.pk) in watching]
    context = {**context, "updated_live": True, "operations_just_settled": just_settled}
    return render(request, "spaces/home.html#recent-actions", context, status=status)


def _recent_actions(user) -> dict[str, object]:
    operations = selectors.operations_recent_for(user)
    for operation in operations:
        # A lookup of someone else's space names it by what was pasted, not by the owner's label for it.
        visible = operation.space is not None and decide(user, operation.space, Action.VIEW).allowed
        operation.shown_space = operation.space if visible else None
    seen = hashlib.sha256(",".join(f"{operation.pk}:{operation.state}" for operation in operations).encode())
    return {
        "operations": operations,
        "operations_unsettled": any(not operation.is_settled for operation in operations),
        "operations_seen": seen.hexdigest()[:16],
        "operations_watching": ",".join(str(operation.pk) for operation in operations if not operation.is_settled),
    }


def _home(request: HttpRequest, add_form=None, create_form=None, status: int = 200) -> HttpResponse:
    owned = selectors.spaces_owned_by(request.user)
    listing = space_listing(request, owned, with_owner=False)
    context = {
        "grant": GoogleGrant.objects.filter(user=request.user).first(),
        "roles": roles_of(request.user),
        "has_spaces": listing["filtering"] or bool(listing["page"].object_list),
        **listing,
        **_recent_actions(request.user),
        "add_form": add_form or AddByLinkForm(),
        "lookup_form": AddByLinkForm(),
        "create_form": create_form or CreateSpaceForm(),
    }
    return render(request, "spaces/home.html", context, status=status)


@login_required
@require_safe
def all_spaces(request: HttpRequest) -> HttpResponse:
    """IT admins: every cached space in the domain, with the owners' filters plus owner and freshness."""
    if not is_it_admin(request.user):
        raise PermissionDenied("Only IT admins see every space.")
    listing = space_listing(request, selectors.spaces_all(), with_owner=True, total=selectors.spaces_total)
    return render(request, "spaces/all_spaces.html", listing)


def space_listing(request: HttpRequest, spaces, *, with_owner: bool, total=None) -> dict:
    """One page of `spaces` as the query string filters and sorts it; the browser asks to refresh the stale ones.

    `total`, if given, answers how many `spaces` there are without counting them: used when no filter narrows them.
    """
    filters = (AllSpacesFilter if with_owner else SpaceFilter)(request.GET or None, queryset=spaces)
    count = total() if total is not None and not filters.narrows() else None
    page = spaces_page(filters, request.GET.get("page"), count=count)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filters": filters.form,
        "page": page,
        "rows": space_rows(page.object_list),
        "show_owner": with_owner,
        # Bad input (a sort that is not offered, too) shows its error with the filters, never "No spaces yet".
        "filtering": filters.narrows(),
        "stale": selectors.spaces_stale(page.object_list),
        "query_without_page": query.urlencode() + "&" if query else "",
    }


@login_required
@require_POST
def refresh_stale(request: HttpRequest) -> HttpResponse:
    """A page that showed stale spaces asks for them to be refreshed, once it has loaded (htmx).

    Not done while rendering the page: a GET does not write, and a page answers without waiting for up to 50
    Operations to be inserted and queued. Each space is still checked: only what this person may refresh is queued.
    """
    names = request.POST.getlist("space")[:REFRESH_STALE_LIMIT]
    shown = Space.objects.filter(name__in=names) if names else Space.objects.none()
    services.spaces_refresh_stale(spaces=shown, viewer=request.user)
    return HttpResponse(status=204)
