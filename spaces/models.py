"""The cache of Google's space records, the conference history copied from Google, and Operations.

Everything is keyed by the space id (`spaces/{space}`, case-sensitive). A meeting code is only a display alias:
never a key, never unique here, never used in a write call.
"""

from __future__ import annotations

from functools import cache
from math import ceil
from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from meet_client import space_id_of
from spaces.audit_guard import audit_trail_guard


class Space(models.Model):
    name = models.CharField(primary_key=True, max_length=200, help_text="spaces/{space}: Google's permanent id.")
    meeting_code = models.CharField(max_length=128, blank=True, db_index=True, help_text="Last-seen alias.")
    meeting_code_seen_at = models.DateTimeField(null=True, blank=True)
    meeting_uri = models.URLField(blank=True)
    # Google's Space has no owner field: we know the owner because they created it here, added it (their `get`
    # returned `config`), or found it in their own conference records. Empty means "owner unknown".
    owner_email = models.EmailField(blank=True, db_index=True)
    made_by_meetadmin = models.BooleanField(default=False, help_text="Only then can its conference be ended here.")
    made_by_checked = models.BooleanField(
        default=False, help_text="Whether a created-scope-only `get` has told if meetadmin's project made it."
    )
    config = models.JSONField(default=dict, blank=True, help_text="SpaceConfig as Google returned it (camelCase).")
    config_seen_at = models.DateTimeField(null=True, blank=True)
    access_type = models.CharField(max_length=40, blank=True)
    entry_point_access = models.CharField(max_length=40, blank=True)
    moderation = models.CharField(max_length=40, blank=True)
    label = models.CharField(max_length=200, blank=True)
    active_conference = models.CharField(max_length=200, blank=True, help_text="conferenceRecords/{id}, if live.")
    active_participant_count = models.PositiveIntegerField(default=0)
    members = models.JSONField(default=list, blank=True, help_text="Co-hosts as the owner last read them.")
    fetched_at = models.DateTimeField(null=True, blank=True, help_text="When Google last answered for it.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # Each list's default sort, ending with the id, so that a page's ids come from the index alone
            # (spaces.space_lists pages in two steps; page 500 of "All spaces" skips 25,000 index entries, not rows).
            models.Index(fields=["owner_email", "label", "meeting_code", "name"], name="space_owner_sorted"),
            models.Index(fields=["label", "meeting_code", "name"], name="space_sorted"),
            models.Index(fields=["access_type"], name="space_access_type"),
            models.Index(fields=["made_by_meetadmin"], name="space_made_here"),
            models.Index(fields=["fetched_at"], name="space_fetched_at"),
            models.Index(fields=["active_conference"], name="space_live", condition=~Q(active_conference="")),
        ]

    def __str__(self) -> str:
        return self.label or self.meeting_code or self.name

    def get_absolute_url(self) -> str:
        # A list page links 50 spaces: one reverse() for all of them, not one per row.
        return _space_url_prefix() + quote(self.space_id, safe="") + "/"

    @property
    def space_id(self) -> str:
        return space_id_of(self.name)

    @property
    def owner_known(self) -> bool:
        return bool(self.owner_email)

    @property
    def is_live(self) -> bool:
        return bool(self.active_conference)


@cache
def _space_url_prefix() -> str:
    return reverse("spaces:space", args=["-"]).removesuffix("-/")


class ConferenceRecord(models.Model):
    """A conference as Google recorded it, kept past Google's 30-day window."""

    name = models.CharField(primary_key=True, max_length=200)
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="conference_records", db_constraint=False)
    start_time = models.DateTimeField(null=True, blank=True)
    end_time = models.DateTimeField(null=True, blank=True)
    expire_time = models.DateTimeField(null=True, blank=True)
    copied_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["space", "-start_time"], name="record_space_start")]

    def __str__(self) -> str:
        return self.name


class Participant(models.Model):
    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed-in user"
        ANONYMOUS = "anonymous", "Anonymous guest"
        PHONE = "phone", "Phone caller"

    name = models.CharField(primary_key=True, max_length=300)
    record = models.ForeignKey(ConferenceRecord, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    user = models.CharField(max_length=200, blank=True, help_text="users/{id} for signed-in people.")
    display_name = models.CharField(max_length=300, blank=True)
    earliest_start_time = models.DateTimeField(null=True, blank=True)
    latest_end_time = models.DateTimeField(null=True, blank=True, help_text="Empty while in the call.")

    def __str__(self) -> str:
        return self.display_name or self.name


class Artifact(models.Model):
    class Kind(models.TextChoices):
        RECORDING = "recording", "Recording"
        TRANSCRIPT = "transcript", "Transcript"
        SMART_NOTE = "smart_note", "Smart notes"

    name = models.CharField(primary_key=True, max_length=300)
    record = models.ForeignKey(ConferenceRecord, on_delete=models.CASCADE, related_name="artifacts")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=30, blank=True)
    start_time = models.DateTimeField(null=True, blank=True)
    end_time = models.DateTimeField(null=True, blank=True)
    file = models.CharField(max_length=300, blank=True, help_text="Drive file id or Docs document id.")
    export_uri = models.URLField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.name

    @property
    def page_ids(self) -> tuple[str, str]:
        """(record id, artifact id) from `conferenceRecords/{record}/{kind}/{artifact}`: the transcript page's URL."""
        parts = self.name.split("/")
        return (parts[1], parts[3]) if len(parts) == 4 else ("", "")


