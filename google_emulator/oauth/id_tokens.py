"""The emulator's OpenID Connect signing key, the RS256 ID tokens it signs, and the certificates that verify them.

Google publishes its signing keys twice: `/oauth2/v1/certs` as `{kid: PEM X.509 certificate}` (what allauth and
older google-auth read) and `/oauth2/v3/certs` as a JWKS. The emulator does the same with one RSA key: made once per
process (RSA key generation is slow, and every test resets the world), or loaded from the state file so that ID
tokens signed before a `--state` restart still verify after it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, cached_property
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

ID_TOKEN_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True)
class SigningKey:
    private_key_pem: str

    @cached_property
    def _private_key(self) -> rsa.RSAPrivateKey:
        key = serialization.load_pem_private_key(self.private_key_pem.encode(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise TypeError("the emulator's signing key must be an RSA key")
        return key

    @cached_property
    def kid(self) -> str:
        """Like Google's: 40 hex digits, here the SHA-1 of the public key (stable for the key's life)."""
        der = self._private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return hashlib.sha1(der, usedforsecurity=False).hexdigest()  # an identifier, not a security hash

    @cached_property
    def certificate_pem(self) -> str:
        """A self-signed X.509 certificate of the public key, as Google's v1 certs endpoint serves them."""
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "google-emulator.local")])
        now = datetime.now(UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self._private_key.public_key())
            .serial_number(int(self.kid[:39], 16) or 1)  # X.509 serials are positive and at most 159 bits
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=365))
            .sign(self._private_key, hashes.SHA256())
        )
        return certificate.public_bytes(serialization.Encoding.PEM).decode()

    @cached_property
    def public_key_pem(self) -> str:
        return (
            self._private_key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode()
        )

    def jwk(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self._private_key.public_key()))
        return {**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self._private_key, algorithm="RS256", headers={"kid": self.kid, "typ": "JWT"})


@cache
def process_signing_key() -> SigningKey:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return SigningKey(pem)


def certs_v1(key: SigningKey) -> dict[str, str]:
    return {key.kid: key.certificate_pem}


def certs_v3(key: SigningKey) -> dict[str, Any]:
    return {"keys": [key.jwk()]}


def access_token_hash(access_token: str) -> str:
    """OpenID Connect's `at_hash`: the left half of the SHA-256 of the access token, base64url without padding."""
    digest = hashlib.sha256(access_token.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode()
