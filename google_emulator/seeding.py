"""Seed documents: a whole Workspace (users, apps, service accounts, spaces, conferences) in one JSON object.

Format (every key optional; documented in docs/emulator.md):

    {"users": [{"email", "displayName"?, "id"?, "hostedDomain"? (null: no hd), "emailVerified"?, "isAdmin"?}],
     "oauthClients": [{"clientId", "clientSecret", "project", "redirectUris"?}],
     "serviceAccounts": [{"email", "project", "keyFile"? | "key"? | "publicKeyPem"?,
                          "delegations": [{"domain", "scopes": [...]}]}],
     "spaces": [{"id"?, "owner", "project", "code"?, "config"?, "meetingUri"?}],
     "conferences": [ConferenceStore.seed_conference specs: {"space": "spaces/ID", ...}],
     "quotas": {"reads_per_user": 600, ...}}
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization

from google_emulator.core.errors import invalid_argument
from google_emulator.meet.discovery import parse_body
from google_emulator.meet.spaces import check_code_format
from google_emulator.world import World

SEEDS_DIRECTORY = Path(__file__).parent / "seeds"
BUILTIN_SEEDS = {"empty": None, "demo": SEEDS_DIRECTORY / "demo.json"}


def builtin_seed(name: str) -> dict[str, Any]:
    """A built-in seed by name (`demo`, `empty`), or a seed document read from a JSON file path."""
    if name not in BUILTIN_SEEDS:
        if Path(name).is_file():
            return json.loads(Path(name).read_text())
        raise ValueError(f"unknown seed {name!r}; built-in seeds: {', '.join(BUILTIN_SEEDS)}, or a JSON file")
    path = BUILTIN_SEEDS[name]
    return json.loads(path.read_text()) if path else {}


def public_key_of(private_key_pem: str) -> str:
    key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def apply_seed(world: World, document: dict[str, Any]) -> dict[str, Any]:
    """Adds the document's contents to the world (callers reset first for a clean world); returns what was made."""
    known = {"users", "oauthClients", "serviceAccounts", "spaces", "conferences", "quotas"}
    unknown = set(document) - known
    if unknown:
        raise invalid_argument(f"Unknown seed sections: {', '.join(sorted(unknown))}.")
    made: dict[str, Any] = {"users": [], "spaces": [], "conferences": []}
    with world.lock:
        directory = world.directory
        for user in document.get("users", []):
            made["users"].append(_seed_user(world, user).public())
        for client in document.get("oauthClients", []):
            registered = directory.add_client(client["clientId"], client["clientSecret"], client["project"])
            registered.redirect_uris = list(client.get("redirectUris", []))
        for account in document.get("serviceAccounts", []):
            _seed_service_account(world, account)
        for space in document.get("spaces", []):
            made["spaces"].append(_seed_space(world, space))
        for conference in document.get("conferences", []):
            record = world.conferences.seed_conference(
                conference, world.resolve_user, meeting_code=_code_of(world, conference.get("space", ""))
            )
            made["conferences"].append(record)
        if "quotas" in document:
            world.quotas.configure(document["quotas"])
    return made


def _seed_user(world: World, user: dict[str, Any]) -> Any:
    # "hostedDomain": null (or "") makes a consumer account without `hd`; absent keeps the default.
    hosted_domain = user.get("hostedDomain")
    if "hostedDomain" in user and hosted_domain is None:
        hosted_domain = ""
    return world.directory.add_user(
        user["email"],
        user.get("displayName"),
        user.get("id"),
        hosted_domain=hosted_domain,
        email_verified=user.get("emailVerified"),
        is_admin=user.get("isAdmin"),
    )


def _seed_service_account(world: World, account: dict[str, Any]) -> None:
    key = account.get("key")
    if "keyFile" in account:
        key = json.loads((SEEDS_DIRECTORY / account["keyFile"]).read_text())
    public_pem = account.get("publicKeyPem") or (public_key_of(key["private_key"]) if key else None)
    registered, _ = world.directory.add_service_account(
        account["email"],
        account["project"],
        public_key_pem=public_pem,
        private_key_id=key.get("private_key_id") if key else None,
        client_id=key.get("client_id") if key else None,
    )
    for grant in account.get("delegations", []):
        registered.delegations[grant["domain"].lower()] = list(grant["scopes"])
    registered.disabled = bool(account.get("disabled", False))


def _seed_space(world: World, space: dict[str, Any]) -> dict[str, Any]:
    config = parse_body("SpaceConfig", space.get("config", {}), "space.config")
    if space.get("code"):
        check_code_format(space["code"])
    owner = world.directory.user(space["owner"]) or world.directory.add_user(space["owner"])
    record = world.spaces.create(
        owner=owner.email,
        project=space["project"],
        config=config,
        now=world.now(),
        space_id=space.get("id"),
        code=space.get("code"),
        meeting_uri=str(space.get("meetingUri") or ""),
    )
    return {"name": record.name, "meetingCode": record.code, "owner": record.owner, "project": record.project}


def _code_of(world: World, space_name: str) -> str | None:
    space = world.space_by_name(space_name)
    return space.code if space else None
