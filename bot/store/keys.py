"""Data key rotation: ``intake-bot keys rotate`` and ``intake-bot keys new``.

With a key file, a rotation runs while the bot serves:

1. a new key is generated and the key file is rewritten atomically as ``NEW, OLD...`` (mode 0600):
   running processes follow the file (:class:`~bot.store.crypto.Keyring`): they decrypt both and,
   within about a second, encrypt with ``NEW``;
2. every :class:`~bot.store.crypto.Encrypted` column of every table (found in the models' metadata)
   is re-encrypted under ``NEW``, a batch of rows per transaction, reading and writing the stored
   text directly; a row changed meanwhile by the bot is left to the next sweep (compare-and-set);
3. once every process has had time to switch (``settle``), sweeps repeat until no value under an
   old key remains;
4. the key file is rewritten with ``NEW`` only, and a last sweep re-encrypts any straggler.

Nothing here ever prints, logs or returns key material except :func:`main_new`, whose job it is.

With ``INTAKE_DATA_KEY`` nothing can be reloaded: restart every process with ``NEW,OLD``, run
``intake-bot keys rotate`` (it re-encrypts under the first key and generates none), then restart
with ``NEW`` alone.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from sqlalchemy.ext.asyncio import AsyncEngine

from ..config import Settings
from .columns import EncryptedColumn, RotationError, _raw_table, encrypted_columns, verify_keys
from .crypto import (
    CHECK_INTERVAL,
    PREFIX,
    DataKeyError,
    Keyring,
    encode_key,
    key_id,
    new_key,
    parse_keys,
    read_key_file,
    token_key_id,
    write_key_file,
)
from .db import make_engine, migrate
from .models import AuditEntry, Base

log = logging.getLogger(__name__)

BATCH_SIZE = 500
# Processes look at the key file at most once per CHECK_INTERVAL before encrypting; give them that,
# plus time for a transaction that sealed a value just before to commit, before the final sweeps.
SETTLE_SECONDS = 3 * CHECK_INTERVAL + 2
MAX_SWEEPS = 20


@dataclass
class RotationReport:
    new_key_id: str
    old_key_ids: tuple[str, ...]
    counts: dict[str, int] = field(default_factory=dict)  # "table.column" -> values re-encrypted
    sweeps: int = 0
    stragglers: int = 0  # values written under an old key after the main sweeps
    key_file: Path | None = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        lines = [
            (
                f"re-encrypted {self.total} value(s) under key {self.new_key_id} "
                f"(retired: {', '.join(self.old_key_ids)}) in {self.sweeps} sweep(s)"
            )
        ]
        width = max((len(name) for name in self.counts), default=0)
        lines += [f"  {name:<{width}}  {n}" for name, n in sorted(self.counts.items()) if n]
        if self.stragglers:
            lines.append(
                f"  ({self.stragglers} value(s) written under an old key during the rotation were re-encrypted too)"
            )
        if self.key_file:
            lines.append(f"key file {self.key_file} now holds the new key only")
        else:
            lines.append(f"now restart every process with INTAKE_DATA_KEY set to key {self.new_key_id} alone")
        return "\n".join(lines)


@dataclass
class Sweep:
    """One pass over every encrypted column."""

    seen: int = 0  # values found under an old key
    changed: int = 0  # values re-encrypted (the rest changed meanwhile: the next sweep sees them)
    counts: dict[str, int] = field(default_factory=dict)  # "table.column" -> values re-encrypted

    def add(self, other: Sweep) -> None:
        self.seen += other.seen
        self.changed += other.changed
        for name, n in other.counts.items():
            self.counts[name] = self.counts.get(name, 0) + n


RETRY_SQLSTATES = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available
RETRIES = 5


def _retryable(exc: sa.exc.DBAPIError) -> bool:
    if getattr(exc.orig, "sqlstate", None) in RETRY_SQLSTATES:
        return True
    return isinstance(exc, sa.exc.OperationalError) and "locked" in str(exc.orig)  # SQLite busy


async def _batch(
    engine: AsyncEngine,
    raw: sa.TableClause,
    pk: list[sa.ColumnClause],
    columns: list[EncryptedColumn],
    keyring: Keyring,
    query: sa.Select,
) -> tuple[list, Sweep]:
    """One transaction: read a batch of rows, re-encrypt what is under an old key. Counts only what
    committed; a deadlock or a busy database (the bot writes meanwhile) retries the batch."""
    for attempt in range(1, RETRIES + 1):
        done = Sweep()
        try:
            async with engine.begin() as connection:
                rows = (await connection.execute(query)).all()
                for row in rows:
                    key_values, values = row[: len(pk)], row[len(pk) :]
                    changes: dict[str, str] = {}
                    where = [k == v for k, v in zip(pk, key_values, strict=False)]
                    for column, value in zip(columns, values, strict=False):
                        if value is None or token_key_id(value) == keyring.current_id:
                            continue
                        try:
                            plain = keyring.decrypt(value, column.context)
                        except InvalidTag:
                            raise RotationError(
                                f"a value in {column.label} does not decrypt with its key "
                                "(damaged or moved between columns); nothing was retired"
                            ) from None
                        changes[column.name] = keyring.encrypt(plain, column.context)
                        where.append(raw.c[column.name] == value)  # compare-and-set: a row changed meanwhile
                    done.seen += len(changes)  # is left to the next sweep
                    if not changes:
                        continue
                    result = await connection.execute(sa.update(raw).where(*where).values(**changes))
                    if result.rowcount == 1:
                        done.changed += len(changes)
                        for name in changes:
                            label = f"{raw.name}.{name}"
                            done.counts[label] = done.counts.get(label, 0) + 1
            return list(rows), done
        except sa.exc.DBAPIError as exc:
            if attempt == RETRIES or not _retryable(exc):
                raise
            log.info("key rotation: batch on %s retried (%s)", raw.name, type(exc.orig).__name__)
            await asyncio.sleep(0.2 * attempt)
    raise AssertionError("unreachable")


async def _sweep_table(
    engine: AsyncEngine,
    table: sa.Table,
    columns: list[EncryptedColumn],
    keyring: Keyring,
    batch_size: int,
    sweep: Sweep,
) -> None:
    raw = _raw_table(table, columns)
    pk = [raw.c[c.name] for c in table.primary_key.columns]
    current = f"{PREFIX}.{keyring.current_id}.%"
    stale = sa.or_(*(sa.and_(raw.c[c.name].is_not(None), raw.c[c.name].not_like(current)) for c in columns))
    after: tuple | None = None
    while True:  # keyset pagination in primary key order: any primary key, one or several columns
        query = sa.select(*pk, *(raw.c[c.name] for c in columns)).where(stale).order_by(*pk).limit(batch_size)
        if after is not None:
            query = query.where(pk[0] > after[0] if len(pk) == 1 else sa.tuple_(*pk) > sa.tuple_(*after))
        rows, done = await _batch(engine, raw, pk, columns, keyring, query)
        sweep.add(done)
        if len(rows) < batch_size:
            return
        after = tuple(rows[-1][: len(pk)])


async def reencrypt(
    engine: AsyncEngine, keyring: Keyring, *, batch_size: int = BATCH_SIZE, metadata: sa.MetaData = Base.metadata
) -> Sweep:
    """One pass over every encrypted column: values not under the keyring's current key are
    decrypted with whichever loaded key sealed them and sealed again with the current one."""
    sweep = Sweep()
    for table, columns in encrypted_columns(metadata).items():
        await _sweep_table(engine, table, columns, keyring, batch_size, sweep)
    return sweep


@contextmanager
def _rotation_lock(path: Path) -> Iterator[None]:
    """One rotation at a time per key file: two at once would each retire the other's key."""
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RotationError(f"another key rotation is running ({lock_path} is locked)") from None
        yield
    finally:
        os.close(fd)


