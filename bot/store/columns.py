"""The encrypted columns, found in the models' metadata, and what the key check at start and the rotation read
of them: which key sealed each stored value."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from .crypto import PREFIX, DataKeyError, Encrypted, Keyring, token_key_id
from .models import Base


class RotationError(DataKeyError):
    """The rotation stopped; the key file (if any) still holds every key, so all data stays readable."""


@dataclass(frozen=True)
class EncryptedColumn:
    table: sa.Table
    name: str
    context: str  # the associated data the value is sealed with

    @property
    def label(self) -> str:
        return f"{self.table.name}.{self.name}"


def encrypted_columns(metadata: sa.MetaData = Base.metadata) -> dict[sa.Table, list[EncryptedColumn]]:
    """Every :class:`Encrypted` column, by table, straight from the models (nothing kept by hand)."""
    found: dict[sa.Table, list[EncryptedColumn]] = {}
    for table in metadata.sorted_tables:
        columns = [
            EncryptedColumn(table, c.name, c.type.context) for c in table.columns if isinstance(c.type, Encrypted)
        ]
        if columns:
            if not table.primary_key.columns:
                raise RotationError(f"table {table.name} has encrypted columns but no primary key")
            found[table] = columns
    return found


def _raw_table(table: sa.Table, columns: list[EncryptedColumn]) -> sa.TableClause:
    """The table with plain-text encrypted columns: reads and writes bypass the TypeDecorator."""
    keys = [sa.column(c.name, c.type) for c in table.primary_key.columns]
    return sa.table(table.name, *keys, *(sa.column(c.name, sa.Text()) for c in columns), schema=table.schema)


async def key_ids_in_use(engine: AsyncEngine, metadata: sa.MetaData = Base.metadata) -> dict[str | None, int]:
    """How many stored values name each key id (None: values that are not encrypted tokens)."""
    usage: dict[str | None, int] = {}
    async with engine.connect() as connection:
        for table, columns in encrypted_columns(metadata).items():
            raw = _raw_table(table, columns)
            for column in columns:
                col = raw.c[column.name]
                head = sa.func.substr(col, 1, len(PREFIX) + 10)  # "v1.<8 hex>."
                rows = await connection.execute(sa.select(head, sa.func.count()).where(col.is_not(None)).group_by(head))
                for prefix, count in rows:
                    kid = token_key_id(prefix or "")
                    usage[kid] = usage.get(kid, 0) + count
    return usage


async def verify_keys(engine: AsyncEngine, keyring: Keyring) -> None:
    """Refuse when the database holds values that no loaded key decrypts (e.g. a lost key file
    was silently re-created, or the wrong INTAKE_DATA_KEY is set)."""
    usage = await key_ids_in_use(engine)
    unknown = {kid: n for kid, n in usage.items() if kid is None or not keyring.can_decrypt(kid)}
    if unknown:
        parts = ", ".join(f"{n} under key {kid}" if kid else f"{n} not encrypted" for kid, n in unknown.items())
        raise DataKeyError(
            f"the database holds values the loaded keys ({', '.join(keyring.key_ids)}) cannot read: {parts}"
        )


KEY_CHECK_SAMPLE = 200  # newest rows per table read by the check at start


async def check_key_fits(engine: AsyncEngine, keyring: Keyring, metadata: sa.MetaData = Base.metadata) -> None:
    """A cheap check at start: a stored value of each encrypted column, among each table's newest
    ``KEY_CHECK_SAMPLE`` rows (a bounded read, the same at a thousand cases and at a million), must name a loaded
    key. It catches a lost key file that was silently re-created, or the wrong INTAKE_DATA_KEY, before any user
    sees an error."""
    async with engine.connect() as connection:
        for table, columns in encrypted_columns(metadata).items():
            raw = _raw_table(table, columns)
            newest = [raw.c[c.name].desc() for c in table.primary_key.columns]
            sample = (
                await connection.execute(
                    sa.select(*(raw.c[c.name] for c in columns)).order_by(*newest).limit(KEY_CHECK_SAMPLE)
                )
            ).all()
            for index, column in enumerate(columns):
                value = next((row[index] for row in sample if row[index]), None)
                kid = token_key_id(value) if value else None
                if value and (kid is None or not keyring.can_decrypt(kid)):
                    raise DataKeyError(
                        f"the data key does not fit this database: {table.name}.{column.name} is encrypted with "
                        f"key {kid}, the loaded keys are {', '.join(keyring.key_ids)}. Restore the key file or "
                        "INTAKE_DATA_KEY from your backup; without it the data cannot be read."
                    )
