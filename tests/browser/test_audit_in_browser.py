"""carol, an IT admin, narrows the audit log to the conferences someone ended and downloads exactly those as CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from spaces.models import Operation
from tests.support.browser_workspace import browser_seed

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def happened(actor: str, kind: str, space: str, *, state: str = "succeeded", reason: str = "", **fields) -> None:
    person, _ = get_user_model().objects.get_or_create(username=actor, defaults={"email": actor})
    Operation.objects.create(
        kind=kind,
        state=state,
        actor=person,
        identity_kind=fields.pop("identity_kind", "own_grant"),
        identity_email=fields.pop("identity_email", actor),
        space_name=space,
        reason=reason,
        **fields,
    )


def test_carol_filters_the_audit_log_and_downloads_what_she_sees(control, google_sign_in, axe, settings):
    settings.INITIAL_IT_ADMINS = ["carol@example.com"]
    control.seed(browser_seed())
    happened(
        "bob@example.com",
        "end_conference",
        "spaces/AliceWeekly1",
        reason="Ticket 4711: stuck call",
        identity_kind="delegation",
        identity_email="alice@example.com",
        result_message="The conference was ended for everyone.",
    )
    happened("alice@example.com", "end_conference", "spaces/AliceQuiet02", result_message="The conference had ended.")
    happened("alice@example.com", "patch", "spaces/AliceWeekly1", config_before={}, config_after={"accessType": "OPEN"})
    happened("charlie@example.com", "end_conference", "spaces/CharlieOne05", state="failed", result_message="No.")

    page = google_sign_in("carol@example.com")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(5)  # the four, and carol made IT admin at her sign-in (INITIAL_IT_ADMINS)
    expect(page.get_by_role("table")).to_contain_text("carol@example.com is now IT admin.")
    axe()

    filters = page.get_by_role("search", name="Filter the audit log")
    filters.get_by_label("Action").select_option(label="End the conference")
    filters.get_by_label("Outcome").select_option(label="Done")
    filters.get_by_role("button", name="Apply").click()
    expect(rows).to_have_count(2)
    expect(page.get_by_role("table")).to_contain_text("Ticket 4711: stuck call")
    expect(page.get_by_role("table")).not_to_contain_text("CharlieOne05")
    axe()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these entries as CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("meetadmin-audit-")
    assert download.suggested_filename.endswith(".csv")
    exported = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert sorted((row["person"], row["space"], row["outcome"], row["reason"]) for row in exported) == [
        ("alice@example.com", "spaces/AliceQuiet02", "Done", ""),
        ("bob@example.com", "spaces/AliceWeekly1", "Done", "Ticket 4711: stuck call"),
    ]
    assert {row["action"] for row in exported} == {"End the conference"}
    bobs = next(row for row in exported if row["person"] == "bob@example.com")
    assert (bobs["identity_kind"], bobs["identity"]) == ("delegation", "alice@example.com")
