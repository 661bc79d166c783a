"""The audit log: every write Operation, paged, and exported as CSV that streams (flat memory); its filters are in
spaces/filters.py."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.db.models import QuerySet

from accounts.local_times import stamp_seconds
from spaces.models import Operation

CSV_COLUMNS = [
    "time",
    "person",
    "identity_kind",
    "identity",
    "action",
    "space",
    "target",
    "reason",
    "outcome",
    "message",
    "config_before",
    "config_after",
    "attempts",
    "finished",
]


# What the audit page's table shows: the page reads only these (not the space joined in, nor each Operation's
# parameters and raw result, which are JSON to decode per row).
LISTED_FIELDS = (
    "created_at",
    "actor__email",
    "identity_email",
    "identity_kind",
    "kind",
    "space_name",
    "target",
    "reason",
    "state",
    "result_message",
    "config_before",
    "config_after",
)


def as_listed(operations: QuerySet[Operation]) -> QuerySet[Operation]:
    return operations.select_related(None).select_related("actor").only(*LISTED_FIELDS)


def audit_rows(operations: list[Operation]) -> list[dict[str, object]]:
    """What each row of the audit table shows, worked out here: a dict key is the template engine's cheapest lookup,
    and the `date` filter and `get_…_display` per row cost more than the page's queries (docs/benchmarks.md)."""
    return [
        {
            "when": stamp_seconds(operation.created_at),
            "who": (operation.actor.email if operation.actor_id else "") or "meetadmin",
            "identity": operation.identity_email,
            "identity_kind": operation.get_identity_kind_display(),
            "what": operation.get_kind_display(),
            "space_name": operation.space_name,
            "target": operation.target,
            "reason": operation.reason,
            "state": operation.state,
            "outcome": operation.get_state_display(),
            "message": operation.result_message,
            "has_config": operation.config_before is not None or operation.config_after is not None,
            "before": "" if operation.config_before is None else operation.config_before,
            "after": "" if operation.config_after is None else operation.config_after,
        }
        for operation in operations
    ]


class _Echo:
    """csv.writer writes into this and gets the line back, so rows are yielded, never accumulated."""

    def write(self, value: str) -> str:
        return value


# Rows are read as tuples, not models (no Space joined in, no objects made per row), and sent in chunks of this many
# rows: one socket write per chunk instead of per row, and memory flat however long the export.
CSV_ROWS_PER_CHUNK = 500
_KIND_LABELS = dict(Operation.Kind.choices)
_STATE_LABELS = dict(Operation.State.choices)
_CSV_FIELDS = (
    "created_at",
    "actor__email",
    "identity_kind",
    "identity_email",
    "kind",
    "space_name",
    "target",
    "reason",
    "state",
    "result_message",
    "config_before",
    "config_after",
    "attempts",
    "finished_at",
)
# A spreadsheet runs a cell that starts with one of these as a formula (`=HYPERLINK(...)` in a reason typed by anyone
# who ends a call would run on the IT admin's machine). A leading apostrophe makes it text, as OWASP advises.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_spreadsheet_text(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def csv_rows(operations: QuerySet[Operation]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    chunk: list[str] = []
    rows = operations.select_related(None).values_list(*_CSV_FIELDS).iterator(chunk_size=2000)
    for created, actor, identity_kind, identity, kind, space, target, reason, state, message, *rest in rows:
        config_before, config_after, attempts, finished = rest
        chunk.append(
            writer.writerow(
                [
                    created.isoformat(),
                    as_spreadsheet_text(actor or "meetadmin"),
                    identity_kind,
                    as_spreadsheet_text(identity),
                    _KIND_LABELS.get(kind, kind),
                    space or "",
                    as_spreadsheet_text(target),
                    as_spreadsheet_text(reason),
                    _STATE_LABELS.get(state, state),
                    as_spreadsheet_text(message),
                    json.dumps(config_before, sort_keys=True) if config_before is not None else "",
                    json.dumps(config_after, sort_keys=True) if config_after is not None else "",
                    attempts,
                    finished.isoformat() if finished else "",
                ]
            )
        )
        if len(chunk) >= CSV_ROWS_PER_CHUNK:
            yield "".join(chunk)
            chunk.clear()
    if chunk:
        yield "".join(chunk)
