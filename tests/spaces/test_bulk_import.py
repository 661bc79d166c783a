"""IT admins import many people's spaces at once, each discovered as themselves through delegation."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from spaces.models import Operation, Space
from spaces.services import emails_from_text
from tests.conftest import wait_for
from tests.spaces.world import PROJECT, past_conference, seed_document, sign_in

SPACES = [
    {"id": "AliceQuiet01", "owner": "alice@example.com", "project": PROJECT},
    {"id": "CharlieOne05", "owner": "charlie@example.com", "project": PROJECT},
]
CONFERENCES = [
    past_conference("spaces/AliceQuiet01", "alice@example.com", days_ago=2),
    past_conference("spaces/CharlieOne05", "charlie@example.com", days_ago=1),
]


def test_addresses_come_out_of_pasted_text_and_csv_cells():
    text = 'name,email\nAlice,alice@example.com\n"Charlie, C.",<charlie@example.com>\nalice@example.com; dave@x.test'
    assert emails_from_text(text) == ["alice@example.com", "charlie@example.com", "dave@x.test"]


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
    assert Operation.objects.count() == 0
    assert client.get(reverse("spaces:import_progress", args=["0" * 32])).status_code == 404


@pytest.mark.django_db
def test_addresses_left_out_of_a_started_import_are_named_on_its_progress_page(client, control):
    # Found in the demo walk-through: three addresses in, "2 of 2 people" out, and nothing said about the third.
    control.seed(seed_document())
    carol = sign_in(control, "carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    response = client.post(reverse("spaces:import"), {"emails": "alice@example.com erin@otherco.test"}, follow=True)
    page = response.content.decode()
    assert "0 of 1 people done" in page
    assert "Not imported: erin@otherco.test (outside the delegated domain example.com)." in page
