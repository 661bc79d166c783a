from django.urls import path

from accounts import views

app_name = "roles"
urlpatterns = [
    path("", views.roles, name="list"),
    path("<int:user_id>/", views.role_change, name="change"),
]
