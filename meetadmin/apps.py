from django.apps import AppConfig


class MeetadminConfig(AppConfig):
    name = "meetadmin"
    verbose_name = "meetadmin"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from meetadmin import checks, rate_limits  # noqa: F401 - register the system checks
        from meetadmin.request_id import request_finished as forget_request_id

        request_finished.connect(forget_request_id, dispatch_uid="meetadmin.request_id")
