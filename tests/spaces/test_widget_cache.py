"""Filter forms' widgets are kept once rendered (spaces/widget_cache.py): whatever the input, what is served from
the cache must be what Django renders for that input, errors and all."""

from __future__ import annotations

import pytest

from spaces.audit_log import AuditFilterForm
from spaces.forms import AddByLinkForm, CreateSpaceForm
from spaces.space_lists import SpaceFilterForm
from spaces.widget_cache import form_widgets

INPUTS = [
    (SpaceFilterForm, {}, {}),
    (SpaceFilterForm, {"q": "retro", "access_type": "TRUSTED", "sort": "code"}, {}),
    (SpaceFilterForm, {"q": "retro", "access_type": "OPEN", "live": "on"}, {}),
    (SpaceFilterForm, {"owner": "bob", "sort": "owner"}, {"with_owner": True}),
    (SpaceFilterForm, {"owner": "bob", "sort": "owner"}, {}),  # no owner field: "owner" is not a sort either
    (SpaceFilterForm, {"access_type": "NOT_A_TYPE"}, {}),  # an error: aria-invalid
    (AuditFilterForm, {"action": "patch", "since": "2026-01-02"}, {}),
    (AuditFilterForm, {"since": "yesterday"}, {}),
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
    widgets = form_widgets(SpaceFilterForm({"access_type": "NOT_A_TYPE"}))
    assert 'aria-invalid="true"' in widgets["access_type"]
    assert 'aria-invalid="true"' not in form_widgets(SpaceFilterForm({"access_type": "OPEN"}))["access_type"]


def test_the_chosen_value_is_the_one_selected():
    assert '<option value="code" selected>' in form_widgets(SpaceFilterForm({"sort": "code"}))["sort"]
    assert '<option value="label" selected>' in form_widgets(SpaceFilterForm({"sort": "label"}))["sort"]
