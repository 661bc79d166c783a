""" "All spaces" unfiltered shows how many spaces there are from a row the database keeps (migration 0007), not by
counting them: the number must be exactly the count, however the spaces came and went."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from accounts.roles import Role
from spaces.models import Space
from spaces.selectors import spaces_total
from tests.support.cached_spaces import fresh_spaces
from tests.support.signed_in_people import person

pytestmark = pytest.mark.django_db


def test_the_total_follows_every_way_spaces_are_written_and_removed():
    assert spaces_total() == Space.objects.count() == 0
    fresh_spaces("alice@example.com", 30, "Bulk")
    Space.objects.create(name="spaces/One", owner_email="bob@example.com")
    assert spaces_total() == 31
    # An upsert that finds the space already there adds nothing; one that does not, adds one.
    Space.objects.bulk_create(
        [Space(name="spaces/One", label="again"), Space(name="spaces/Two")],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["label"],
    )
    assert spaces_total() == Space.objects.count() == 32
    Space.objects.filter(name__startswith="spaces/Bulk0000").delete()
    Space.objects.get(name="spaces/Two").delete()
    assert spaces_total() == Space.objects.count() == 21
    Space.objects.filter(name="spaces/One").update(label="renamed")
    assert spaces_total() == 21


def test_a_write_that_rolls_back_leaves_the_total_as_it_was():
    fresh_spaces("alice@example.com", 3, "Kept")

    def five_more_then_a_duplicate() -> None:
        with transaction.atomic():
            fresh_spaces("alice@example.com", 5, "Gone")
            Space.objects.create(name="spaces/Kept00000")  # already there: the whole block rolls back

    with pytest.raises(IntegrityError):
        five_more_then_a_duplicate()
    assert spaces_total() == Space.objects.count() == 3


def test_emptying_the_table_empties_the_total():
    fresh_spaces("alice@example.com", 4, "Soon")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE spaces_space CASCADE")
    assert spaces_total() == 0


def test_all_spaces_shows_the_kept_total_unfiltered_and_a_count_filtered(client):
    carol = person("carol@example.com", role=Role.IT_ADMIN)
    client.force_login(carol)
    fresh_spaces("alice@example.com", 120, "Alice")
    fresh_spaces("bob@example.com", 7, "Bob")
    assert "127 spaces." in client.get(reverse("spaces:all")).content.decode()
    assert "127 spaces." in client.get(reverse("spaces:all"), {"sort": "owner", "page": "3"}).content.decode()
    assert "7 spaces match." in client.get(reverse("spaces:all"), {"owner": "bob"}).content.decode()
    Space.objects.filter(owner_email="bob@example.com").delete()
    assert "120 spaces." in client.get(reverse("spaces:all")).content.decode()
