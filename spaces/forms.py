"""Forms: what people type, checked before anything is queued."""

from __future__ import annotations

import json
import secrets

from django import forms
from django.conf import settings

import meet_client as meet
from accounts.email_addresses import validate_email_address
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

    def __init__(self, *args, **kwargs) -> None:
        # The home page also shows the list's filters, which have a "Who can join" of their own: with Django's default
        # ids both labels named the filter's select and the create form's select had no name at all.
        kwargs.setdefault("auto_id", "create_%s")
        super().__init__(*args, **kwargs)

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

    def clean(self) -> dict:
        cleaned = super().clean()
        upload = cleaned.get("csv_file")
        size = len(cleaned.get("emails", "").encode()) + (upload.size if upload is not None else 0)
        if size > settings.BULK_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"That is {size / 1_048_576:.1f} MB; one import takes at most "
                f"{settings.BULK_IMPORT_MAX_BYTES / 1_048_576:.0f} MB. Nothing was imported: split it."
            )
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
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "reason-help"}),
        help_text="Kept in the audit trail, e.g. the ticket number.",
    )
    # The conference the page showed: the worker ends that one or nothing, never a later call (a replay, a retry).
    conference = forms.CharField(max_length=200, widget=forms.HiddenInput)
    # A one-time token: the same form posted again (a double click, a replay, three tabs) makes one Operation.
    once = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,64}$", widget=forms.HiddenInput)

    def __init__(self, *args, reason_required: bool = False, conference: str = "", reason: str = "", **kwargs) -> None:
        kwargs.setdefault("initial", {"conference": conference, "once": secrets.token_urlsafe(24), "reason": reason})
        super().__init__(*args, **kwargs)
        self.fields["conference"].error_messages["required"] = (
            "This confirmation names no conference: open the space's page and confirm again."
        )
        self.fields["once"].error_messages["required"] = self.fields["once"].error_messages["invalid"] = (
            "This confirmation has expired: open the space's page and confirm again."
        )
        self.fields["reason"].required = reason_required
        if reason_required:
            # Someone else's call: the reason is the one thing to type, so the keyboard starts there.
            self.fields["reason"].widget.attrs["autofocus"] = True
            self.fields[
                "reason"
            ].help_text = "Required when you end someone else's conference: it goes in the audit trail."


def _choices(enum: type, labels: dict[str, str]) -> list[tuple[str, str]]:
    return [("", "Default (Google's or your organisation's)")] + [
        (member.value, labels.get(member.value, member.value.replace("_", " ").capitalize()))
        for member in enum
        if not member.value.endswith("_UNSPECIFIED")
    ]


ON_OFF = {"ON": "On", "OFF": "Off"}


