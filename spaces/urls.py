from django.urls import path

from spaces import views, views_import, views_space

app_name = "spaces"
urlpatterns = [
    path("", views.home, name="home"),
    path("spaces/add/", views.add_by_link, name="add_by_link"),
    path("spaces/create/", views.create_space, name="create"),
    path("recent-actions/", views.recent_actions, name="recent_actions"),
    path("spaces/<str:space_id>/", views_space.space_detail, name="space"),
    path("spaces/<str:space_id>/refresh/", views_space.space_refresh, name="space_refresh"),
    path("spaces/<str:space_id>/end/", views_space.conference_end, name="conference_end"),
    path("import/", views_import.bulk_import, name="import"),
    path("import/<str:batch>/", views_import.import_progress, name="import_progress"),
]
