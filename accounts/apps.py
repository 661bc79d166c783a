from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People, Google grants and roles"

    def ready(self) -> None:
        from accounts import sessions, signals  # noqa: F401 - receivers: the grant after each sign-in, the renewal
