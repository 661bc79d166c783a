"""An Operation names its space as Google does (`space_name`, `spaces/X`); `Space.space_id` is the bare `X`."""

from __future__ import annotations

import pytest
from django.db import connection

from spaces.models import Operation, Space


@pytest.mark.django_db
def test_the_column_is_space_name_and_its_indexes_and_constraint_followed_it():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Operation._meta.db_table)
        columns = {column.name for column in connection.introspection.get_table_description(cursor, "spaces_operation")}
    assert "space_name" in columns
    assert "space_id" not in columns
    assert constraints["operation_space_recent"]["columns"] == ["space_name", "created_at"]
    assert constraints["one_refresh_in_flight_per_space"]["columns"] == ["space_name", "kind"]


@pytest.mark.django_db
def test_an_operation_reaches_its_cached_space_through_the_name():
    space = Space.objects.create(name="spaces/jQCFfuBOdN5z")
    operation = Operation.objects.create(
        kind=Operation.Kind.REFRESH,
        identity_kind=Operation.IdentityKind.OWN_GRANT,
        identity_email="a@example.com",
        space=space,
    )
    assert operation.space_name == "spaces/jQCFfuBOdN5z"
    assert space.space_id == "jQCFfuBOdN5z"
    assert Operation.objects.select_related("space").get(pk=operation.pk).space == space
    assert list(space.operations.all()) == [operation]
    assert list(Operation.objects.filter(space__name="spaces/jQCFfuBOdN5z")) == [operation]
