from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People, Google grants and roles"

    def ready(self) -> None:
        from accounts import signals  # noqa: F401 - stores the Google grant after each sign-in
