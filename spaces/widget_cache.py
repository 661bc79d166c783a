"""The list pages' filter forms, rendered once per distinct input and then kept.

Django renders each widget through its own template (a select includes a template per option): about a third of
a list page's template time went into the same few filter fields, drawn the same way on almost every view. The
HTML of a widget depends only on the field's set-up and its bound value and errors, so those are the key; a page
with new input renders and adds its own. The cache is per process and bounded (least recently used goes first).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString

KEPT = 512
_kept: OrderedDict[str, dict[str, SafeString]] = OrderedDict()
_lock = threading.Lock()


def form_widgets(form: forms.Form) -> dict[str, SafeString]:
    """Each field's widget HTML, as `{{ form.field }}` renders it, by name (in templates: `{{ form.field|kept }}`)."""
    mine = getattr(form, "_kept_widgets", None)
    if mine is None:
        mine = form._kept_widgets = _kept_or_rendered(form)
    return mine


def _kept_or_rendered(form: forms.Form) -> dict[str, SafeString]:
    key = _key(form)
    with _lock:
        widgets = _kept.get(key)
        if widgets is not None:
            _kept.move_to_end(key)
            return widgets
    widgets = {field.name: format_html("{}", field) for field in form}  # Django's own escaping (BoundField.__html__)
    with _lock:
        _kept[key] = widgets
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return widgets


def _key(form: forms.Form) -> str:
    # Everything BoundField.as_widget reads: the widget and its attributes, what the field requires and says, its
    # choices, the bound value and whether it has errors (aria-invalid, aria-describedby).
    fields = [
        (
            field.name,
            type(field.field.widget).__qualname__,
            sorted(field.field.widget.attrs.items()),
            field.field.required,
            field.field.disabled,
            str(field.help_text),
            str(getattr(field.field, "choices", "")),
            field.value(),
            list(field.errors),
        )
        for field in form
    ]
    return repr((type(form).__qualname__, form.prefix, form.auto_id, form.use_required_attribute, fields))
