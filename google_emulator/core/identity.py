"""Who calls: Workspace users, OAuth clients, service accounts with delegation, and the tokens they hold.

"The app" is a Google Cloud project: every OAuth client and service account belongs to one, and the project is
what `meetings.space.created` is scoped to. Pure state, no locking (the World holds the lock).
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from google_emulator.core.clock import parse_rfc3339, rfc3339

ACCESS_TOKEN_LIFETIME = timedelta(seconds=3599)
# Addresses of personal Google accounts: their ID tokens carry no `hd`.
CONSUMER_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


@dataclass
class User:
    email: str
    display_name: str
    user_id: str  # the number in `users/{id}`, as Meet names signed-in people
    # Sign-in attributes (the ID token's `hd` and `email_verified`). None: the e-mail's domain, or no `hd` for a
    # consumer address such as gmail.com; "": no `hd` (a consumer account).
    hosted_domain: str | None = None
    email_verified: bool = True
    # A Workspace administrator allowed to read the audit log (the Reports API answers others 401).
    is_admin: bool = False

    @property
    def resource_name(self) -> str:
        return f"users/{self.user_id}"

    @property
    def domain(self) -> str:
        return self.email.rsplit("@", 1)[-1].lower()

    @property
    def hd(self) -> str | None:
        """The `hd` claim Google would put in this person's ID token: their Workspace's domain, if any."""
        if self.hosted_domain is None:
            return None if self.domain in CONSUMER_DOMAINS else self.domain
        return self.hosted_domain or None

    def public(self) -> dict[str, Any]:
        return {
            "email": self.email,
            "displayName": self.display_name,
            "user": self.resource_name,
            "domain": self.domain,
            "hostedDomain": self.hd,
            "emailVerified": self.email_verified,
            "isAdmin": self.is_admin,
        }


@dataclass
class OAuthClient:
    client_id: str
    client_secret: str
    project: str
    # Where the browser sign-in may send codes; none registered: any http(s) URI on the loopback host.
    redirect_uris: list[str] = field(default_factory=list)


@dataclass
class ServiceAccount:
    email: str
    project: str
    client_id: str  # the numeric OAuth client id a Workspace admin grants delegation to
    private_key_id: str
    public_key_pem: str
    delegations: dict[str, list[str]] = field(default_factory=dict)  # domain -> scopes granted by its admin
    disabled: bool = False  # its key disabled in the Cloud console: Google refuses its assertions


@dataclass
class Token:
    """An access token (or refresh token): who, through which client of which project, with which scopes."""

    value: str
    kind: str  # "access" | "refresh"
    user: str | None  # email of the Workspace user, None for a service account acting as itself
    client_id: str
    project: str
    scopes: list[str]
    expires_at: datetime | None = None
    refresh_token: str | None = None  # for an access token: the refresh token it came from
    service_account: str | None = None

    def to_state(self) -> dict[str, Any]:
        state = asdict(self)
        state["expires_at"] = rfc3339(self.expires_at) if self.expires_at else None
        return state

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Token:
        values = dict(state)
        values["expires_at"] = parse_rfc3339(values["expires_at"]) if values.get("expires_at") else None
        return cls(**values)


class Directory:
    def __init__(self) -> None:
        self.users: dict[str, User] = {}  # by lower-case email
        self.clients: dict[str, OAuthClient] = {}
        self.service_accounts: dict[str, ServiceAccount] = {}
        self.tokens: dict[str, Token] = {}
        self._project_counter = 0
        # Counts grants taken away (a revocation, an account deleted), so that what was authorised by a grant
        # (a Workspace Events subscription) is checked again only when one may be gone.
        self.revocations = 0

    # --- users ---
    def add_user(
        self,
        email: str,
        display_name: str | None = None,
        user_id: str | None = None,
        hosted_domain: str | None = None,
        email_verified: bool | None = None,
        is_admin: bool | None = None,
    ) -> User:
        """hosted_domain: None keeps the default (see `User.hd`), "" means a consumer account without `hd`;
        is_admin None keeps what the user was (a new user is no administrator)."""
        key = email.lower()
        if key in self.users:
            user = self.users[key]
            if display_name:
                user.display_name = display_name
            if hosted_domain is not None:
                user.hosted_domain = hosted_domain.lower()
            if email_verified is not None:
                user.email_verified = email_verified
            if is_admin is not None:
                user.is_admin = is_admin
            return user
        user = User(
            email=email,
            display_name=display_name or email.split("@")[0].replace(".", " ").title(),
            user_id=user_id or str(10**20 + secrets.randbelow(9 * 10**20)),
            hosted_domain=hosted_domain.lower() if hosted_domain is not None else None,
            email_verified=True if email_verified is None else email_verified,
            is_admin=bool(is_admin),
        )
        self.users[key] = user
        return user

    def recreate_user(self, email: str, user_id: str | None = None) -> User:
        """The account at this address is deleted and a new one made with the same address: Google gives the new
        account a new id (the ID token's `sub`), and everything the old account held (its refresh and access tokens)
        is gone. The display name and sign-in attributes stay, as an admin re-creating a person would set them."""
        old = self.users.get(email.lower())
        if old is None:
            raise KeyError(email)
        for value in [value for value, token in self.tokens.items() if (token.user or "").lower() == email.lower()]:
            del self.tokens[value]
        self.revocations += 1
        new_id = user_id or str(10**20 + secrets.randbelow(9 * 10**20))
        if new_id == old.user_id:
            raise ValueError("a re-created account has a new id")
        new = User(
            email=old.email,
            display_name=old.display_name,
            user_id=new_id,
            hosted_domain=old.hosted_domain,
            email_verified=old.email_verified,
            is_admin=old.is_admin,
        )
        self.users[email.lower()] = new
        return new

    def user(self, email: str) -> User | None:
        return self.users.get(email.lower())

    # --- clients and service accounts ---
    def add_client(self, client_id: str, client_secret: str | None = None, project: str | None = None) -> OAuthClient:
        if client_id in self.clients and client_secret is None and project is None:
            return self.clients[client_id]
        if project is None:
            # An unknown client id is an app of its own: a new Cloud project, so two client ids are two apps.
            self._project_counter += 1
            project = f"project-{self._project_counter}-{client_id.split('.')[0]}"
        client = OAuthClient(client_id, client_secret or secrets.token_urlsafe(18), project)
        self.clients[client_id] = client
        return client

    def add_service_account(
        self,
        email: str,
        project: str,
        public_key_pem: str | None = None,
        private_key_id: str | None = None,
        client_id: str | None = None,
    ) -> tuple[ServiceAccount, str | None]:
        """Registers a service account; without a public key, makes a key pair and returns the private key PEM."""
        private_pem = None
        if public_key_pem is None:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            private_pem = key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ).decode()
            public_key_pem = (
                key.public_key()
                .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
                .decode()
            )
        account = ServiceAccount(
            email=email,
            project=project,
            client_id=client_id or str(10**20 + secrets.randbelow(9 * 10**20)),
            private_key_id=private_key_id or secrets.token_hex(20),
            public_key_pem=public_key_pem,
        )
        previous = self.service_accounts.get(email)
        if previous:
            account.delegations = previous.delegations
        self.service_accounts[email] = account
        return account, private_pem

    # --- tokens ---
    def issue(
        self,
        *,
        user: str | None,
        client_id: str,
        project: str,
        scopes: list[str],
        now: datetime,
        with_refresh: bool,
        service_account: str | None = None,
        refresh_token: str | None = None,
    ) -> tuple[Token, Token | None]:
        self.prune_expired(now)
        refresh = None
        if with_refresh:
            refresh = Token(
                value="1//" + secrets.token_urlsafe(48),
                kind="refresh",
                user=user,
                client_id=client_id,
                project=project,
                scopes=list(scopes),
                service_account=service_account,
            )
            self.tokens[refresh.value] = refresh
            refresh_token = refresh.value
        access = Token(
            value="ya29." + secrets.token_urlsafe(64),
            kind="access",
            user=user,
            client_id=client_id,
            project=project,
            scopes=list(scopes),
            expires_at=now + ACCESS_TOKEN_LIFETIME,
            refresh_token=refresh_token,
            service_account=service_account,
        )
        self.tokens[access.value] = access
        return access, refresh

    def access_token(self, value: str, now: datetime) -> Token | None:
        token = self.tokens.get(value)
        if token is None or token.kind != "access" or (token.expires_at and token.expires_at <= now):
            return None
        return token

    def revoke(self, value: str) -> bool:
        """Revokes a token and the grant behind it: Google drops the refresh token and every token it minted."""
        token = self.tokens.pop(value, None)
        if token is None:
            return False
        self.revocations += 1
        grant = token.value if token.kind == "refresh" else token.refresh_token
        if grant:
            self.tokens.pop(grant, None)
            for other in [t for t in self.tokens.values() if t.refresh_token == grant]:
                self.tokens.pop(other.value, None)
        return True

    def prune_expired(self, now: datetime) -> None:
        for value in [v for v, t in self.tokens.items() if t.expires_at and t.expires_at <= now - timedelta(days=1)]:
            del self.tokens[value]

    # --- state ---
    def to_state(self) -> dict[str, Any]:
        return {
            "users": [asdict(user) for user in self.users.values()],
            "clients": [asdict(client) for client in self.clients.values()],
            "serviceAccounts": [asdict(account) for account in self.service_accounts.values()],
            "tokens": [token.to_state() for token in self.tokens.values()],
            "projectCounter": self._project_counter,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Directory:
        directory = cls()
        for user in state.get("users", []):
            directory.users[user["email"].lower()] = User(**user)
        for client in state.get("clients", []):
            directory.clients[client["client_id"]] = OAuthClient(**client)
        for account in state.get("serviceAccounts", []):
            directory.service_accounts[account["email"]] = ServiceAccount(**account)
        for token in state.get("tokens", []):
            directory.tokens[token["value"]] = Token.from_state(token)
        directory._project_counter = state.get("projectCounter", 0)
        return directory
