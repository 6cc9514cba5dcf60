"""The embedded default store: one SQLite file in WAL mode, shared by every worker process.

Readers never block (WAL). A write is one `BEGIN IMMEDIATE` transaction that re-reads the version
it was computed from and saves only if it is unchanged, so a command holds the write lock for a
few microseconds, not for the time the simulation takes.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from webapp.cluster.clock import SystemClock
from webapp.store import SessionGone, SessionInfo, StoredWorkspace, VersionConflict
from webapp.store.codec import decode, encode
from webapp.store.ids import new_session_id

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, token_hash TEXT, lang TEXT, created REAL NOT NULL, touched REAL NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_touched ON sessions (touched);
CREATE TABLE IF NOT EXISTS workspaces (
    session_id TEXT NOT NULL, key TEXT NOT NULL, version INTEGER NOT NULL,
    summary TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (session_id, key));
CREATE TABLE IF NOT EXISTS counters (
    key TEXT PRIMARY KEY, window INTEGER NOT NULL, count INTEGER NOT NULL);
"""

_PURGE_EVERY = 60.0


class SqliteStore:
    def __init__(self, path: str, ttl: float, clock=None) -> None:
        self.path, self.ttl = path, float(ttl)
        self.clock = clock or SystemClock()
        self._local = threading.local()
        self._last_purge = 0.0
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db().executescript(_SCHEMA)

    # One connection per thread and per process: connections must not cross a fork.
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None or self._local.pid != os.getpid():
            db = sqlite3.connect(self.path, isolation_level=None, timeout=15, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=15000")
            self._local.db, self._local.pid = db, os.getpid()
        return db

    def _tx(self):
        return _Immediate(self._db())

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def create_session(self, token_hash: str | None = None, lang: str | None = None) -> SessionInfo:
        now = self.clock.now()
        self._maybe_purge(now)
        sid = new_session_id()
        with self._tx() as db:
            db.execute("INSERT INTO sessions (id, token_hash, lang, created, touched) VALUES (?,?,?,?,?)",
                       (sid, token_hash, lang, now, now))
        return SessionInfo(sid, token_hash, lang, now, now)

    def get_session(self, sid: str) -> SessionInfo | None:
        row = self._db().execute(
            "SELECT id, token_hash, lang, created, touched FROM sessions WHERE id = ?", (sid,)).fetchone()
        if row is None or row[4] < self.clock.now() - self.ttl:
            return None
        return SessionInfo(*row)

    def set_lang(self, sid: str, lang: str) -> None:
        with self._tx() as db:
            db.execute("UPDATE sessions SET lang = ?, touched = ? WHERE id = ?", (lang, self.clock.now(), sid))

    def delete_session(self, sid: str) -> bool:
        with self._tx() as db:
            db.execute("DELETE FROM workspaces WHERE session_id = ?", (sid,))
            return db.execute("DELETE FROM sessions WHERE id = ?", (sid,)).rowcount > 0

    def read_workspace(self, sid: str, key: str) -> StoredWorkspace | None:
        row = self._db().execute("SELECT version, summary, data FROM workspaces WHERE session_id = ? AND key = ?",
                                 (sid, key)).fetchone()
        if row is None:
            return None
        return StoredWorkspace(row[0], decode(row[2]), json.loads(row[1]))

    def workspace_version(self, sid: str, key: str) -> int:
        """The stored version of a workspace (0 = absent), without reading its data."""
        row = self._db().execute("SELECT version FROM workspaces WHERE session_id = ? AND key = ?",
                                 (sid, key)).fetchone()
        return row[0] if row else 0

    def write_workspace(self, sid: str, key: str, data: Any, summary: dict, expected: int) -> int:
        """Save `data` as the next version if the stored version is still `expected` (0 = absent)."""
        blob, summary_text, now = encode(data), json.dumps(summary, separators=(",", ":")), self.clock.now()
        with self._tx() as db:
            if db.execute("UPDATE sessions SET touched = ? WHERE id = ?", (now, sid)).rowcount == 0:
                raise SessionGone(sid)
            row = db.execute("SELECT version FROM workspaces WHERE session_id = ? AND key = ?",
                             (sid, key)).fetchone()
            current = row[0] if row else 0
            if current != expected:
                raise VersionConflict(f"{key}: stored version {current}, computed from {expected}")
            db.execute("INSERT OR REPLACE INTO workspaces (session_id, key, version, summary, data) "
                       "VALUES (?,?,?,?,?)", (sid, key, current + 1, summary_text, blob))
        return current + 1

    def delete_workspace(self, sid: str, key: str) -> None:
        with self._tx() as db:
            db.execute("DELETE FROM workspaces WHERE session_id = ? AND key = ?", (sid, key))
            db.execute("UPDATE sessions SET touched = ? WHERE id = ?", (self.clock.now(), sid))

    def summaries(self, sid: str) -> dict[str, dict]:
        rows = self._db().execute("SELECT key, summary FROM workspaces WHERE session_id = ?", (sid,))
        return {key: json.loads(summary) for key, summary in rows}

    def hit(self, counter: str, window: int) -> int:
        """Count one event in the current fixed window of `window` seconds; return the count so far."""
        slot = int(self.clock.now() // window) * window  # the window's start, in seconds
        with self._tx() as db:
            row = db.execute("SELECT window, count FROM counters WHERE key = ?", (counter,)).fetchone()
            count = row[1] + 1 if row and row[0] == slot else 1
            db.execute("INSERT OR REPLACE INTO counters (key, window, count) VALUES (?,?,?)", (counter, slot, count))
        return count

    def purge(self) -> int:
        """Delete sessions idle for longer than the TTL, and stale rate counters."""
        cutoff = self.clock.now() - self.ttl
        with self._tx() as db:
            ids = [r[0] for r in db.execute("SELECT id FROM sessions WHERE touched < ? LIMIT 500", (cutoff,))]
            db.executemany("DELETE FROM workspaces WHERE session_id = ?", [(i,) for i in ids])
            db.executemany("DELETE FROM sessions WHERE id = ?", [(i,) for i in ids])
            db.execute("DELETE FROM counters WHERE window < ?", (self.clock.now() - 86400,))
        return len(ids)

    def _maybe_purge(self, now: float) -> None:
        if now - self._last_purge >= _PURGE_EVERY:
            self._last_purge = now
            self.purge()


class _Immediate:
    """`with` block = one BEGIN IMMEDIATE ... COMMIT (ROLLBACK on any exception)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        self.db.execute("COMMIT" if exc_type is None else "ROLLBACK")
