"""Filter forms' widgets are kept once rendered (spaces/widget_cache.py): whatever the input, what is served from
the cache must be what Django renders for that input, errors and all."""

from __future__ import annotations

import pytest

from spaces.filters import AllSpacesFilter, AuditFilter, SpaceFilter
from spaces.forms import AddByLinkForm, CreateSpaceForm
from spaces.widget_cache import _kept, form_widgets


def space_filter_form(data=None, *, with_owner: bool = False):
    """The list filters' form, as the list pages build it (django-filter makes its form class per FilterSet)."""
    return (AllSpacesFilter if with_owner else SpaceFilter)(data).form


def audit_filter_form(data=None):
    return AuditFilter(data).form


INPUTS = [
    (space_filter_form, {}, {}),
    (space_filter_form, {"q": "retro", "access_type": "TRUSTED", "sort": "code"}, {}),
    (space_filter_form, {"q": "retro", "access_type": "OPEN", "live": "on"}, {}),
    (space_filter_form, {"owner": "bob", "sort": "owner"}, {"with_owner": True}),
    (space_filter_form, {"owner": "bob", "sort": "owner"}, {}),  # no owner field: "owner" is not a sort either
    (space_filter_form, {"access_type": "NOT_A_TYPE"}, {}),  # an error: aria-invalid
    (audit_filter_form, {"action": "patch", "since": "2026-01-02"}, {}),
    (audit_filter_form, {"since": "yesterday"}, {}),
    (AddByLinkForm, {}, {}),
    (AddByLinkForm, {"link": "not a meet link"}, {}),
    (CreateSpaceForm, {"label": "Retro", "access_type": "OPEN"}, {}),
]


def rendered_by_django(form_class, data, options) -> dict[str, str]:
    form = form_class(data or None, **options)
    return {field.name: str(field) for field in form}


@pytest.mark.parametrize(("form_class", "data", "options"), INPUTS)
def test_kept_widgets_are_what_django_renders_for_that_input(form_class, data, options):
    for _ in range(2):  # the first renders and keeps, the second is served from what was kept
        assert form_widgets(form_class(data or None, **options)) == rendered_by_django(form_class, data, options)


def test_an_invalid_value_is_marked_so_in_the_kept_html():
    widgets = form_widgets(space_filter_form({"access_type": "NOT_A_TYPE"}))
    assert 'aria-invalid="true"' in widgets["access_type"]
    assert 'aria-invalid="true"' not in form_widgets(space_filter_form({"access_type": "OPEN"}))["access_type"]


def test_a_filter_form_seen_again_is_served_from_what_was_kept():
    # django-filter builds a new form class for every FilterSet: the key must not depend on the class itself.
    form_widgets(space_filter_form({"q": "kept-once", "sort": "code"}))
    form_widgets(audit_filter_form({"action": "patch", "person": "kept-once"}))
    size = len(_kept)
    for _ in range(3):
        form_widgets(space_filter_form({"q": "kept-once", "sort": "code"}))
        form_widgets(audit_filter_form({"action": "patch", "person": "kept-once"}))
    assert len(_kept) == size


def test_the_chosen_value_is_the_one_selected():
    assert '<option value="code" selected>' in form_widgets(space_filter_form({"sort": "code"}))["sort"]
    assert '<option value="label" selected>' in form_widgets(space_filter_form({"sort": "label"}))["sort"]
