"""Forms: what people type, checked before anything is queued."""

from __future__ import annotations

from django import forms

from spaces import meet
from spaces.services.bulk_import import emails_from_text

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


class BulkImportForm(forms.Form):
    emails = forms.CharField(
        label="E-mail addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One per line, or separated by commas or spaces.",
    )
    csv_file = forms.FileField(label="Or a CSV file of addresses", required=False)

    MAX_BYTES = 2_000_000

    def clean(self) -> dict:
        cleaned = super().clean()
        upload = cleaned.get("csv_file")
        if upload is not None and upload.size > self.MAX_BYTES:
            raise forms.ValidationError("That file is larger than 2 MB; split it.")
        if not cleaned.get("emails", "").strip() and upload is None:
            raise forms.ValidationError("Paste some addresses or choose a CSV file.")
        return cleaned

    def entries(self) -> list[str]:
        text = self.cleaned_data.get("emails", "")
        upload = self.cleaned_data.get("csv_file")
        if upload is not None:
            text += "\n" + upload.read().decode("utf-8-sig", errors="replace")
        return emails_from_text(text)


class EndConferenceForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the audit trail, e.g. the ticket number.",
    )

    def __init__(self, *args, reason_required: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required
        if reason_required:
            self.fields[
                "reason"
            ].help_text = "Required when you end someone else's conference: it goes in the audit trail."
