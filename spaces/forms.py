"""Forms: what people type, checked before anything is queued."""

from __future__ import annotations

from django import forms

from spaces import meet

ACCESS_TYPES = [
    ("", "Your organisation's default"),
    (meet.AccessType.OPEN.value, "Open: anyone with the link joins"),
    (meet.AccessType.TRUSTED.value, "Trusted: your organisation joins, others knock"),
    (meet.AccessType.RESTRICTED.value, "Restricted: only invited people join"),
]


class AddByLinkForm(forms.Form):
    link = forms.CharField(
        label="Meeting link, code or space id",
        max_length=300,
        help_text="For example https://meet.google.com/abc-mnop-xyz, abc-mnop-xyz or spaces/jQCFfuBOdN5z.",
    )

    def clean_link(self) -> str:
        text = self.cleaned_data["link"]
        try:
            meet.SpaceName.parse(text)
        except meet.InvalidSpaceName as error:
            raise forms.ValidationError(str(error)) from error
        return text


class CreateSpaceForm(forms.Form):
    label = forms.CharField(
        label="Label", max_length=200, required=False, help_text="Your own name for it; only meetadmin shows it."
    )
    access_type = forms.ChoiceField(label="Who can join", choices=ACCESS_TYPES, required=False)

    def config(self) -> meet.SpaceConfig:
        access_type = self.cleaned_data.get("access_type") or None
        return meet.SpaceConfig(access_type=meet.AccessType(access_type) if access_type else None)
