from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "People, Google grants and roles"

    def ready(self) -> None:
        # Receivers: the grant after each sign-in, the idle renewal, the session's clock and domain.
        from accounts import idle_sessions, session_limits, signals  # noqa: F401
