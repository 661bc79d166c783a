"""Bulk import for IT admins: discover many people's spaces, each as themselves through domain-wide delegation."""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from accounts.delegation import delegation_config
from accounts.email_addresses import is_email_address
from meetadmin.request_id import current_request_id
from spaces.bulk_jobs import expand_later
from spaces.models import BulkImport


class ImportNotPossible(Exception):
    """Without delegation meetadmin cannot act as other people; the message says what to configure."""


class ImportTooLarge(Exception):
    """Past the written limits (BULK_IMPORT_MAX_ADDRESSES, BULK_IMPORT_MAX_BYTES); nothing is recorded."""


@dataclass
class ImportStarted:
    batch: str
    accepted: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (what was given, why not)


def emails_from_text(text: str) -> list[str]:
    """Every word with an @ in pasted text or a CSV file (headers and names are skipped), in order, once each."""
    try:
        cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    except csv.Error:  # not CSV after all (a stray quote or carriage return): its words are still worth reading
        cells = [text]
    found: list[str] = []
    for cell in cells:
        for word in re.split(r"[\s;,]+", cell.strip()):
            if "@" in word:
                found.append(word.strip().strip("<>\"'"))
    return list(dict.fromkeys(found))


def spaces_import(*, actor: AbstractBaseUser, entries: Iterable[str]) -> ImportStarted:
    """Record the import and return at once: a worker expands it into Operations (spaces/bulk_jobs.py).

    Past BULK_IMPORT_MAX_ADDRESSES nothing is recorded and ImportTooLarge says the limit, so a huge paste never
    half-happens or ties up the web request.
    """
    config = delegation_config()
    if config is None:
        raise ImportNotPossible(
            "Bulk import acts as each person through domain-wide delegation, which is not configured: set "
            "GOOGLE_SERVICE_ACCOUNT_KEY_FILE and GOOGLE_DELEGATION_DOMAIN."
        )
    entries = list(entries)
    limit = settings.BULK_IMPORT_MAX_ADDRESSES
    if len(entries) > limit:
        raise ImportTooLarge(
            f"That is {len(entries):,} addresses; one import takes at most {limit:,}. Nothing was imported: split "
            "the list and import each part."
        )
    started = ImportStarted(batch=uuid.uuid4().hex)
    for entry in entries:
        email = entry.lower()
        # The tokenizer above only found words with an @; Django's validator judges each (accounts/email_addresses).
        if not is_email_address(email):
            started.rejected.append((entry, "not an e-mail address"))
        elif not config.may_act_as(email):
            started.rejected.append((entry, f"outside the delegated domain {config.domain}"))
        else:
            started.accepted.append(email)
    if started.accepted:
        BulkImport.objects.create(
            batch=started.batch,
            actor=actor,
            addresses=started.accepted,
            rejected=[list(pair) for pair in started.rejected],
            request_id=current_request_id(),
        )
        transaction.on_commit(lambda: expand_later(started.batch))
    return started