class SpaceSettingsForm(forms.Form):
    """SpaceConfig, grouped as Google groups it. Empty means "not set": Google's or the organisation's default."""

    GROUPS = {
        "Access": ["access_type", "entry_point_access"],
        "Host management": [
            "moderation",
            "chat_restriction",
            "reaction_restriction",
            "present_restriction",
            "default_join_as_viewer_type",
        ],
        "Artifacts": ["auto_recording_generation", "auto_transcription_generation", "auto_smart_notes_generation"],
        "Attendance report": ["attendance_report_generation_type"],
    }
    access_type = forms.ChoiceField(
        label="Who can join",
        required=False,
        choices=_choices(meet.AccessType, {"OPEN": "Open", "TRUSTED": "Trusted", "RESTRICTED": "Restricted"}),
    )
    entry_point_access = forms.ChoiceField(
        label="Ways to join",
        required=False,
        choices=_choices(
            meet.EntryPointAccess, {"ALL": "All entry points", "CREATOR_APP_ONLY": "Only the app that created it"}
        ),
    )
    moderation = forms.ChoiceField(label="Host management", required=False, choices=_choices(meet.Moderation, ON_OFF))
    chat_restriction = forms.ChoiceField(
        label="Who can chat", required=False, choices=_choices(meet.RestrictionType, {})
    )
    reaction_restriction = forms.ChoiceField(
        label="Who can react", required=False, choices=_choices(meet.RestrictionType, {})
    )
    present_restriction = forms.ChoiceField(
        label="Who can present", required=False, choices=_choices(meet.RestrictionType, {})
    )
    default_join_as_viewer_type = forms.ChoiceField(
        label="Join as viewers by default", required=False, choices=_choices(meet.DefaultJoinAsViewerType, ON_OFF)
    )
    auto_recording_generation = forms.ChoiceField(
        label="Record automatically", required=False, choices=_choices(meet.AutoGenerationType, ON_OFF)
    )
    auto_transcription_generation = forms.ChoiceField(
        label="Transcribe automatically", required=False, choices=_choices(meet.AutoGenerationType, ON_OFF)
    )
    auto_smart_notes_generation = forms.ChoiceField(
        label="Take notes automatically", required=False, choices=_choices(meet.AutoGenerationType, ON_OFF)
    )
    attendance_report_generation_type = forms.ChoiceField(
        label="Attendance report",
        required=False,
        choices=_choices(
            meet.AttendanceReportGenerationType, {"GENERATE_REPORT": "Generate", "DO_NOT_GENERATE": "Do not generate"}
        ),
    )
    confirm_reset = forms.BooleanField(required=False, label="Yes, turn host management off and reset its restrictions")
    # The values the form was loaded with: a change is judged against them, not against whatever the cache holds
    # when it is posted, so a form opened before someone else's change never silently undoes it.
    loaded = forms.CharField(widget=forms.HiddenInput, max_length=4000)

    RESTRICTIONS = ("chat_restriction", "reaction_restriction", "present_restriction", "default_join_as_viewer_type")

    @classmethod
    def initial_from(cls, config: dict) -> dict[str, str]:
        restrictions = config.get("moderationRestrictions", {})
        artifacts = config.get("artifactConfig", {})
        return {
            "access_type": config.get("accessType", ""),
            "entry_point_access": config.get("entryPointAccess", ""),
            "moderation": config.get("moderation", ""),
            "chat_restriction": restrictions.get("chatRestriction", ""),
            "reaction_restriction": restrictions.get("reactionRestriction", ""),
            "present_restriction": restrictions.get("presentRestriction", ""),
            "default_join_as_viewer_type": restrictions.get("defaultJoinAsViewerType", ""),
            "auto_recording_generation": artifacts.get("recordingConfig", {}).get("autoRecordingGeneration", ""),
            "auto_transcription_generation": artifacts.get("transcriptionConfig", {}).get(
                "autoTranscriptionGeneration", ""
            ),
            "auto_smart_notes_generation": artifacts.get("smartNotesConfig", {}).get("autoSmartNotesGeneration", ""),
            "attendance_report_generation_type": config.get("attendanceReportGenerationType", ""),
        }

    def __init__(self, *args, current: dict, chosen: dict | None = None, **kwargs) -> None:
        """`chosen`: a config the person asked for before (a failed change tried again) to show instead of the
        current one; what the form counts as loaded is still the current config."""
        initial = self.initial_from(current)
        shown = self.initial_from(chosen) if chosen is not None else initial
        super().__init__(*args, initial={**shown, "loaded": json.dumps(initial, sort_keys=True)}, **kwargs)
        self.current = current
        self.fields["loaded"].error_messages["required"] = self.OUT_OF_DATE

    OUT_OF_DATE = "This form is out of date or incomplete: open the settings again."

    def clean_loaded(self) -> dict[str, str]:
        try:
            loaded = json.loads(self.cleaned_data["loaded"])
        except ValueError:
            loaded = None
        names = set(self.initial_from({}))
        if (
            not isinstance(loaded, dict)
            or not set(loaded) <= names
            or not all(isinstance(v, str) for v in loaded.values())
        ):
            raise forms.ValidationError(self.OUT_OF_DATE)
        return {name: loaded.get(name, "") for name in names}

    def grouped(self) -> list[tuple[str, list]]:
        return [(title, [self[name] for name in names]) for title, names in self.GROUPS.items()]

    @property
    def resets_restrictions(self) -> bool:
        """Turning moderation OFF makes Google reset the restrictions: say so before saving, not after."""
        data = self.cleaned_data
        was_on = self.current.get("moderation") == "ON"
        return was_on and data.get("moderation") == "OFF" and bool(self.current.get("moderationRestrictions"))

    @property
    def asks_confirmation(self) -> bool:
        return self.is_bound and hasattr(self, "cleaned_data") and self.resets_restrictions

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.resets_restrictions and not cleaned.get("confirm_reset"):
            raise forms.ValidationError(
                "Turning host management off makes Google reset who can chat, react and present to their defaults. "
                "Tick the box to confirm, or keep host management on."
            )
        return cleaned

    def wanted(self) -> meet.SpaceConfig:
        return self.config_from(self.cleaned_data)

    @classmethod
    def config_from(cls, values: dict) -> meet.SpaceConfig:
        """The SpaceConfig that form values stand for (the posted ones, or those the form was loaded with)."""
        data = {name: value for name, value in values.items() if value and name in cls.base_fields}
        data = {name: value for name, value in data.items() if name not in ("confirm_reset", "loaded")}
        restrictions = {key: data[key] for key in cls.RESTRICTIONS if key in data}
        artifacts = {
            "recording_config": {"auto_recording_generation": data.get("auto_recording_generation")},
            "transcription_config": {"auto_transcription_generation": data.get("auto_transcription_generation")},
            "smart_notes_config": {"auto_smart_notes_generation": data.get("auto_smart_notes_generation")},
        }
        as_json = {
            "accessType": data.get("access_type"),
            "entryPointAccess": data.get("entry_point_access"),
            "moderation": data.get("moderation"),
            "moderationRestrictions": {_camel(key): value for key, value in restrictions.items()} or None,
            "attendanceReportGenerationType": data.get("attendance_report_generation_type"),
            "artifactConfig": {
                _camel(group): {_camel(key): value for key, value in fields.items() if value}
                for group, fields in artifacts.items()
                if any(fields.values())
            }
            or None,
        }
        return meet.SpaceConfig.from_json({key: value for key, value in as_json.items() if value})


