from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("status/", views.status_page, name="status"),
]
