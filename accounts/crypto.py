"""Refresh tokens are encrypted at rest with MultiFernet: the first key encrypts, every key decrypts.

Rotating: put a new key first in TOKEN_ENCRYPTION_KEYS, run `manage.py rotate_token_key`, then drop the old key.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "cipher", "decrypt", "demo_key_from", "encrypt"]


def demo_key_from(secret: str) -> str:
    """The demo's key, derived from SECRET_KEY so that `make demo` needs no configuration (refused in production)."""
    return base64.urlsafe_b64encode(hashlib.sha256(f"meetadmin-token-key:{secret}".encode()).digest()).decode()


@cache
def _cipher_for(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ValueError("TOKEN_ENCRYPTION_KEYS is empty")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def cipher() -> MultiFernet:
    return _cipher_for(tuple(settings.TOKEN_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> bytes:
    return cipher().encrypt(plaintext.encode())


def decrypt(ciphertext: bytes) -> str:
    return cipher().decrypt(bytes(ciphertext)).decode()
