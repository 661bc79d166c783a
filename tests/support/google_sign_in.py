"""Signing in through Google in a real browser, the way a person does it (the `google_sign_in` fixture)."""

from __future__ import annotations

import re

from playwright.sync_api import Page


class GoogleSignIn:
    """Signs a person in as they would: "Sign in with Google", pick the account on the consent page, Allow."""

    def __init__(self, page: Page, live_server, emulator, axe) -> None:
        self.page, self.live_server, self.emulator, self.axe = page, live_server, emulator, axe

    def __call__(self, email: str) -> Page:
        page = self.page
        page.goto("/")
        self.axe()
        page.get_by_role("button", name="Sign in with Google").click()
        self.choose_and_allow(email)
        return page

    def choose_and_allow(self, email: str) -> None:
        page = self.page
        page.wait_for_url(f"{self.emulator.url}/o/oauth2/v2/auth**")
        page.get_by_role("radio", name=re.compile(re.escape(email))).check()
        page.get_by_role("button", name="Allow").click()
        page.wait_for_url(f"{self.live_server.url}/**")
        page.wait_for_load_state("load")
