"""carol, an IT admin, opens the status page from the navigation; it passes axe with every part filled in."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from spaces.models import Operation
from tests.support.browser_workspace import browser_seed

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("celery_worker")
def test_carol_reads_the_status_page(control, google_sign_in, axe, settings):
    control.seed(browser_seed())
    settings.INITIAL_IT_ADMINS = ["carol@example.com"]
    Operation.objects.create(
        kind=Operation.Kind.END_CONFERENCE,
        identity_kind=Operation.IdentityKind.DELEGATION,
        identity_email="alice@example.com",
        space_name="spaces/AliceWeekly1",
        state=Operation.State.FAILED,
        result_message="Google says meetadmin may not end this conference.",
        error_status="PERMISSION_DENIED",
        request_id="abc-browser-1",
    )

    page = google_sign_in("carol@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Status").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("System status")
    expect(page.get_by_role("cell", name="Answering").first).to_be_visible()  # the test run's worker
    expect(page.get_by_text("Google says meetadmin may not end this conference.")).to_be_visible()
    axe()
    page.get_by_role("link", name="End the conference").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    expect(page.get_by_text("Google says meetadmin may not end this conference.")).to_be_visible()
    axe()
