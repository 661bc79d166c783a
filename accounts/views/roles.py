"""IT admins grant and revoke the helpdesk and IT admin roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import GROUP_NAMES, Role, is_it_admin, role_grant, role_revoke
from accounts.staff_checks import staff_write_hold


@login_required
@require_safe
def roles(request: HttpRequest) -> HttpResponse:
    if not is_it_admin(request.user):
        raise PermissionDenied("Only IT admins manage roles.")
    query = request.GET.get("q", "").strip()
    people = get_user_model().objects.filter(is_active=True).order_by("email")
    if query:
        people = people.filter(email__icontains=query)
    people = people.prefetch_related(Prefetch("groups"))
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    rows = [(person, {group.name for group in person.groups.all()}) for person in page]
    return render(
        request,
        "accounts/roles.html",
        {"page": page, "rows": rows, "query": query, "roles": [(role, GROUP_NAMES[role]) for role in Role]},
    )


@login_required
@require_POST
def role_change(request: HttpRequest, user_id: int) -> HttpResponse:
    if not is_it_admin(request.user):
        raise PermissionDenied("Only IT admins manage roles.")
    # A role is a power over other people's spaces: an IT admin Google no longer vouches for hands none out.
    staff_write_hold(request.user)
    person = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    try:
        role = Role(request.POST.get("role", ""))
    except ValueError:
        return HttpResponseBadRequest("Unknown role.")
    if request.POST.get("change") == "revoke":
        if person == request.user and role == Role.IT_ADMIN:
            messages.error(request, "You cannot take away your own IT admin role; ask another IT admin.")
        else:
            role_revoke(user=person, role=role, actor=request.user)
            messages.success(request, f"{person.email} is no longer {role.label}.")
    else:
        role_grant(user=person, role=role, actor=request.user)
        messages.success(request, f"{person.email} is now {role.label}.")
    return redirect("roles:list")
