"""`{{ form.field|kept }}`: the field's widget as `{{ form.field }}` renders it, from spaces/widget_cache.py's cache."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from spaces.widget_cache import form_widgets

register = template.Library()


@register.filter
def kept(field: BoundField) -> SafeString:
    return form_widgets(field.form)[field.name]
