"""carol, an IT admin, asks the audit log for days in the wrong order: she is told so, and is shown no entries, not
every entry as if she had asked for none."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.support.browser_workspace import browser_seed

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_dates_in_the_wrong_order_show_the_error_and_no_entries(control, google_sign_in, axe, settings):
    settings.INITIAL_IT_ADMINS = ["carol@example.com"]
    control.seed(browser_seed())
    page = google_sign_in("carol@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(1)  # carol made IT admin at her sign-in
    axe()

    filters = page.get_by_role("search", name="Filter the audit log")
    filters.get_by_label("From").fill("2026-02-01")
    filters.get_by_label("Until").fill("2026-01-01")
    filters.get_by_role("button", name="Apply").click()

    expect(filters.get_by_role("alert")).to_contain_text("“From” is after “Until”.")
    expect(page.get_by_role("table")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("No entries match.")
    expect(filters.get_by_label("From")).to_have_value("2026-02-01")  # what she typed is kept, to correct
    axe()
