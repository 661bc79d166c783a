from django.urls import path

from spaces import views, views_import

app_name = "spaces"
urlpatterns = [
    path("", views.home, name="home"),
    path("spaces/add/", views.add_by_link, name="add_by_link"),
    path("spaces/create/", views.create_space, name="create"),
    path("import/", views_import.bulk_import, name="import"),
    path("import/<str:batch>/", views_import.import_progress, name="import_progress"),
]
