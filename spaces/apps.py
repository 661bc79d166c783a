from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "spaces"
    verbose_name = "Meet spaces"

    def ready(self) -> None:
        from spaces import signals  # noqa: F401 - discovery after sign-in
