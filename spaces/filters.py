"""What people filter lists by: the space lists ("Your spaces", IT admins' "All spaces") and the audit log, as
django-filter FilterSets.

A filter with bad input (a "From" after "Until", a choice that is not offered) leaves nothing: the page shows the
error and no rows, never the whole list as if nothing had been asked (`qs`). Each filter is one indexed condition;
none reads the database to build its form, so a page's query count does not change with its filters.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from meet_client import space_name_of
from spaces.forms import ACCESS_TYPES
from spaces.models import Operation, Space

SORTS = {
    "label": ("label", "meeting_code", "name"),
    "code": ("meeting_code", "name"),
    "access": ("access_type", "label", "name"),
    "live": ("-active_participant_count", "label", "name"),
    "fresh": ("-fetched_at", "name"),
    "stale": ("fetched_at", "name"),
    "owner": ("owner_email", "label", "name"),
}
SORT_CHOICES = [
    ("label", "Label"),
    ("code", "Meeting code"),
    ("access", "Who can join"),
    ("live", "Live first"),
    ("fresh", "Most recently read"),
    ("stale", "Least recently read"),
]
WRITE_KINDS = [(kind.value, kind.label) for kind in Operation.Kind if kind in Operation.WRITE_KINDS]


class ChoiceFilter(django_filters.ChoiceFilter):
    """Django's own ChoiceField, with the "Any" choice written out: django-filter's adds its empty choice through an
    iterator object, which the filter widgets' cache (spaces/widget_cache.py) cannot key on."""

    field_class = forms.ChoiceField


class CheckFilter(django_filters.Filter):
    """A checkbox: ticked narrows the list, unticked (False, which django-filter does not count as empty) does not."""

    field_class = forms.BooleanField


class FilterSet(django_filters.FilterSet):
    def narrows(self) -> bool:
        """Whether rows are left out: a filter was asked for (sorting is not one), or bad input (a bad sort too)
        leaves out all of them."""
        if self.is_bound and not self.is_valid():
            return True
        return any(value for key, value in self.data.items() if key in self.filters and key != "sort")

    def sorted(self, queryset: QuerySet) -> QuerySet:
        """The list in its order: the one asked for, else the list's own (a list is sorted even unfiltered)."""
        raise NotImplementedError

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        return self.sorted(super().filter_queryset(queryset))

    @property
    def qs(self) -> QuerySet:
        if not self.is_bound:
            return self.sorted(self.queryset.all())  # django-filter applies no filter, so no order, to no input
        if not self.is_valid():
            return self.queryset.none()  # the form says what is wrong; a list of everything would hide it
        return super().qs


class SpaceFilter(FilterSet):
    """A person's own spaces: search, live, who can join, made here, needs attention, and the sort."""

    q = django_filters.CharFilter(label="Search label, code or id", max_length=200, method="search")
    live = CheckFilter(label="Live now", method="live_only")
    access_type = ChoiceFilter(label="Who can join", choices=[("", "Any")] + [c for c in ACCESS_TYPES if c[0]])
    made_here = ChoiceFilter(
        label="Made by meetadmin", choices=[("", "Any"), ("yes", "Yes"), ("no", "No")], method="made_by_meetadmin"
    )
    attention = CheckFilter(
        label="Needs attention",
        help_text="No meeting code, owner unknown, or not read from Google for a day",
        method="needing_attention",
    )
    sort = ChoiceFilter(label="Sort by", choices=SORT_CHOICES, method="sorted_by")

    class Meta:
        model = Space
        fields: list[str] = []

    def search(self, spaces: QuerySet[Space], name: str, query: str) -> QuerySet[Space]:
        return spaces.filter(
            Q(label__icontains=query)
            | Q(meeting_code__icontains=query.lower())
            | Q(name=query)
            | Q(name=space_name_of(query))
        )

    def live_only(self, spaces: QuerySet[Space], name: str, ticked: bool) -> QuerySet[Space]:
        return spaces.exclude(active_conference="") if ticked else spaces

    def made_by_meetadmin(self, spaces: QuerySet[Space], name: str, value: str) -> QuerySet[Space]:
        return spaces.filter(made_by_meetadmin=value == "yes")

    def needing_attention(self, spaces: QuerySet[Space], name: str, ticked: bool) -> QuerySet[Space]:
        if not ticked:
            return spaces
        stale = timezone.now() - timedelta(days=1)
        return spaces.filter(
            Q(meeting_code="") | Q(owner_email="") | Q(fetched_at__isnull=True) | Q(fetched_at__lt=stale)
        )

    def sorted_by(self, spaces: QuerySet[Space], name: str, value: str) -> QuerySet[Space]:
        return spaces  # every list is sorted, chosen or not: `sorted` does it last

    def sorted(self, spaces: QuerySet[Space]) -> QuerySet[Space]:
        sort = (self.form.cleaned_data.get("sort") if self.is_bound else "") or "label"
        return spaces.order_by(*SORTS[sort])