class TranscriptEntry(models.Model):
    """One person's speech in a transcript, copied so it can be read and searched after Google's 30 days.

    Keyed by Google's entry name, so copying again adds nothing twice. Only the owner and IT admins read it
    (spaces.permissions, Action.READ_TRANSCRIPT); COPY_TRANSCRIPTS turns copying off (docs/transcripts.md).
    """

    name = models.CharField(primary_key=True, max_length=400)
    transcript = models.ForeignKey(Artifact, on_delete=models.CASCADE, related_name="entries")
    participant = models.CharField(max_length=300, blank=True, help_text="Google's participant resource name.")
    speaker = models.CharField(max_length=300, blank=True, help_text="The participant's name when it was copied.")
    text = models.TextField()
    language_code = models.CharField(max_length=35, blank=True)
    start_time = models.DateTimeField(null=True, blank=True)
    end_time = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["transcript", "start_time", "name"], name="entry_transcript_start")]

    def __str__(self) -> str:
        return self.name


class Operation(models.Model):
    """One requested Meet action. Write operations are the audit trail: settled, they never change or go away.

    PostgreSQL enforces that (Meta.triggers, spaces/audit_guard.py), not just this code: an UPDATE of a settled
    row and a DELETE of a write operation are refused by the database itself.
    """

    class Kind(models.TextChoices):
        CREATE = "create", "Create a space"
        REFRESH = "refresh", "Refresh a space"
        RESOLVE = "resolve", "Look up a link or code"
        PATCH = "patch", "Change settings"
        END_CONFERENCE = "end_conference", "End the conference"
        MEMBERS = "members", "Change co-hosts"
        DISCOVER = "discover", "Discover spaces"
        # Not a Google call: IT moved a person to a new Google account (accounts.identity), settled when made.
        RELINK = "relink", "Re-link a Google account"
        # meetadmin's own roles: recorded settled when made, never queued (accounts/roles.py).
        ROLE_GRANT = "role_grant", "Grant a role"
        ROLE_REVOKE = "role_revoke", "Revoke a role"
        # Not a Google call: IT ended every session of a person (manage.py end_sessions), settled when made.
        SESSIONS_END = "sessions_end", "End a person's sessions"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Done"
        FAILED = "failed", "Failed"
        OUTCOME_UNKNOWN = "outcome_unknown", "Outcome unknown"
        CANCELLED = "cancelled", "Cancelled"  # a bulk job's queued rest, settled without calling Google

    class IdentityKind(models.TextChoices):
        OWN_GRANT = "own_grant", "Own Google grant"
        DELEGATION = "delegation", "Domain-wide delegation"
        NONE = "none", "No Google call"  # a change to meetadmin itself, such as a role

    # Every change a person makes, to Google or to meetadmin's own roles: the audit trail (and the database's
    # guard, built from this set, which refuses to delete one of these).
    WRITE_KINDS = frozenset(
        {
            Kind.CREATE,
            Kind.PATCH,
            Kind.END_CONFERENCE,
            Kind.MEMBERS,
            Kind.RELINK,
            Kind.ROLE_GRANT,
            Kind.ROLE_REVOKE,
            Kind.SESSIONS_END,
        }
    )

    class RetryReason(models.TextChoices):
        BUSY = "busy", "Google was busy"
        QUOTA = "quota", "Google's quota was used up"
        PACING = "pacing", "meetadmin paced its calls to stay within the quota"
        BEHIND = "behind", "An earlier change to this space went first"

    UNSETTLED = (State.QUEUED, State.RUNNING)

    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="operations"
    )
    identity_kind = models.CharField(max_length=20, choices=IdentityKind.choices)
    identity_email = models.EmailField(help_text="The Google user the call ran as.")
    # Google's resource name, `spaces/{space}` (Space.name), as `Space.space_id` is the bare `{space}`: one name, one
    # meaning. A column of its own with no database constraint, since the audit trail outlives any cached space.
    # NULL, not "", for "no space yet" (a create before Google answered, a role change): the foreign key this column
    # was kept that meaning, and the code asks `is None`.
    space_name = models.CharField(  # noqa: DJ001
        max_length=200, null=True, blank=True, db_index=True, help_text="spaces/{space}: the space it acted on."
    )
    # The cached space the row names, joined on space_name (no column of its own).
    space = models.ForeignObject(
        Space,
        from_fields=["space_name"],
        to_fields=["name"],
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="operations",
    )
    target = models.CharField(max_length=300, blank=True, help_text="What was asked for, as typed or pasted.")
    params = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    config_before = models.JSONField(null=True, blank=True)
    config_after = models.JSONField(null=True, blank=True)
    result_message = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    error_status = models.CharField(max_length=40, blank=True, help_text="Google's status when it failed.")
    attempts = models.PositiveSmallIntegerField(default=0)
    # What a waiting retry waits for (spaces/operations/runner.py), so that the page can say it in words instead of
    # showing "Queued" again after "Running"; until when is the lease the runner gave it back with (retry_at).
    retry_reason = models.CharField(max_length=20, choices=RetryReason.choices, blank=True, db_default="")
    lease_until = models.DateTimeField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    batch = models.CharField(max_length=32, blank=True, db_index=True, help_text="A bulk import's id.")
    once_key = models.CharField(
        max_length=100, blank=True, help_text="The confirmation form's one-time token: one form, one Operation."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["space_name", "-created_at"], name="operation_space_recent"),
            models.Index(fields=["actor", "-created_at"], name="operation_actor_recent"),
            # The audit log filtered by action (and a date range), and its count.
            models.Index(fields=["kind", "-created_at"], name="operation_kind_recent"),
            models.Index(
                fields=["state", "lease_until"],
                name="operation_unsettled",
                condition=Q(state__in=["queued", "running"]),
            ),
        ]
        constraints = [
            # Never two refreshes of one space in flight: a page full of stale spaces queues each once.
            models.UniqueConstraint(
                fields=["space_name", "kind"],
                condition=Q(state__in=["queued", "running"], kind="refresh"),
                name="one_refresh_in_flight_per_space",
            ),
            # A confirmation submitted twice, or three times at once, makes one Operation: the database refuses
            # the second row even when the requests race (spaces.operations.queue answers with the first one).
            models.UniqueConstraint(
                fields=["once_key"], condition=~Q(once_key=""), name="one_operation_per_confirmation"
            ),
        ]
        triggers = audit_trail_guard()

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_state_display()})"

    @property
    def is_write(self) -> bool:
        return self.kind in self.WRITE_KINDS

    @property
    def is_settled(self) -> bool:
        return self.state not in self.UNSETTLED

    # What a page shows never moves backwards: once a worker has started, a wait for the next try is "Retrying", not
    # "Queued" again (the row's own state goes back to queued so that the lease and the sweeper work as before).
    RETRYING = "retrying"

    @property
    def shown_state(self) -> str:
        if self.state == self.State.QUEUED and self.started_at is not None:
            return self.RETRYING
        return self.state

    @property
    def shown_state_label(self) -> str:
        return "Retrying" if self.shown_state == self.RETRYING else self.get_state_display()

    @property
    def retry_at(self):
        """When a waiting retry is tried again: the runner leases it back until then, so no worker takes it early."""
        return self.lease_until if self.shown_state == self.RETRYING else None

    @property
    def retry_in_seconds(self) -> int:
        if self.retry_at is None:
            return 0
        return max(ceil((self.retry_at - timezone.now()).total_seconds()), 0)

    @property
    def max_attempts(self) -> int:
        return settings.OPERATION_MAX_ATTEMPTS

    @property
    def progress_key(self) -> str:
        """What the outcome line shows, short: the browser sends it back and hears 204 while it is unchanged."""
        shown = self.shown_state
        if shown == self.State.QUEUED or self.is_settled:
            return shown
        if shown == self.RETRYING:
            return f"{shown}.{self.attempts}.{self.retry_reason}.{self.retry_in_seconds}"
        return f"{shown}.{self.attempts}"


class BulkImport(models.Model):
    """One bulk import as the IT admin asked for it: recorded by the request, expanded into Operations by a worker.

    The addresses are kept here (bounded by BULK_IMPORT_MAX_ADDRESSES) and `expanded` counts how many already have
    their Operation; a chunk's Operations and the new count commit together, so a worker killed mid-expansion
    resumes where the last committed chunk ended, without duplicates or losses.
    """

    class State(models.TextChoices):
        RUNNING = "running", "Running"
        PAUSED = "paused", "Paused"
        CANCELLED = "cancelled", "Cancelled"

    batch = models.CharField(max_length=32, unique=True, help_text="Operation.batch of its Operations.")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bulk_imports")
    addresses = models.JSONField(default=list)
    rejected = models.JSONField(default=list, blank=True)
    expanded = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=20, choices=State.choices, default=State.RUNNING)
    request_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Who paused, resumed or cancelled it, and when: the same people the audit log names.
    history = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"bulk import {self.batch} ({self.total} addresses, {self.state})"

    @property
    def total(self) -> int:
        return len(self.addresses)
