from django.urls import path

from accounts import views_time_zone

app_name = "preferences"
urlpatterns = [
    path("time-zone/", views_time_zone.time_zone_settings, name="time_zone"),
    path("time-zone/detect/", views_time_zone.time_zone_detect, name="time_zone_detect"),
]
