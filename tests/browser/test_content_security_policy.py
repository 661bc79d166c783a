"""The Content Security Policy holds in a real browser: every main page carries it, and Chromium reports no
violation on any of them (no inline script or style, htmx's polling and swaps included)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from accounts.roles import Role, role_grant
from spaces.models import Operation
from tests.support.browser_workspace import browser_seed
from tests.support.cached_spaces import fresh_spaces

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Runs before any page script, outside the page's policy: collects what Chromium reports as a violation.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${where}`);
});
"""


class ViolationLog:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        page.context.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def on_this_page(self) -> list[str]:
        return self.page.evaluate("() => window.__cspViolations || []")


def visit(page: Page, path: str, axe) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.ok, path
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    axe()


def test_the_main_pages_load_with_no_policy_violation(control, google_sign_in, axe, live_server):
    control.seed(browser_seed())
    fresh_spaces("alice@example.com", 1, "CspPage")
    violations = ViolationLog(google_sign_in.page)

    page = google_sign_in("carol@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your spaces")
    carol = get_user_model().objects.get(email="carol@example.com")
    role_grant(user=carol, role=Role.IT_ADMIN)
    # An action still queued (its row only, sent to no worker): her home page keeps polling for it through htmx.
    Operation.objects.create(
        kind=Operation.Kind.REFRESH,
        actor=carol,
        identity_kind=Operation.IdentityKind.DELEGATION,
        identity_email="alice@example.com",
        target="spaces/CspPage00000",
    )
    assert violations.on_this_page() == []

    pages = (
        "/",
        "/all-spaces/",
        "/spaces/CspPage00000/",
        "/spaces/CspPage00000/settings/",
        "/audit/",
        "/import/",
        "/roles/",
    )
    for path in pages:
        if path == "/":
            # htmx polls the recent actions and swaps them in: still nothing refused.
            with page.expect_response(lambda response: "/recent-actions/" in response.url):
                visit(page, path, axe)
        else:
            visit(page, path, axe)
        assert violations.on_this_page() == [], path
    assert violations.console == []


def test_the_recorder_sees_an_inline_style_the_policy_refuses(page, axe, live_server):
    violations = ViolationLog(page)
    visit(page, "/", axe)
    assert violations.on_this_page() == []

    page.evaluate("() => { document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>'); }")

    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert any("style-src" in violation for violation in violations.on_this_page())
    assert any("inline style" in message for message in violations.console)
