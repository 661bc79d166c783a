"""A copied transcript, read and searched in meetadmin (what people said, so only the owner and IT admins)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.local_times import stamp_minutes, stamp_seconds
from meet_client import space_name_of
from spaces import selectors
from spaces.forms import TranscriptSearchForm
from spaces.permissions import Action, get_space_for

ENTRIES_PER_PAGE = 100


@login_required
@require_safe
def transcript(request: HttpRequest, space_id: str, record_id: str, transcript_id: str) -> HttpResponse:
    space, _ = get_space_for(request.user, space_name_of(space_id), Action.READ_TRANSCRIPT)
    copied = selectors.transcript_of(space, record_id, transcript_id)
    if copied is None:
        raise Http404("No such transcript in meetadmin.")
    form = TranscriptSearchForm(request.GET)
    search, page = "", None
    # A search that cannot run shows its message and no entries, never every entry as if they had matched.
    if form.is_valid():
        search = form.cleaned_data["q"]
        page = Paginator(selectors.transcript_entries(copied, search), ENTRIES_PER_PAGE).get_page(
            request.GET.get("page")
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "space": space,
        "transcript": copied,
        "conference_start": stamp_minutes(copied.record.start_time),
        "form": form,
        "search": search,
        "page": page,
        # Worked out here, one dict per row: the `date` filter per row costs more than the page's queries.
        "rows": [
            {
                "when": stamp_seconds(entry.start_time),
                "speaker": entry.speaker or "Unknown speaker",
                "text": entry.text,
                "language": entry.language_code,
            }
            for entry in (page.object_list if page is not None else ())
        ],
        "query_without_page": query.urlencode() + "&" if query else "",
        "copying": settings.COPY_TRANSCRIPTS,
    }
    return render(request, "spaces/transcript.html", context, status=200 if page is not None else 422)
