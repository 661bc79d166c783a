"""IT admins import many people's spaces at once, each discovered as themselves through delegation."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from embedded.waiting import wait_for
from spaces import bulk_jobs, tasks
from spaces.models import BulkImport, Operation, Space
from spaces.services import emails_from_text
from tests.support.google_operations import google_operations
from tests.support.page_rows import import_failed
from tests.support.signed_in_people import person, sign_in
from tests.support.workspace_seed import PROJECT, past_conference, seed_document

SPACES = [
    {"id": "AliceQuiet01", "owner": "alice@example.com", "project": PROJECT},
    {"id": "CharlieOne05", "owner": "charlie@example.com", "project": PROJECT},
]
CONFERENCES = [
    past_conference("spaces/AliceQuiet01", "alice@example.com", days_ago=2),
    past_conference("spaces/CharlieOne05", "charlie@example.com", days_ago=1),
]
IMPORT_FAILURES_SHOWN = 50  # the progress page lists the first failures (selectors.import_failures)


def test_addresses_come_out_of_pasted_text_and_csv_cells():
    text = 'name,email\nAlice,alice@example.com\n"Charlie, C.",<charlie@example.com>\nalice@example.com; dave@x.test'
    assert emails_from_text(text) == ["alice@example.com", "charlie@example.com", "dave@x.test"]


@pytest.fixture
def carol_signed_in(client, control):
    """carol, IT admin of the seeded Workspace, signed in with a real grant: the one who imports."""
    control.seed(seed_document())
    carol = sign_in(control, "carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    return carol


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("celery_worker")
def test_carol_imports_alice_and_charlie_and_watches_it_finish(client, control):
    control.seed(seed_document(spaces=SPACES, conferences=CONFERENCES))
    carol = sign_in(control, "carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    upload = SimpleUploadedFile("people.csv", b"email\nalice@example.com\ncharlie@example.com\nerin@otherco.test\n")
    response = client.post(reverse("spaces:import"), {"emails": "", "csv_file": upload})
    assert response.status_code == 302
    progress_url = response["Location"]
    operations = Operation.objects.filter(kind=Operation.Kind.DISCOVER)
    # The request only recorded the import; its Operations come from the worker's expansion.
    wait_for(lambda: operations.count() == 2, what="the worker to expand the import")
    assert sorted(operations.values_list("identity_email", "identity_kind")) == [
        ("alice@example.com", "delegation"),
        ("charlie@example.com", "delegation"),
    ]
    wait_for(
        lambda: "Finished: 2 of 2 people imported" in client.get(progress_url).content.decode(),
        what="the import to finish",
    )
    assert dict(Space.objects.values_list("name", "owner_email")) == {
        "spaces/AliceQuiet01": "alice@example.com",
        "spaces/CharlieOne05": "charlie@example.com",
    }


@pytest.mark.django_db
def test_only_it_admins_import_and_bad_input_is_explained(client, control):
    control.seed(seed_document())
    bob = sign_in(control, "bob@example.com", role=Role.HELPDESK)
    client.force_login(bob)
    assert client.get(reverse("spaces:import")).status_code == 403
    carol = sign_in(control, "carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    response = client.post(reverse("spaces:import"), {"emails": "bob@nowhere, erin@otherco.test"})
    assert response.status_code == 422
    assert "bob@nowhere (not an e-mail address)" in response.content.decode()
    assert "outside the delegated domain example.com" in response.content.decode()
    assert google_operations().count() == 0
    assert client.get(reverse("spaces:import_progress", args=["0" * 32])).status_code == 404


@pytest.mark.django_db
def test_addresses_of_the_delegated_domain_that_are_not_well_formed_are_refused_by_name(client, carol_signed_in):
    # Django's validator refuses these, where the regular expression meetadmin used before let each of them through
    # (the first three into Operations for people who cannot exist); a too-long local part stays refused.
    malformed = ["alice..smith@example.com", "al(ice@example.com", ".alice@example.com", "alice@example..com"]
    response = client.post(reverse("spaces:import"), {"emails": "\n".join([*malformed, "x" * 65 + "@example.com"])})
    assert response.status_code == 422
    page = response.content.decode()
    for address in [*malformed, "x" * 65 + "@example.com"]:
        assert f"{address} (not an e-mail address)" in page
    assert BulkImport.objects.count() == 0
    assert google_operations().count() == 0  # carol's role grant is an audit row; nothing went to Google


@pytest.mark.django_db
def test_addresses_left_out_of_a_started_import_are_named_on_its_progress_page(client, carol_signed_in):
    # Found in the demo walk-through: three addresses in, "2 of 2 people" out, and nothing said about the third.
    response = client.post(reverse("spaces:import"), {"emails": "alice@example.com erin@otherco.test"}, follow=True)
    page = response.content.decode()
    assert "0 of 1 people done" in page
    assert "Not imported: erin@otherco.test (outside the delegated domain example.com)." in page


@pytest.mark.django_db
def test_an_import_past_the_address_limit_is_refused_whole_and_records_nothing(client, carol_signed_in, settings):
    settings.BULK_IMPORT_MAX_ADDRESSES = 3
    addresses = " ".join(f"person{n}@example.com" for n in range(4))
    response = client.post(reverse("spaces:import"), {"emails": addresses})
    assert response.status_code == 422
    assert "That is 4 addresses; one import takes at most 3. Nothing was imported" in response.content.decode()
    assert BulkImport.objects.count() == 0
    assert google_operations().count() == 0


@pytest.mark.django_db
def test_an_import_past_the_byte_limit_is_refused_and_the_page_says_the_limits(client, carol_signed_in, settings):
    settings.BULK_IMPORT_MAX_BYTES = 1_048_576
    assert "at most 50,000 addresses and 1 MB" in client.get(reverse("spaces:import")).content.decode()
    upload = SimpleUploadedFile("people.csv", b"alice@example.com\n" * 70_000)
    response = client.post(reverse("spaces:import"), {"emails": "", "csv_file": upload})
    assert response.status_code == 422
    assert "one import takes at most 1 MB. Nothing was imported" in response.content.decode()
    assert BulkImport.objects.count() == 0


@pytest.mark.django_db
def test_a_large_import_returns_at_once_and_is_expanded_in_chunks_without_duplicates(client, carol_signed_in):
    with CaptureQueriesContext(connection) as one:
        assert client.post(reverse("spaces:import"), {"emails": "someone@example.com"}).status_code == 302
    addresses = [f"person{n}@example.com" for n in range(5000)]
    with CaptureQueriesContext(connection) as many:
        response = client.post(reverse("spaces:import"), {"emails": "\n".join(addresses)})
    assert response.status_code == 302
    assert google_operations().count() == 0  # nothing expanded in the request
    assert len(many) == len(one)  # nothing done per address either
    assert len(many) < 30
    job = BulkImport.objects.latest("pk")
    assert bulk_jobs.expand_chunk(job.batch, size=2000) == 2000
    # A worker killed mid-chunk: its transaction (Operations and count together) never commits.
    with pytest.raises(RuntimeError):
        killed_mid_chunk(job.batch)
    assert google_operations().count() == 2000
    while bulk_jobs.expand_chunk(job.batch, size=2000):
        pass
    targets = list(Operation.objects.filter(batch=job.batch).values_list("target", flat=True))
    assert sorted(targets) == sorted(addresses)  # every address once: no duplicates, none lost
    assert bulk_jobs.progress(BulkImport.objects.get(pk=job.pk))["left"] == 5000


@pytest.mark.django_db
def test_the_progress_page_runs_as_many_queries_for_a_full_list_of_failures_as_for_one(client):
    carol = person("carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    addresses = [f"person{n}@example.com" for n in range(2 * IMPORT_FAILURES_SHOWN)]
    job = BulkImport.objects.create(batch="0" * 32, actor=carol, addresses=addresses, expanded=len(addresses))
    url = reverse("spaces:import_progress", args=[job.batch])
    import_failed(job, 1, "One")
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).content.decode().count("Google refused.</li>") == 1
    import_failed(job, IMPORT_FAILURES_SHOWN, "More")
    with CaptureQueriesContext(connection) as full:
        assert client.get(url).content.decode().count("Google refused.</li>") == IMPORT_FAILURES_SHOWN
    assert len(full) == len(one)


@pytest.mark.django_db
def test_pause_stops_handing_out_resume_continues_and_cancel_settles_the_rest_without_google(
    client, control, carol_signed_in
):
    client.post(reverse("spaces:import"), {"emails": "alice@example.com charlie@example.com dave@example.com"})
    job = BulkImport.objects.get()
    bulk_jobs.expand_chunk(job.batch)
    first = Operation.objects.filter(batch=job.batch).order_by("pk").first()
    control_url = reverse("spaces:import_control", args=[job.batch])

    assert client.post(control_url, {"action": "pause"}).status_code == 302
    assert tasks.run_operation.apply(args=(first.pk,)).get() == "settled or gone"  # handed out nothing
    first.refresh_from_db()
    assert first.state == Operation.State.QUEUED
    page = client.get(reverse("spaces:import_progress", args=[job.batch])).content.decode()
    assert "left: 3 (paused)" in page
    assert "carol@example.com paused it" in page

    client.post(control_url, {"action": "resume"})
    assert BulkImport.objects.get().state == BulkImport.State.RUNNING
    Operation.objects.filter(pk=first.pk).update(state=Operation.State.SUCCEEDED)

    calls_before = len(control.calls())
    client.post(control_url, {"action": "cancel"})
    assert len(control.calls()) == calls_before
    states = sorted(Operation.objects.filter(batch=job.batch).values_list("state", flat=True))
    assert states == ["cancelled", "cancelled", "succeeded"]
    page = client.get(reverse("spaces:import_progress", args=[job.batch])).content.decode()
    assert "Finished: 1 of 3 people imported, 2 cancelled." in page
    assert "carol@example.com cancelled it" in page
    assert client.post(control_url, {"action": "explode"}).status_code == 400


def killed_mid_chunk(batch: str) -> None:
    with transaction.atomic():
        bulk_jobs.expand_chunk(batch, size=2000)
        raise RuntimeError("killed")
