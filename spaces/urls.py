from django.urls import path

from spaces.views import audit, bulk_import, home, lookup, space, transcripts

app_name = "spaces"
urlpatterns = [
    path("", home.home, name="home"),
    path("spaces/add/", home.add_by_link, name="add_by_link"),
    path("spaces/create/", home.create_space, name="create"),
    path("recent-actions/", home.recent_actions, name="recent_actions"),
    path("spaces/refresh-stale/", home.refresh_stale, name="refresh_stale"),
    path("spaces/<str:space_id>/", space.space_detail, name="space"),
    path("spaces/<str:space_id>/live/", space.space_live, name="space_live"),
    path("spaces/<str:space_id>/refresh/", space.space_refresh, name="space_refresh"),
    path("spaces/<str:space_id>/end/", space.conference_end, name="conference_end"),
    path("spaces/<str:space_id>/settings/", space.space_settings, name="space_settings"),
    path("spaces/<str:space_id>/co-hosts/", space.space_members, name="space_members"),
    path(
        "spaces/<str:space_id>/transcripts/<str:record_id>/<str:transcript_id>/",
        transcripts.transcript,
        name="transcript",
    ),
    path("all-spaces/", home.all_spaces, name="all"),
    path("audit/", audit.audit_log, name="audit"),
    path("lookup/", lookup.lookup, name="lookup"),
    path("operations/<int:operation_id>/", lookup.operation_status, name="operation"),
    path("import/", bulk_import.bulk_import, name="import"),
    path("import/<str:batch>/", bulk_import.import_progress, name="import_progress"),
    path("import/<str:batch>/control/", bulk_import.import_control, name="import_control"),
]
