from django.urls import path

from spaces import views

app_name = "spaces"
urlpatterns = [
    path("", views.home, name="home"),
    path("spaces/add/", views.add_by_link, name="add_by_link"),
    path("spaces/create/", views.create_space, name="create"),
]
