"""A domain at scale, written straight into PostgreSQL with COPY: owners, their spaces, conference history, audit rows.

What the rows look like matters more than their number: labels share words (so a search finds a few per owner),
access types and liveness vary (so filters select), and every space has one settled write Operation (the audit
trail the audit log and its CSV export read). Settled rows may be inserted; the audit trigger refuses only changes.
"""

from __future__ import annotations

import json
import random
import string
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.roles import Role, role_grant
from spaces.models import ConferenceRecord, Operation, Participant, Space

WORDS = ["standup", "retro", "planning", "review", "sync", "design", "sales", "support", "board", "hiring"]
ACCESS = ["OPEN", "TRUSTED", "RESTRICTED"]
WRITE_KINDS = ["patch", "end_conference", "members"]
IT_ADMIN = "it-admin@example.com"
STAFF = "django-staff@example.com"


@dataclass
class Seeded:
    spaces: int
    owners: list[str]
    space_names: list[str]
    first_day: datetime


def owner_email(number: int) -> str:
    return f"owner{number:05d}@example.com"


def seed(*, spaces: int, owners: int, records_per_space: int = 2, seed_value: int = 8) -> Seeded:
    """Writes `spaces` spaces spread evenly over `owners` people, with history and one audit row each."""
    rng = random.Random(seed_value)
    now = timezone.now()
    first_day = (now - timedelta(days=100)).replace(hour=0, minute=0, second=0, microsecond=0)
    User = get_user_model()
    User.objects.bulk_create(
        # "!" is Django's unusable password: these people sign in only through Google.
        User(username=owner_email(n), email=owner_email(n), password="!")  # noqa: S106
        for n in range(owners)
    )
    actor_ids = dict(User.objects.filter(username__startswith="owner").values_list("email", "pk"))
    space_names = [f"spaces/{''.join(rng.choices(string.ascii_letters + string.digits, k=12))}" for _ in range(spaces)]

    def space_rows() -> Iterator[tuple]:
        for number, name in enumerate(space_names):
            code = "-".join("".join(rng.choices(string.ascii_lowercase, k=k)) for k in (3, 4, 3))
            access = ACCESS[number % 3]
            live = number % 40 == 0
            yield (
                name,
                code,
                now,
                f"https://meet.google.com/{code}",
                owner_email(number % owners),
                number % 4 == 0,
                True,
                json.dumps({"accessType": access, "entryPointAccess": "ALL"}),
                now,
                access,
                "ALL",
                "",
                f"{rng.choice(WORDS)} {rng.choice(WORDS)} {number}",
                f"conferenceRecords/live-{number}" if live else "",
                3 if live else 0,
                "[]",
                now,
                now,
            )

    _copy(
        Space,
        [
            "name",
            "meeting_code",
            "meeting_code_seen_at",
            "meeting_uri",
            "owner_email",
            "made_by_meetadmin",
            "made_by_checked",
            "config",
            "config_seen_at",
            "access_type",
            "entry_point_access",
            "moderation",
            "label",
            "active_conference",
            "active_participant_count",
            "members",
            "fetched_at",
            "created_at",
        ],
        space_rows(),
    )

    def record_rows() -> Iterator[tuple]:
        for number, name in enumerate(space_names):
            for back in range(records_per_space):
                start = now - timedelta(days=1 + back * 7, minutes=number % 600)
                yield (f"conferenceRecords/{number}-{back}", name, start, start + timedelta(minutes=30), None, now)

    _copy(ConferenceRecord, ["name", "space_id", "start_time", "end_time", "expire_time", "copied_at"], record_rows())

    def participant_rows() -> Iterator[tuple]:
        for number in range(spaces):
            for back in range(records_per_space):
                record = f"conferenceRecords/{number}-{back}"
                start = now - timedelta(days=1 + back * 7, minutes=number % 600)
                person = owner_email(number % owners)
                yield (
                    f"{record}/participants/1",
                    record,
                    "signed_in",
                    f"users/{number % owners}",
                    person,
                    start,
                    start,
                )

    _copy(
        Participant,
        ["name", "record_id", "kind", "user", "display_name", "earliest_start_time", "latest_end_time"],
        participant_rows(),
    )

    def operation_rows() -> Iterator[tuple]:
        seconds = (now - first_day).total_seconds()
        for number, name in enumerate(space_names):
            owner = owner_email(number % owners)
            kind = WRITE_KINDS[number % 3]
            created = first_day + timedelta(seconds=seconds * number / spaces)
            failed = number % 50 == 0
            yield (
                kind,
                "failed" if failed else "succeeded",
                actor_ids[owner],
                "own_grant",
                owner,
                name,
                "",
                "{}",
                "moved by the benchmark" if kind == "end_conference" else "",
                json.dumps({"accessType": "OPEN"}) if kind == "patch" else None,
                json.dumps({"accessType": "TRUSTED"}) if kind == "patch" else None,
                "Google said no." if failed else "Done.",
                "{}",
                "PERMISSION_DENIED" if failed else "",
                1,
                "",
                "",
                "",
                created,
                created,
                created + timedelta(seconds=1),
            )

    _copy(
        Operation,
        [
            "kind",
            "state",
            "actor_id",
            "identity_kind",
            "identity_email",
            "space_name",
            "target",
            "params",
            "reason",
            "config_before",
            "config_after",
            "result_message",
            "result",
            "error_status",
            "attempts",
            "request_id",
            "batch",
            "once_key",
            "created_at",
            "started_at",
            "finished_at",
        ],
        operation_rows(),
    )
    with connection.cursor() as cursor:
        # Steady state, as autovacuum leaves it: statistics and the visibility map (index-only scans rely on it).
        cursor.execute("VACUUM ANALYZE")
    return Seeded(
        spaces=spaces, owners=[owner_email(n) for n in range(owners)], space_names=space_names, first_day=first_day
    )


def _copy(model, fields: list[str], rows: Iterable[tuple]) -> None:
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(field).column) for field in fields)
    statement = f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def it_admin():
    user, _ = get_user_model().objects.get_or_create(username=IT_ADMIN, defaults={"email": IT_ADMIN})
    role_grant(user=user, role=Role.IT_ADMIN)
    return user


def django_staff():
    """The yardstick's user: a superuser of Django's admin."""
    user, _ = get_user_model().objects.get_or_create(
        username=STAFF, defaults={"email": STAFF, "is_staff": True, "is_superuser": True}
    )
    return user


def session_cookie(user) -> str:
    """A signed-in session, made as Django's login makes it (the load does not go through Google's sign-in)."""
    client = Client()
    client.force_login(user)
    morsel = client.cookies["sessionid"]
    return f"sessionid={morsel.value}"
