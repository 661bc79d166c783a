from django.urls import path

from accounts.views import roles

app_name = "roles"
urlpatterns = [
    path("", roles.roles, name="list"),
    path("<int:user_id>/", roles.role_change, name="change"),
]
