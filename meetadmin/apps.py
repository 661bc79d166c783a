from django.apps import AppConfig


class MeetadminConfig(AppConfig):
    name = "meetadmin"
    verbose_name = "meetadmin"

    def ready(self) -> None:
        from meetadmin import checks  # noqa: F401 - registers the deployment checks
