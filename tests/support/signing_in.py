"""Signing in through the emulator's Google over real HTTP, as a person's browser does: meetadmin's sign-in button,
Google's consent page, the callback. Shared by the sign-in tests (tests/accounts/conftest.py makes the fixtures)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import requests
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.support.consent import answer_consent, open_consent_page

# Google's loopback rule: the emulator's demo client accepts redirect URIs on 127.0.0.1, any port.
DASHBOARD_HOST = "127.0.0.1"


class SignIn:
    """One trip through Google's sign-in, keeping what each step saw."""

    def __init__(self, browser, emulator) -> None:
        self.browser = browser
        self.emulator = emulator
        self.authorize_url = ""
        self.consent_page = None
        self.callback_url = ""

    def __call__(
        self,
        account: str,
        *,
        scopes: list[str] | None = None,
        decision: str = "allow",
        before_callback=None,
        start_url: str | None = None,
    ):
        start = self.browser.post(start_url or reverse("google_login"))
        assert start.status_code == 302
        self.authorize_url = start["Location"]
        assert self.authorize_url.startswith(f"{self.emulator.url}/o/oauth2/v2/auth?")
        google_browser = requests.Session()  # the same person's browser, at Google
        self.consent_page = open_consent_page(google_browser, self.authorize_url)
        answer = answer_consent(google_browser, self.consent_page, account=account, scopes=scopes, decision=decision)
        assert answer.status_code == 302
        self.callback_url = answer.headers["Location"]
        back = urlsplit(self.callback_url)
        assert (back.hostname, back.path) == (DASHBOARD_HOST, reverse("google_callback"))
        if before_callback:
            before_callback()
        return self.browser.get(f"{back.path}?{back.query}")

    @property
    def authorize_params(self) -> dict[str, str]:
        return {name: values[0] for name, values in parse_qs(urlsplit(self.authorize_url).query).items()}


def signed_in_email(browser) -> str | None:
    user_id = browser.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id).email if user_id else None


def sign_in_on_live_server(dashboard_url: str, emulator, account: str) -> requests.Response:
    """The same trip with nothing simulated, in a new browser: a dashboard on a random port, CSRF and cookies as a
    browser has them. Returns the dashboard's answer to Google's redirect (redirects followed)."""
    browser = requests.Session()
    welcome = browser.get(dashboard_url, timeout=10)
    action = re.search(r'<form method="post" action="([^"]+)">', welcome.text).group(1)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', welcome.text).group(1)
    start = browser.post(
        dashboard_url + action,
        data={"csrfmiddlewaretoken": csrf},
        headers={"Referer": dashboard_url + "/"},
        allow_redirects=False,
        timeout=10,
    )
    assert start.status_code == 302
    assert start.headers["Location"].startswith(f"{emulator.url}/o/oauth2/v2/auth?")
    page = open_consent_page(browser, start.headers["Location"])
    answer = answer_consent(browser, page, account=account)
    assert answer.headers["Location"].startswith(f"{dashboard_url}{reverse('google_callback')}?")
    return browser.get(answer.headers["Location"], timeout=10)
