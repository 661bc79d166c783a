"""One Google account is one meetadmin person, for ever: the rule for an address that comes back with a new `sub`.

A person is their Google account's `sub` (allauth's SocialAccount uid) and the verified address its ID token gave when
they first signed in. Spaces, roles and the grant the workers act with hang off that person, and meetadmin finds
a space's owner by address, so an address must never change hands silently. When Google answers a sign-in with an
address meetadmin already knows and a `sub` it does not (the account was deleted and re-created, or renamed onto
the address), the sign-in is refused and remembered here; IT re-links the person only after confirming the old
account is gone (`manage.py relink_google_account`). docs/security.md, "Identity".
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import GoogleGrant, RefusedGoogleAccount
from accounts.session_limits import sessions_end

logger = logging.getLogger(__name__)

GOOGLE = "google"


def verified_address(claims: Mapping[str, Any]) -> str:
    """The address a verified ID token gives (accounts.sign_in_domains has already refused an unverified one)."""
    return str(claims.get("email") or "").strip().lower()


def address_holder(email: str) -> AbstractBaseUser | None:
    """The meetadmin person who already has this address, if any: as their address, or one allauth recorded."""
    users = get_user_model().objects
    return (
        users.filter(email__iexact=email).order_by("pk").first()
        or users.filter(pk__in=EmailAddress.objects.filter(email__iexact=email).values("user")).order_by("pk").first()
    )


def second_account_refuse(*, claims: Mapping[str, Any], holder: AbstractBaseUser) -> RefusedGoogleAccount:
    """Remember a refused Google account (its `sub` and verified address) for IT's re-link."""
    subject = str(claims["sub"])
    refused, created = RefusedGoogleAccount.objects.get_or_create(
        google_subject=subject,
        defaults={"email": verified_address(claims), "hosted_domain": str(claims.get("hd") or "")},
    )
    if not created:
        RefusedGoogleAccount.objects.filter(pk=refused.pk).update(
            refusals=F("refusals") + 1, email=verified_address(claims), last_refused_at=timezone.now()
        )
    logger.warning(
        "sign-in refused: %s came back as Google account %s, but meetadmin person #%s holds that address",
        verified_address(claims),
        subject,
        holder.pk,
    )
    return refused


class RelinkRefused(Exception):
    """The re-link cannot be done as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Relinked:
    person: AbstractBaseUser
    old_subject: str  # "" when the person had no Google account linked
    new_subject: str


def google_account_relink(*, email: str, google_subject: str = "", run_by: str = "") -> Relinked:
    """Move the person who holds `email` to the Google account that was refused at sign-in with that address.

    Only for IT, after confirming the old Google account was deleted. The person keeps their spaces and roles; their
    stored grant (the old account's refresh token) is dropped so that they consent again as the new account, and
    their sessions, signed in as the old account, end. One audit row names who re-linked whom, from which `sub` to
    which.
    """
    from spaces.models import Operation  # the audit trail; spaces builds on accounts, not the other way round

    email = email.strip().lower()
    with transaction.atomic():
        person = address_holder(email)
        if person is None:
            raise RelinkRefused(f"Nobody in meetadmin has the address {email}: they can simply sign in.")
        refused = _refused_account(email, google_subject)
        account = SocialAccount.objects.select_for_update().filter(user=person, provider=GOOGLE).first()
        old_subject = account.uid if account else ""
        if account is None:
            account = SocialAccount(user=person, provider=GOOGLE)
        account.uid = refused.google_subject
        account.extra_data = {"sub": refused.google_subject, "email": email, "hd": refused.hosted_domain}
        account.save()
        GoogleGrant.objects.filter(user=person).delete()
        # Every session signed in as the old Google account ends at its next request.
        sessions_end(user_ids=[person.pk], reason="IT re-linked your meetadmin account to a new Google account.")
        refused.delete()
        now = timezone.now()
        Operation.objects.create(
            kind=Operation.Kind.RELINK,
            state=Operation.State.SUCCEEDED,
            identity_kind=Operation.IdentityKind.NONE,  # no Google call: a change to meetadmin itself
            identity_email="",
            target=email,
            params={"run_by": run_by, "old_subject": old_subject, "new_subject": refused.google_subject},
            config_before={"google_subject": old_subject},
            config_after={"google_subject": refused.google_subject},
            result_message=(
                f"{email} re-linked to Google account {refused.google_subject} (was {old_subject or 'none'}) "
                f"by {run_by or 'IT'}; their old grant and sessions ended."
            ),
            started_at=now,
            finished_at=now,
        )
    logger.warning("%s re-linked %s from Google account %s to %s", run_by, email, old_subject, refused.google_subject)
    return Relinked(person=person, old_subject=old_subject, new_subject=refused.google_subject)


def _refused_account(email: str, google_subject: str) -> RefusedGoogleAccount:
    candidates = list(RefusedGoogleAccount.objects.select_for_update().filter(email__iexact=email).order_by("pk"))
    if google_subject:
        candidates = [refused for refused in candidates if refused.google_subject == google_subject]
    if not candidates:
        raise RelinkRefused(
            f"No Google account with the address {email}"
            + (f" and the id {google_subject}" if google_subject else "")
            + " has been refused at sign-in. Ask the person to sign in once with their new account, then run this "
            "again: meetadmin links only a Google account that Google itself has shown with that address."
        )
    if len(candidates) > 1:
        ids = ", ".join(refused.google_subject for refused in candidates)
        raise RelinkRefused(
            f"More than one Google account with the address {email} was refused ({ids}). Ask the person which id "
            "their sign-in page showed and name it with --google-id."
        )
    return candidates[0]