def _camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(part.capitalize() for part in rest)


class EmailAddressField(forms.EmailField):
    """A typed address, judged as the bulk import judges a listed one (accounts/email_addresses.py)."""

    default_validators = [validate_email_address]


class MemberChangeForm(forms.Form):
    """Judged against the co-hosts the cache knows now; `shown` (those the page showed) only says whether that
    changed since. Adding a co-host or removing one already gone is "nothing to change", never a Google call."""

    add = EmailAddressField(label="Add a co-host by e-mail", required=False)
    remove = forms.CharField(required=False, widget=forms.HiddenInput)
    shown = forms.CharField(required=False, max_length=20000, widget=forms.HiddenInput)

    def __init__(self, *args, members: list[dict], **kwargs) -> None:
        emails = ",".join(sorted(member.get("email", "") for member in members if member.get("email")))
        kwargs.setdefault("initial", {"shown": emails})
        super().__init__(*args, **kwargs)
        self.members = members

    def clean(self) -> dict:
        cleaned = super().clean()
        name, email = cleaned.get("remove"), (cleaned.get("add") or "").lower()
        shown = {address.strip().lower() for address in cleaned.get("shown", "").split(",") if address.strip()}
        since = " (since this page was opened)" if "shown" in self.data else ""
        if name and name not in {member["name"] for member in self.members}:
            raise forms.ValidationError(
                f"That person is not a co-host of this space (any more){since}: nothing to change."
            )
        current = {member.get("email", "").lower() for member in self.members}
        if email and email in current:
            note = since if email not in shown else ""
            raise forms.ValidationError(f"{email} is already a co-host{note}: nothing to change.")
        if not self.errors and not email and not name:
            raise forms.ValidationError("Enter the e-mail address of the person to add.")
        return cleaned

    def removed_email(self) -> str:
        name = self.cleaned_data.get("remove")
        return next((member.get("email", "") for member in self.members if member["name"] == name), "")


class TranscriptSearchForm(forms.Form):
    q = forms.CharField(
        label="Search this transcript",
        required=False,
        max_length=200,
        strip=True,
        error_messages={"max_length": "Search for at most %(limit_value)d characters; this is %(show_value)d."},
    )
