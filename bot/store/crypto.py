"""Encryption at rest: AES-256-GCM for every personal field and free text.

A value is stored as ``v1.<key id>.<base64(nonce + ciphertext)>``. The column's name is the
associated data, so a ciphertext copied into another column does not decrypt. The key id lets
a rotation re-encrypt row by row while reads keep working with both keys loaded.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

PREFIX = "v1"
KEY_BYTES = 32


class DataKeyError(Exception):
    """The data key is missing, malformed or does not match the stored data."""


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"intake-bot key id" + key).hexdigest()[:8]


def decode_key(text: str) -> bytes:
    try:
        key = base64.urlsafe_b64decode(text.strip().encode() + b"==")
    except (ValueError, TypeError):
        raise DataKeyError("INTAKE_DATA_KEY must be 32 bytes in URL-safe base64 (intake-bot keys new)") from None
    if len(key) != KEY_BYTES:
        raise DataKeyError("INTAKE_DATA_KEY must be 32 bytes in URL-safe base64 (intake-bot keys new)")
    return key


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode().rstrip("=")


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def load_or_create_key_file(path: Path) -> bytes:
    """Read the key file, or create it with mode 0600 on first run."""
    if path.exists():
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            raise DataKeyError(f"key file {path} is readable by others (mode {mode:o}); run chmod 600 {path}")
        return decode_key(path.read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    key = new_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(encode_key(key) + "\n")
    return key


@dataclass
class Keyring:
    """The current key encrypts; every loaded key decrypts."""

    current: bytes
    others: list[bytes] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id = {key_id(k): AESGCM(k) for k in [self.current, *self.others]}
        self.current_id = key_id(self.current)

    def encrypt(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(12)
        sealed = self._by_id[self.current_id].encrypt(nonce, plaintext.encode(), context.encode())
        return f"{PREFIX}.{self.current_id}.{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, context: str) -> str:
        try:
            prefix, kid, body = token.split(".", 2)
        except ValueError:
            raise DataKeyError("stored value is not an encrypted field") from None
        if prefix != PREFIX or kid not in self._by_id:
            raise DataKeyError(f"stored value was encrypted with key {kid}, which is not loaded")
        raw = base64.b64decode(body)
        return self._by_id[kid].decrypt(raw[:12], raw[12:], context.encode()).decode()


_keyring: Keyring | None = None


def use_keyring(keyring: Keyring) -> None:
    global _keyring
    _keyring = keyring


def keyring() -> Keyring:
    if _keyring is None:
        raise DataKeyError("no data key loaded: open the store first")
    return _keyring


class Encrypted(TypeDecorator[Any]):
    """A column whose value (text or JSON-able) is sealed with AES-GCM before it reaches the database."""

    impl = Text
    cache_ok = True

    def __init__(self, context: str, json_value: bool = False):
        super().__init__()
        self.context = context
        self.json_value = json_value

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        if value is None:
            return None
        text = json.dumps(value, ensure_ascii=False, sort_keys=True) if self.json_value else str(value)
        return keyring().encrypt(text, self.context)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        if value is None:
            return None
        text = keyring().decrypt(value, self.context)
        return json.loads(text) if self.json_value else text