async def rotate(
    settings: Settings,
    *,
    settle: float | None = None,
    batch_size: int = BATCH_SIZE,
    after_sweep: Callable[[int], Awaitable[None]] | None = None,
) -> RotationReport:
    """Re-encrypt everything under a new key while the bot keeps serving (see the module's doc).

    ``settle`` (default :data:`SETTLE_SECONDS`): how long after the key file names the new key the
    final sweeps may start. ``after_sweep(n)`` is awaited after the n-th sweep (tests use it to write
    as a lagging process would).
    Raises :class:`RotationError` (or :class:`DataKeyError`) without retiring any key on failure.
    """
    if settings.intake_data_key:
        keys = parse_keys(settings.intake_data_key)
        if len(keys) < 2:
            raise RotationError(
                "INTAKE_DATA_KEY holds one key, and a key in the environment cannot be replaced from here. "
                "Create one with `intake-bot keys new`, restart every process with INTAKE_DATA_KEY=NEW,OLD, "
                "run `intake-bot keys rotate` again, then restart with INTAKE_DATA_KEY=NEW."
            )
        return await _rotate(settings, keys[0], keys[1:], None, 0.0, batch_size, after_sweep)
    path = settings.key_file
    if not path.exists():
        raise RotationError(f"there is no key file at {path} (INTAKE_KEY_FILE): nothing to rotate")
    with _rotation_lock(path):
        old = read_key_file(path)
        new = new_key()
        while key_id(new) in {key_id(k) for k in old}:  # a 32-bit id: make sure it names one key
            new = new_key()
        settle = SETTLE_SECONDS if settle is None else settle
        return await _rotate(settings, new, old, path, settle, batch_size, after_sweep)


