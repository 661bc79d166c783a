"""Search, filters, sort and pagination of space lists, shared by "Your spaces" and IT admins' "All spaces".

Reads the cache only, in a constant number of queries: the filters are indexed columns, the page is one query and
its count another.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property

from meet_client import space_name_of
from spaces.forms import ACCESS_TYPES
from spaces.list_times import stamp_minutes
from spaces.models import Space
from spaces.templatetags.meet_labels import google_label

SORTS = {
    "label": ("label", "meeting_code", "name"),
    "code": ("meeting_code", "name"),
    "access": ("access_type", "label", "name"),
    "live": ("-active_participant_count", "label", "name"),
    "fresh": ("-fetched_at", "name"),
    "stale": ("fetched_at", "name"),
    "owner": ("owner_email", "label", "name"),
}
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


class SpaceFilterForm(forms.Form):
    q = forms.CharField(label="Search label, code or id", required=False, max_length=200)
    live = forms.BooleanField(label="Live now", required=False)
    access_type = forms.ChoiceField(
        label="Who can join", required=False, choices=[("", "Any")] + [c for c in ACCESS_TYPES if c[0]]
    )
    made_here = forms.ChoiceField(
        label="Made by meetadmin", required=False, choices=[("", "Any"), ("yes", "Yes"), ("no", "No")]
    )
    attention = forms.BooleanField(
        label="Needs attention",
        required=False,
        help_text="No meeting code, owner unknown, or not read from Google for a day",
    )
    owner = forms.CharField(label="Owner", required=False, max_length=254)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[
            ("label", "Label"),
            ("code", "Meeting code"),
            ("access", "Who can join"),
            ("live", "Live first"),
            ("fresh", "Most recently read"),
            ("stale", "Least recently read"),
            ("owner", "Owner"),
        ],
    )

    def __init__(self, *args, with_owner: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not with_owner:
            del self.fields["owner"]
            self.fields["sort"].choices = [c for c in self.fields["sort"].choices if c[0] != "owner"]

    def narrows(self) -> bool:
        """Whether `apply` leaves out any space (sorting does not)."""
        data = self.cleaned_data if self.is_valid() else {}
        return any(value for key, value in data.items() if key != "sort")

    def apply(self, spaces: QuerySet[Space]) -> QuerySet[Space]:
        data = self.cleaned_data if self.is_valid() else {}
        if query := data.get("q", "").strip():
            spaces = spaces.filter(
                Q(label__icontains=query)
                | Q(meeting_code__icontains=query.lower())
                | Q(name=query)
                | Q(name=space_name_of(query))
            )
        if data.get("live"):
            spaces = spaces.exclude(active_conference="")
        if access_type := data.get("access_type"):
            spaces = spaces.filter(access_type=access_type)
        if made_here := data.get("made_here"):
            spaces = spaces.filter(made_by_meetadmin=made_here == "yes")
        if data.get("attention"):
            stale = timezone.now() - timedelta(days=1)
            spaces = spaces.filter(
                Q(meeting_code="") | Q(owner_email="") | Q(fetched_at__isnull=True) | Q(fetched_at__lt=stale)
            )
        if owner := data.get("owner", "").strip():
            spaces = spaces.filter(owner_email__icontains=owner.lower())
        return spaces.order_by(*SORTS.get(data.get("sort") or "label", SORTS["label"]))


class _CountedPaginator(Paginator):
    """A paginator told how many there are, when that is known without counting them."""

    def __init__(self, object_list, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def spaces_page(
    form: SpaceFilterForm, spaces: QuerySet[Space], page_number: str | None, *, count: int | None = None
) -> Page:
    """One page in two cheap queries however deep it is (a third counts the matches).

    Page 500 of 100,000 spaces skips 25,000 rows: the ids of the page are found first, in the sort's index alone
    (an index-only scan, since each sort's index ends with the id), and only those 50 rows are then read whole.
    Skipping whole rows instead read 25,000 rows from the table on every deep page. `count`, if given, is how many
    `spaces` the form leaves (known without counting them).
    """
    ordered = form.apply(spaces).values_list("pk", flat=True)
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
