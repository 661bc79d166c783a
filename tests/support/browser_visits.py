"""What one browser test's page did, kept by the `page` fixture and checked when the test ends."""

from __future__ import annotations


class Visits:
    """What one test's browser did: dashboard pages it saw, pages axe checked, requests it refused to send out."""

    def __init__(self, dashboard: str, emulator: str) -> None:
        self.dashboard, self.emulator = dashboard, emulator
        self.pages: list[str] = []
        self.checked: set[str] = set()
        self.blocked: list[str] = []
        self.errors: list[str] = []

    def on_dashboard(self, url: str) -> bool:
        return url.startswith(self.dashboard + "/")

    def unchecked(self) -> list[str]:
        return [path for path in dict.fromkeys(self.pages) if path not in self.checked]
