"""IT admins' bulk import: many people's spaces discovered through delegation, with progress as it goes."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.idle_sessions import background_poll
from accounts.roles import is_it_admin
from spaces import bulk_jobs, selectors, services
from spaces.forms import BulkImportForm
from spaces.models import BulkImport


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
        except (services.ImportNotPossible, services.ImportTooLarge) as error:
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
    limits = {"addresses": settings.BULK_IMPORT_MAX_ADDRESSES, "megabytes": settings.BULK_IMPORT_MAX_BYTES / 1_048_576}
    return render(request, "spaces/import.html", {"form": form, "limits": limits}, status=status)


def _listed(rejected: list[tuple[str, str]], shown: int = 10) -> str:
    listed = "; ".join(f"{given} ({why})" for given, why in rejected[:shown])
    return listed + (f"; and {len(rejected) - shown} more" if len(rejected) > shown else "")


def _own_import(request: HttpRequest, batch: str) -> BulkImport:
    _it_admin_only(request)
    job = BulkImport.objects.filter(batch=batch, actor=request.user).first()
    if job is None:
        raise Http404("No such import.")
    return job


@background_poll
@login_required
@require_safe
def import_progress(request: HttpRequest, batch: str) -> HttpResponse:
    job = _own_import(request, batch)
    progress = bulk_jobs.progress(job)
    finished = progress["left"] == 0
    if request.htmx and not finished and request.GET.get("seen") == _seen(progress):
        return HttpResponse(status=204)  # no one more is done: nothing to swap, nothing to announce
    context = {
        "batch": batch,
        "job": job,
        "progress": progress,
        "seen": _seen(progress),
        "failures": selectors.import_failures(batch),
        "history": bulk_jobs.history_of(job),
        "finished": finished,
    }
    if request.htmx:
        status = 286 if finished else 200  # 286: htmx stops polling
        part = "spaces/import_progress.html#import-progress"
        return render(request, part, {**context, "announce": True}, status=status)
    return render(request, "spaces/import_progress.html", context)


def _seen(progress: dict) -> str:
    settled = str(progress["settled"])
    return settled if progress["state"] == BulkImport.State.RUNNING else f"{settled}-{progress['state']}"


@login_required
@require_POST
def import_control(request: HttpRequest, batch: str) -> HttpResponse:
    """Pause, resume or cancel an import; who did it is kept on the import and shown on its page."""
    job = _own_import(request, batch)
    action = request.POST.get("action", "")
    if action == "pause":
        changed = bulk_jobs.pause(job, request.user)
        said = "Paused: nothing more is handed to a worker until you resume."
    elif action == "resume":
        changed = bulk_jobs.resume(job, request.user)
        said = "Resumed."
    elif action == "cancel":
        changed = job.state != BulkImport.State.CANCELLED
        bulk_jobs.cancel(job, request.user)
        said = "Cancelled: what was still queued is settled as cancelled; Google was not asked for it."
    else:
        return HttpResponseBadRequest("Unknown action: choose pause, resume or cancel.")
    if changed:
        messages.success(request, said)
    else:
        messages.info(request, f"The import is {job.get_state_display().lower()}; nothing changed.")
    return redirect("spaces:import_progress", batch=batch)
