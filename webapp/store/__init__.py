"""Session persistence: one record per browser or API session, one versioned blob per workspace.

`open_store(url)` gives a `SessionStore` (SQLite file or Redis). Nothing about a session lives in a
worker process between requests; every command is one optimistic read-modify-write of one workspace
(`update_workspace`), so any number of processes or machines can serve any session.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from webapp.store.codec import decode, encode


@dataclass(frozen=True)
class SessionInfo:
    """What a session is, without its workspaces' (large) state."""

    id: str
    token_hash: str | None
    lang: str | None
    created: float
    touched: float


@dataclass(frozen=True)
class StoredWorkspace:
    version: int
    data: Any
    summary: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """What a read-modify-write step decided: new data (None = write nothing), its summary, a result."""

    data: Any
    summary: dict
    result: Any


class VersionConflict(Exception):
    """Another writer saved the workspace between our read and our write."""


class SessionGone(Exception):
    """The session was deleted or expired while we worked on it."""


class Conflict(Exception):
    """Concurrent changes kept winning; the caller answers 409."""


class SessionStore(Protocol):
    ttl: float

    def create_session(self, token_hash: str | None = None, lang: str | None = None) -> SessionInfo: ...
    def get_session(self, sid: str) -> SessionInfo | None: ...
    def set_lang(self, sid: str, lang: str) -> None: ...
    def delete_session(self, sid: str) -> bool: ...
    def read_workspace(self, sid: str, key: str) -> StoredWorkspace | None: ...
    def workspace_version(self, sid: str, key: str) -> int: ...
    def write_workspace(self, sid: str, key: str, data: Any, summary: dict, expected: int) -> int: ...
    def delete_workspace(self, sid: str, key: str) -> None: ...
    def summaries(self, sid: str) -> dict[str, dict]: ...
    def hit(self, counter: str, window: int) -> int: ...
    def close(self) -> None: ...


DEFAULT_TTL = 7 * 24 * 3600.0


def open_store(url: str, ttl: float = DEFAULT_TTL, clock=None) -> SessionStore:
    """`sqlite:///abs/path.db` (or `sqlite:///:memory:` for one process) or `redis://host:port/db`."""
    if url.startswith("sqlite:///"):
        from webapp.store.sqlite import SqliteStore
        return SqliteStore(url[len("sqlite:///"):], ttl=ttl, clock=clock)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from webapp.store.redis_store import RedisStore
        return RedisStore(url, ttl=ttl, clock=clock)
    raise ValueError(f"unsupported KUBETUTOR_STORE URL: {url!r} (use sqlite:///PATH or redis://HOST:PORT/DB)")


def update_workspace(store: SessionStore, sid: str, key: str,
                     change: Callable[[Any], Change], attempts: int = 4,
                     reuse: Callable[[int], Any] | None = None,
                     saved: Callable[[int, Change], None] | None = None) -> Any:
    """Load the workspace, let `change` compute its next state, save it if nobody else did meanwhile.

    `change` gets the stored data (None when the workspace does not exist yet) and must be safe to
    call again: on a version conflict it is re-run on the fresh state. Raises `Conflict` after
    `attempts` lost races and `SessionGone` if the session disappeared.

    `reuse(version)` may hand `change` a value the caller already holds for exactly that stored
    version (instead of the decoded data; None = decode as usual); `saved(version, change)` is told
    the version a change was saved as. The version check on write is the same either way.
    """
    for _ in range(attempts):
        ready = None
        if reuse is not None:
            version = store.workspace_version(sid, key)
            ready = reuse(version) if version else None
        if ready is not None:
            outcome, expected = change(ready), version
        else:
            stored = store.read_workspace(sid, key)
            outcome, expected = change(stored.data if stored else None), (stored.version if stored else 0)
        if outcome.data is None:
            return outcome.result
        try:
            new_version = store.write_workspace(sid, key, outcome.data, outcome.summary, expected)
        except VersionConflict:
            continue
        if saved is not None:
            saved(new_version, outcome)
        return outcome.result
    raise Conflict(f"workspace {key!r} kept changing underneath this command")


__all__ = ["SessionInfo", "StoredWorkspace", "Change", "VersionConflict", "SessionGone", "Conflict",
           "SessionStore", "open_store", "update_workspace", "encode", "decode", "DEFAULT_TTL"]
