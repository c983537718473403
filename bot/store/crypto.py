"""Encryption at rest: AES-256-GCM for every personal field and free text.

A value is stored as ``v1.<key id>.<base64(nonce + ciphertext)>``. The column's name is the
associated data, so a ciphertext copied into another column does not decrypt. The key id lets
a rotation re-encrypt row by row while reads keep working with both keys loaded.

Keys come from ``INTAKE_DATA_KEY`` (one or more keys separated by commas) or from a key file (one
key per line). In both, the first key is the current one: it encrypts; every key decrypts. A keyring
built from a key file follows the file while the process runs (see :class:`Keyring`), which is how
``intake-bot keys rotate`` changes the key without stopping the bot.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)

PREFIX = "v1"
KEY_BYTES = 32
KEY_ID_LENGTH = 8
# How often (at most) a keyring that follows a key file looks at the file before encrypting.
CHECK_INTERVAL = 1.0


class DataKeyError(Exception):
    """The data key is missing, malformed or does not match the stored data."""


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"intake-bot key id" + key).hexdigest()[:KEY_ID_LENGTH]


def token_key_id(token: str) -> str | None:
    """The key id a stored value names, or None when it is not an encrypted value."""
    prefix, _, rest = token.partition(".")
    kid, dot, _ = rest.partition(".")
    return kid if prefix == PREFIX and dot and len(kid) == KEY_ID_LENGTH else None


def decode_key(text: str, source: str = "INTAKE_DATA_KEY") -> bytes:
    message = f"{source} must hold 32-byte keys in URL-safe base64 (intake-bot keys new)"
    try:
        key = base64.urlsafe_b64decode(text.strip().encode() + b"==")
    except (ValueError, TypeError, binascii.Error):
        raise DataKeyError(message) from None
    if len(key) != KEY_BYTES:
        raise DataKeyError(message)
    return key


def encode_key(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode().rstrip("=")


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def parse_keys(text: str, source: str = "INTAKE_DATA_KEY") -> list[bytes]:
    """Keys separated by commas or line breaks, current first; blank entries and repeats are dropped."""
    keys: list[bytes] = []
    for part in text.replace(",", "\n").splitlines():
        if part.strip():
            key = decode_key(part, source)
            if key not in keys:
                keys.append(key)
    if not keys:
        raise DataKeyError(f"{source} holds no key (intake-bot keys new)")
    return keys


def _check_private(path: Path) -> None:
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise DataKeyError(f"key file {path} is readable by others (mode {mode:o}); run chmod 600 {path}")


def read_key_file(path: Path) -> list[bytes]:
    """All keys of a key file, current first. Refused when the file is readable by others."""
    try:
        _check_private(path)
        text = path.read_text()
    except FileNotFoundError:
        raise DataKeyError(f"key file {path} is missing") from None
    return parse_keys(text, f"key file {path}")


def write_key_file(path: Path, keys: Sequence[bytes]) -> None:
    """Replace the key file atomically: a 0600 temporary file in the same folder, fsync, rename.

    A reader sees either the old file or the new one, never a partial one. The new file keeps the
    owner of the old one (so a rotation run as root does not lock the bot's user out).
    """
    if not keys:
        raise ValueError("a key file needs at least one key")
    path = Path(os.path.realpath(path))  # rename over the target of a symlink, not over the link
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # mode 0600
    try:
        os.fchmod(fd, 0o600)
        try:
            old = os.stat(path)
        except FileNotFoundError:
            old = None
        if old is not None and old.st_uid != os.geteuid():
            os.fchown(fd, old.st_uid, old.st_gid)  # only root may: otherwise fail, the old file stays
        elif old is not None and old.st_gid != os.getegid():
            with contextlib.suppress(PermissionError):
                os.fchown(fd, -1, old.st_gid)  # cosmetic for a 0600 file
        with os.fdopen(fd, "w") as handle:
            fd = -1
            handle.write("".join(encode_key(k) + "\n" for k in keys))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)  # make the rename itself durable
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def load_or_create_key_file(path: Path) -> bytes:
    """Read the key file (its current key), or create it with mode 0600 on first run."""
    if path.exists():
        return read_key_file(path)[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    key = new_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(encode_key(key) + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return key


def file_stamp(path: Path) -> Hashable:
    """A cheap fingerprint that changes when the key file is replaced or rewritten."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DataKeyError(f"key file {path} is missing") from None
    return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)