async def _rotate(
    settings: Settings,
    new: bytes,
    old: list[bytes],
    path: Path | None,
    settle: float,
    batch_size: int,
    after_sweep: Callable[[int], Awaitable[None]] | None,
) -> RotationReport:
    keyring = Keyring(new, list(old))  # this process writes the file: it does not follow it
    report = RotationReport(new_key_id=keyring.current_id, old_key_ids=tuple(key_id(k) for k in old), key_file=path)
    report.counts = {c.label: 0 for cols in encrypted_columns().values() for c in cols}
    engine = make_engine(settings.database_url)
    try:
        await migrate(engine)  # the same schema as the bot's (refuses a database newer than this code)
        await verify_keys(engine, keyring)  # before touching anything
        if path is not None:
            write_key_file(path, [new, *old])  # (a) processes pick NEW up within CHECK_INTERVAL
            log.info("key file %s: new current key %s", path, report.new_key_id)
        started = time.monotonic()
        while True:  # (b), (c)
            sweep = await reencrypt(engine, keyring, batch_size=batch_size)
            report.sweeps += 1
            _add(report, sweep)
            if after_sweep is not None:
                await after_sweep(report.sweeps)
            wait = settle - (time.monotonic() - started)
            if sweep.seen == 0 and wait <= 0:
                break
            if report.sweeps >= MAX_SWEEPS:
                raise RotationError(
                    f"values under an old key keep appearing after {MAX_SWEEPS} sweeps; "
                    "is a process running with an old INTAKE_DATA_KEY? nothing was retired"
                )
            if wait > 0:
                await asyncio.sleep(wait)
        if path is not None:
            write_key_file(path, [new])  # (d)
            # a process that sealed with an old key just before noticing the change: re-encrypt it now,
            # while this process still holds the old key
            sweep = await reencrypt(engine, keyring, batch_size=batch_size)
            report.sweeps += 1
            report.stragglers += sweep.changed
            _add(report, sweep)
            if sweep.seen != sweep.changed:
                log.warning(
                    "%d value(s) changed during the last sweep; run the rotation again", sweep.seen - sweep.changed
                )
        async with engine.begin() as connection:
            await connection.execute(
                sa.insert(AuditEntry.__table__).values(  # type: ignore[arg-type]
                    action="keys.rotate",
                    detail=f"key {','.join(report.old_key_ids)} -> {report.new_key_id}: {report.total} values",
                )
            )
    finally:
        await engine.dispose()
    log.info("key rotation done: %d values now under key %s", report.total, report.new_key_id)
    return report


def _add(report: RotationReport, sweep: Sweep) -> None:
    for name, n in sweep.counts.items():
        report.counts[name] = report.counts.get(name, 0) + n


# --- command line entry points (wired in bot/__main__.py) ------------------------------------------


async def main_rotate(settings: Settings) -> int:
    """``intake-bot keys rotate``: prints a summary with key ids only, never a key."""
    try:
        report = await rotate(settings)
    except (DataKeyError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    return 0


def main_new() -> int:
    """``intake-bot keys new``: print a fresh key for INTAKE_DATA_KEY (and its id)."""
    key = new_key()
    print(encode_key(key))
    print(
        f"(key id {key_id(key)}; keep it secret and keep a copy offline: without it the data cannot be read)",
        file=sys.stderr,
    )
    return 0
