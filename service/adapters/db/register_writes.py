"""The register's hot statements, run on the driver's own cursor.

Giving a number is three statements (take the counter, insert the entries, insert the files;
on SQLite each insert is one statement for all the rows of a group).
Through SQLAlchemy's execution machinery they cost about 0.3 ms of CPU per transaction on
SQLite — more than the statements themselves and most of what the register added to a
render (bench/register.py). Here each statement is compiled once per dialect by SQLAlchemy
and its values are converted by the columns' own bind processors, exactly as SQLAlchemy
would store them (tests/register: rows written here read back through the ORM); only the
per-call bookkeeping is skipped. Driver errors come out as SQLAlchemy's exception classes
(IntegrityError, OperationalError), so callers and `Database` map them as usual.

The statements run inside a transaction opened by `Database.write_core` on the same
connection (BEGIN IMMEDIATE on SQLite).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, insert, update
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError

from service.adapters.db.register_tables import Register, RegisterDocument, RegisterEntry

_REG = Register.__table__.c
_TAKE = (
    update(Register.__table__)
    .where(_REG.co_quan_khoa == bindparam("k"), _REG.nam == bindparam("y"), _REG.chuoi == bindparam("c"))
    .values(so_cuoi=_REG.so_cuoi + bindparam("n"))
    .returning(_REG.id, _REG.so_cuoi)
)


class _Insert:
    """INSERT of every column of a table, with the columns' bind processors."""

    def __init__(self, table: Table, dialect: Dialect):
        columns = list(table.columns)
        compiled = insert(table).compile(dialect=dialect, column_keys=[c.key for c in columns])
        self.sql = compiled.string
        positions = compiled.positiontup  # set for positional paramstyles (qmark, format)
        by_key = {c.key: c for c in columns}
        order = list(positions) if positions else [c.key for c in columns]
        self.keys = order
        self.fields = [(key, by_key[key].type._cached_bind_processor(dialect)) for key in order]
        # a column left out of a row is NULL, as SQLAlchemy would store it, only when it may be
        # NULL and has no default; any other missing value is the caller's mistake (KeyError)
        self.required = {c.key for c in columns if not (c.nullable and c.default is None) or c.primary_key}
        self.positional = bool(positions)
        # SQLite: k rows as ONE statement (INSERT … VALUES (…), (…)): one step of the engine,
        # where executemany steps once per row and gives up the interpreter lock each time
        self.multi_row = dialect.name == "sqlite"
        self._head, self._values = self.sql.rsplit(" VALUES ", 1)
        self.max_rows = max(1, 32766 // len(columns))  # SQLite's limit on bound values
        self._multi_sql: dict[int, str] = {}

    def multi_sql(self, n: int) -> str:
        """The statement inserting `n` rows at once (for `multi_row` dialects)."""
        sql = self._multi_sql.get(n)
        if sql is None:
            sql = self._multi_sql[n] = f"{self._head} VALUES {', '.join([self._values] * n)}"
        return sql

    def params(self, row: dict[str, Any]) -> Any:
        missing = self.required - row.keys()
        if missing:
            raise KeyError(f"no value for {sorted(missing)}")
        get = row.get
        values = [proc(get(key)) if proc is not None else get(key) for key, proc in self.fields]
        return tuple(values) if self.positional else dict(zip(self.keys, values, strict=True))


class _Take:
    def __init__(self, dialect: Dialect):
        compiled = _TAKE.compile(dialect=dialect)
        self.sql = compiled.string
        self.positions = list(compiled.positiontup) if compiled.positiontup else None

    def params(self, values: dict[str, Any]) -> Any:
        return tuple(values[k] for k in self.positions) if self.positions is not None else values


class RegisterWrites:
    """Compiled once per dialect (one per Database)."""

    def __init__(self, dialect: Dialect):
        self.dialect = dialect
        self._take = _Take(dialect)
        self._entry = _Insert(RegisterEntry.__table__, dialect)
        self._document = _Insert(RegisterDocument.__table__, dialect)

    def take(self, conn: Connection, khoa: str, nam: int, chuoi: str, n: int) -> tuple[int, int] | None:
        """Add `n` to a register's counter: (register id, its new last number), None if the
        register does not exist yet. The row stays locked until the transaction ends."""
        with self._cursor(conn) as cur:
            cur.execute(self._take.sql, self._take.params({"k": khoa, "y": nam, "c": chuoi, "n": n}))
            row = cur.fetchone()
        return (row[0], row[1]) if row is not None else None

    def insert_entries(self, conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
        self._insert_many(conn, self._entry, rows)

    def insert_documents(self, conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
        self._insert_many(conn, self._document, rows)

    def _insert_many(self, conn: Connection, stmt: _Insert, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        with self._cursor(conn) as cur:
            if len(rows) == 1:
                cur.execute(stmt.sql, stmt.params(rows[0]))
            elif stmt.multi_row:
                for start in range(0, len(rows), stmt.max_rows):
                    chunk = rows[start : start + stmt.max_rows]
                    cur.execute(stmt.multi_sql(len(chunk)), [v for r in chunk for v in stmt.params(r)])
            else:
                cur.executemany(stmt.sql, [stmt.params(r) for r in rows])

    @contextlib.contextmanager
    def _cursor(self, conn: Connection) -> Iterator[Any]:
        dbapi = self.dialect.loaded_dbapi
        cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            yield cur
        except dbapi.Error as exc:
            raise DBAPIError.instance(None, None, exc, dbapi.Error) from exc
        finally:
            cur.close()
