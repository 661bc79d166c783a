"""Django's admin over the cache and the audit trail, for operators (and the benchmarks' yardstick).

Operations are the audit trail, so the admin shows them and changes nothing (PostgreSQL would refuse anyway). The
space list shows what "All spaces" shows, with the same page size, so the two can be compared on equal terms.
"""

from __future__ import annotations

from django.contrib import admin

from meetadmin.read_only_admin import ShownNotEdited
from spaces.models import Artifact, ConferenceRecord, Operation, Participant, Space
from spaces.space_lists import PAGE_SIZE


class ReadOnlyAdmin(ShownNotEdited, admin.ModelAdmin):
    """Copies of Google's records and the audit trail: looked at here, never edited."""


@admin.register(Space)
class SpaceAdmin(ReadOnlyAdmin):
    list_display = ("name", "label", "meeting_code", "owner_email", "access_type", "made_by_meetadmin", "fetched_at")
    list_filter = ("access_type", "made_by_meetadmin")
    search_fields = ("name", "label", "meeting_code", "owner_email")
    ordering = ("label", "meeting_code", "name")
    list_per_page = PAGE_SIZE


@admin.register(ConferenceRecord)
class ConferenceRecordAdmin(ReadOnlyAdmin):
    list_display = ("name", "space_id", "start_time", "end_time")
    list_per_page = PAGE_SIZE


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "display_name", "earliest_start_time", "latest_end_time")
    list_per_page = PAGE_SIZE


@admin.register(Artifact)
class ArtifactAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "state", "start_time")
    list_per_page = PAGE_SIZE


@admin.register(Operation)
class OperationAdmin(ReadOnlyAdmin):
    list_display = ("pk", "kind", "state", "identity_email", "space_name", "created_at")
    list_filter = ("kind", "state")
    list_per_page = PAGE_SIZE