_UNKNOWN = object()


@dataclass(repr=False)
class Keyring:
    """The current key encrypts; every loaded key decrypts.

    ``reload`` (optional) returns fresh keys, current first, e.g. by re-reading the key file:

    * ``decrypt`` meeting a key id it has not loaded reloads once and retries, so a process started
      before a rotation reads rows that the rotation (or a process that already switched) wrote;
    * when ``stamp`` is given too (a cheap fingerprint of the key source, such as the file's stat),
      ``encrypt`` compares it at most once per ``check_interval`` seconds and reloads when it
      changed, so that soon after a rotation starts every process encrypts with the new key.

    A reload replaces the keys with the source's: a key removed from the file is forgotten.
    """

    current: bytes = field(repr=False)
    others: list[bytes] = field(default_factory=list, repr=False)
    reload: Callable[[], list[bytes]] | None = field(default=None, repr=False, compare=False)
    stamp: Callable[[], Hashable] | None = field(default=None, repr=False, compare=False)
    check_interval: float = field(default=CHECK_INTERVAL, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._install([self.current, *self.others])
        # The keys may have been read before the source changed: the first check reloads.
        self._stamp: Hashable = _UNKNOWN
        self._checked = time.monotonic()

    def __repr__(self) -> str:  # never the keys themselves (tracebacks, debuggers, error reports)
        return f"Keyring(current={self.current_id}, key_ids={list(self.key_ids)})"

    def _install(self, keys: list[bytes]) -> None:
        if not keys:
            raise DataKeyError("the key source holds no key")
        by_id = {key_id(k): AESGCM(k) for k in keys}
        # one assignment: a concurrent reader sees the old state or the new one, never half of each
        self._state = (key_id(keys[0]), by_id)
        self.current, self.others = keys[0], list(keys[1:])

    @property
    def current_id(self) -> str:
        return self._state[0]

    @property
    def key_ids(self) -> tuple[str, ...]:
        """Loaded key ids, current first (never the keys)."""
        return tuple(self._state[1])

    def refresh(self) -> bool:
        """Reload the keys from the source now; True when the set of keys or the current one changed."""
        if self.reload is None:
            return False
        with self._lock:
            before = (self.current_id, set(self._state[1]))
            stamp = self.stamp() if self.stamp is not None else None
            keys = self.reload()
            self._install(keys)
            self._stamp = stamp
            self._checked = time.monotonic()
            changed = before != (self.current_id, set(self._state[1]))
        if changed:
            log.info("data keys reloaded: current key %s, %d key(s) loaded", self.current_id, len(keys))
        return changed

    def _follow_source(self) -> None:
        if self.reload is None or self.stamp is None:
            return
        now = time.monotonic()
        if now - self._checked < self.check_interval:
            return
        self._checked = now
        # A failure here (file gone, readable by others, malformed) refuses the write rather than
        # sealing data under a key that may have been retired meanwhile.
        if self.stamp() != self._stamp:
            self.refresh()

    def encrypt(self, plaintext: str, context: str) -> str:
        self._follow_source()
        current_id, by_id = self._state
        nonce = os.urandom(12)
        sealed = by_id[current_id].encrypt(nonce, plaintext.encode(), context.encode())
        return f"{PREFIX}.{current_id}.{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, context: str) -> str:
        try:
            prefix, kid, body = token.split(".", 2)
        except ValueError:
            raise DataKeyError("stored value is not an encrypted field") from None
        if prefix != PREFIX:
            raise DataKeyError("stored value is not an encrypted field")
        cipher = self._state[1].get(kid)
        if cipher is None and self.reload is not None:
            self.refresh()
            cipher = self._state[1].get(kid)
        if cipher is None:
            raise DataKeyError(f"stored value was encrypted with key {kid}, which is not loaded")
        raw = base64.b64decode(body)
        return cipher.decrypt(raw[:12], raw[12:], context.encode()).decode()

    def can_decrypt(self, kid: str) -> bool:
        return kid in self._state[1]


def key_file_keyring(path: Path, *, check_interval: float = CHECK_INTERVAL) -> Keyring:
    """A keyring that follows ``path`` (see :class:`Keyring`)."""
    keys = read_key_file(path)
    return Keyring(
        keys[0],
        keys[1:],
        reload=lambda: read_key_file(path),
        stamp=lambda: file_stamp(path),
        check_interval=check_interval,
    )


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
