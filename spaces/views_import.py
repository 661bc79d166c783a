"""IT admins' bulk import: many people's spaces discovered through delegation, with progress as it goes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from accounts.roles import is_it_admin
from accounts.sessions import background_poll
from spaces import selectors, services
from spaces.forms import BulkImportForm
from spaces.models import Operation


def _it_admin_only(request: HttpRequest) -> None:
    if not is_it_admin(request.user):
        raise PermissionDenied("Only IT admins import spaces in bulk.")


@login_required
def bulk_import(request: HttpRequest) -> HttpResponse:
    _it_admin_only(request)
    form = BulkImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            started = services.spaces_import(actor=request.user, entries=form.entries())
        except services.ImportNotPossible as error:
            form.add_error(None, str(error))
        else:
            if started.accepted:
                if started.rejected:  # said on the progress page, or they would drop out of the count unseen
                    messages.warning(request, "Not imported: " + _listed(started.rejected) + ".")
                return redirect("spaces:import_progress", batch=started.batch)
            form.add_error(
                None,
                "None of those can be imported: " + _listed(started.rejected),
            )
    status = 422 if request.method == "POST" else 200
    return render(request, "spaces/import.html", {"form": form}, status=status)


def _listed(rejected: list[tuple[str, str]], shown: int = 10) -> str:
    listed = "; ".join(f"{given} ({why})" for given, why in rejected[:shown])
    return listed + (f"; and {len(rejected) - shown} more" if len(rejected) > shown else "")


@background_poll
@login_required
@require_safe
def import_progress(request: HttpRequest, batch: str) -> HttpResponse:
    _it_admin_only(request)
    progress = selectors.import_progress(batch)
    if not progress["total"] or not Operation.objects.filter(batch=batch, actor=request.user).exists():
        raise Http404("No such import.")
    finished = progress["settled"] == progress["total"]
    if request.htmx and not finished and request.GET.get("seen") == str(progress["settled"]):
        return HttpResponse(status=204)  # no one more is done: nothing to swap, nothing to announce
    context = {
        "batch": batch,
        "progress": progress,
        "failures": selectors.import_failures(batch),
        "finished": finished,
    }
    if request.htmx:
        status = 286 if finished else 200  # 286: htmx stops polling
        part = "spaces/import_progress.html#import-progress"
        return render(request, part, {**context, "announce": True}, status=status)
    return render(request, "spaces/import_progress.html", context)
