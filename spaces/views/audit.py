"""IT admins read the audit trail and export any filtered view of it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.roles import is_it_admin
from spaces.audit_log import as_listed, audit_rows, csv_rows
from spaces.filters import AuditFilter


@login_required
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    if not is_it_admin(request.user):
        raise PermissionDenied("Only IT admins read the audit log.")
    filters = AuditFilter(request.GET or None)
    operations = filters.qs
    if request.GET.get("format") == "csv":
        response = StreamingHttpResponse(csv_rows(operations), content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="meetadmin-audit-{stamp}.csv"'
        return response
    page = Paginator(as_listed(operations), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    csv_query = query.copy()
    csv_query["format"] = "csv"
    context = {
        "filters": filters.form,
        "page": page,
        "rows": audit_rows(page.object_list),
        "query_without_page": query.urlencode() + "&" if query else "",
        "csv_query": csv_query.urlencode(),
    }
    return render(request, "spaces/audit.html", context)