class AllSpacesFilter(SpaceFilter):
    """IT admins' every space: the owners' filters, plus the owner and a sort by owner."""

    owner = django_filters.CharFilter(label="Owner", max_length=254, method="owned_by")
    sort = ChoiceFilter(label="Sort by", choices=[*SORT_CHOICES, ("owner", "Owner")], method="sorted_by")

    def owned_by(self, spaces: QuerySet[Space], name: str, owner: str) -> QuerySet[Space]:
        return spaces.filter(owner_email__icontains=owner.lower())


class AuditFilterForm(forms.Form):
    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            raise forms.ValidationError("“From” is after “Until”.")
        return cleaned


class AuditFilter(FilterSet):
    """Every write Operation, by person, space, action, outcome and the days it was asked (in the person's zone)."""

    person = django_filters.CharFilter(label="Person", max_length=254, method="by_person")
    space = django_filters.CharFilter(label="Space id or code", max_length=200, method="on_space")
    action = ChoiceFilter(label="Action", field_name="kind", choices=[("", "Any"), *WRITE_KINDS])
    outcome = ChoiceFilter(label="Outcome", field_name="state", choices=[("", "Any"), *Operation.State.choices])
    since = django_filters.DateFilter(label="From", widget=forms.DateInput(attrs={"type": "date"}), method="from_day")
    until = django_filters.DateFilter(label="Until", widget=forms.DateInput(attrs={"type": "date"}), method="until_day")

    class Meta:
        model = Operation
        fields: list[str] = []
        form = AuditFilterForm

    def __init__(self, data=None, queryset=None, **kwargs) -> None:
        if queryset is None:
            queryset = Operation.objects.filter(kind__in=Operation.WRITE_KINDS).select_related("actor", "space")
        super().__init__(data, queryset, **kwargs)

    def by_person(self, operations: QuerySet[Operation], name: str, person: str) -> QuerySet[Operation]:
        return operations.filter(Q(actor__email__icontains=person) | Q(identity_email__icontains=person))

    def on_space(self, operations: QuerySet[Operation], name: str, space: str) -> QuerySet[Operation]:
        return operations.filter(
            Q(space_name=space)
            | Q(space_name=space_name_of(space))
            | Q(space__meeting_code=space.lower())
            | Q(target__icontains=space)
        )

    def from_day(self, operations: QuerySet[Operation], name: str, day) -> QuerySet[Operation]:
        start = datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
        return operations.filter(created_at__gte=start)

    def until_day(self, operations: QuerySet[Operation], name: str, day) -> QuerySet[Operation]:
        end = datetime.combine(day, time.max, tzinfo=timezone.get_current_timezone())
        return operations.filter(created_at__lte=end)

    def sorted(self, operations: QuerySet[Operation]) -> QuerySet[Operation]:
        return operations.order_by("-created_at", "-pk")
