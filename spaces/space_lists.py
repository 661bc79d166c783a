"""Pagination and rows of space lists, shared by "Your spaces" and IT admins' "All spaces" (their filters and sorts
are in spaces/filters.py).

Reads the cache only, in a constant number of queries: the filters are indexed columns, the page is one query and
its count another.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from accounts.local_times import stamp_minutes
from spaces.filters import SpaceFilter
from spaces.models import Space
from spaces.templatetags.meet_labels import google_label

PAGE_SIZE = 50
# What a list shows of each space (space_rows) and what tells it is stale: its settings and members, JSON to
# decode per row, are not read for a list.
LISTED_FIELDS = (
    "name",
    "label",
    "owner_email",
    "meeting_code",
    "meeting_uri",
    "meeting_code_seen_at",
    "access_type",
    "active_conference",
    "active_participant_count",
    "made_by_meetadmin",
    "made_by_checked",
    "config_seen_at",
    "fetched_at",
)


class _CountedPaginator(Paginator):
    """A paginator told how many there are, when that is known without counting them."""

    def __init__(self, object_list, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def spaces_page(filters: SpaceFilter, page_number: str | None, *, count: int | None = None) -> Page:
    """One page in two cheap queries however deep it is (a third counts the matches).

    Page 500 of 100,000 spaces skips 25,000 rows: the ids of the page are found first, in the sort's index alone
    (an index-only scan, since each sort's index ends with the id), and only those 50 rows are then read whole.
    Skipping whole rows instead read 25,000 rows from the table on every deep page. `count`, if given, is how many
    spaces the filters leave (known without counting them).
    """
    ordered = filters.qs.values_list("pk", flat=True)
    paginator = Paginator(ordered, PAGE_SIZE) if count is None else _CountedPaginator(ordered, PAGE_SIZE, count)
    page = paginator.get_page(page_number)
    names = list(page.object_list)
    rows = Space.objects.only(*LISTED_FIELDS).in_bulk(names) if names else {}
    page.object_list = [rows[name] for name in names if name in rows]
    return page


def space_rows(spaces: list[Space]) -> list[dict[str, object]]:
    """What each row of a space table shows, worked out here rather than by template filters and model properties.

    The template engine tries a dict key first, so each `{{ row.x }}` is one lookup, and each value is ready: a
    list page spent more time in `date`, `default` and `google_label` per row than in its queries.
    """
    return [
        {
            "url": space.get_absolute_url(),
            "title": space.label or space.name,
            "label": space.label,
            "name": space.name,
            "owner": space.owner_email or "unknown",
            "meeting_code": space.meeting_code,
            "meeting_uri": space.meeting_uri,
            "code_seen": stamp_minutes(space.meeting_code_seen_at),
            # Google shows settings only to the owner: until someone reads it as the owner, "Default" would be a guess.
            "access": google_label(space.access_type) if space.config_seen_at else None,
            "live": space.is_live,
            "in_call": space.active_participant_count,
            "made_here": space.made_by_meetadmin,
            "made_elsewhere": not space.made_by_meetadmin and space.made_by_checked,
            "fetched": stamp_minutes(space.fetched_at),
        }
        for space in spaces
    ]
