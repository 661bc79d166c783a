from django.urls import path

from spaces import views, views_audit, views_import, views_lookup, views_space, views_status

app_name = "spaces"
urlpatterns = [
    path("", views.home, name="home"),
    path("spaces/add/", views.add_by_link, name="add_by_link"),
    path("spaces/create/", views.create_space, name="create"),
    path("recent-actions/", views.recent_actions, name="recent_actions"),
    path("spaces/refresh-stale/", views.refresh_stale, name="refresh_stale"),
    path("spaces/<str:space_id>/", views_space.space_detail, name="space"),
    path("spaces/<str:space_id>/live/", views_space.space_live, name="space_live"),
    path("spaces/<str:space_id>/refresh/", views_space.space_refresh, name="space_refresh"),
    path("spaces/<str:space_id>/end/", views_space.conference_end, name="conference_end"),
    path("spaces/<str:space_id>/settings/", views_space.space_settings, name="space_settings"),
    path("spaces/<str:space_id>/co-hosts/", views_space.space_members, name="space_members"),
    path("all-spaces/", views.all_spaces, name="all"),
    path("audit/", views_audit.audit_log, name="audit"),
    path("status/", views_status.status_page, name="status"),
    path("lookup/", views_lookup.lookup, name="lookup"),
    path("operations/<int:operation_id>/", views_lookup.operation_status, name="operation"),
    path("import/", views_import.bulk_import, name="import"),
    path("import/<str:batch>/", views_import.import_progress, name="import_progress"),
    path("import/<str:batch>/control/", views_import.import_control, name="import_control"),
]
