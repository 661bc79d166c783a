from django.urls import path

from accounts.views import time_zone

app_name = "preferences"
urlpatterns = [
    path("time-zone/", time_zone.time_zone_settings, name="time_zone"),
    path("time-zone/detect/", time_zone.time_zone_detect, name="time_zone_detect"),
]
