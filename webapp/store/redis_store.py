"""The shared store for several machines: Redis, one hash per session and per workspace.

A write WATCHes the workspace key, checks its version and commits in MULTI/EXEC; a concurrent
write makes EXEC fail and surfaces as `VersionConflict`. Redis expires idle sessions by itself.
"""
from __future__ import annotations

import json
from typing import Any

import redis

from webapp.cluster.clock import SystemClock
from webapp.store import SessionGone, SessionInfo, StoredWorkspace, VersionConflict
from webapp.store.codec import decode, encode
from webapp.store.ids import new_session_id

_PREFIX = "kubetutor:"


def _s(sid: str) -> str:
    return f"{_PREFIX}s:{sid}"


def _w(sid: str, key: str) -> str:
    return f"{_PREFIX}w:{sid}:{key}"


def _keys(sid: str) -> str:
    return f"{_PREFIX}k:{sid}"


class RedisStore:
    def __init__(self, url: str, ttl: float, clock=None) -> None:
        self.ttl = float(ttl)
        self.clock = clock or SystemClock()
        self.redis = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)
        self._ex = max(1, int(self.ttl))

    def close(self) -> None:
        self.redis.close()

    def create_session(self, token_hash: str | None = None, lang: str | None = None) -> SessionInfo:
        sid, now = new_session_id(), self.clock.now()
        fields = {"created": repr(now), "touched": repr(now), "token_hash": token_hash or "", "lang": lang or ""}
        pipe = self.redis.pipeline(transaction=True)
        pipe.hset(_s(sid), mapping=fields)
        pipe.expire(_s(sid), self._ex)
        pipe.execute()
        return SessionInfo(sid, token_hash, lang, now, now)

    def get_session(self, sid: str) -> SessionInfo | None:
        raw = self.redis.hgetall(_s(sid))
        if not raw:
            return None
        f = {k.decode(): v.decode() for k, v in raw.items()}
        touched = float(f["touched"])
        if touched < self.clock.now() - self.ttl:
            return None
        return SessionInfo(sid, f["token_hash"] or None, f["lang"] or None, float(f["created"]), touched)

    def set_lang(self, sid: str, lang: str) -> None:
        if self.redis.exists(_s(sid)):
            self.redis.hset(_s(sid), mapping={"lang": lang, "touched": repr(self.clock.now())})

    def delete_session(self, sid: str) -> bool:
        keys = [_w(sid, k.decode()) for k in self.redis.smembers(_keys(sid))]
        return self.redis.delete(_s(sid), _keys(sid), *keys) > 0

    def read_workspace(self, sid: str, key: str) -> StoredWorkspace | None:
        version, summary, data = self.redis.hmget(_w(sid, key), "v", "summary", "data")
        if version is None:
            return None
        return StoredWorkspace(int(version), decode(data), json.loads(summary))

    def workspace_version(self, sid: str, key: str) -> int:
        """The stored version of a workspace (0 = absent), without reading its data."""
        version = self.redis.hget(_w(sid, key), "v")
        return int(version) if version is not None else 0

    def write_workspace(self, sid: str, key: str, data: Any, summary: dict, expected: int) -> int:
        """Save `data` as the next version if the stored version is still `expected` (0 = absent)."""
        wkey, skey, blob = _w(sid, key), _s(sid), encode(data)
        with self.redis.pipeline(transaction=True) as pipe:
            try:
                pipe.watch(wkey, skey)
                if not pipe.exists(skey):
                    raise SessionGone(sid)
                current = int(pipe.hget(wkey, "v") or 0)
                others = [_w(sid, k.decode()) for k in pipe.smembers(_keys(sid))]
                if current != expected:
                    raise VersionConflict(f"{key}: stored version {current}, computed from {expected}")
                pipe.multi()
                pipe.hset(wkey, mapping={"v": current + 1, "data": blob,
                                         "summary": json.dumps(summary, separators=(",", ":"))})
                pipe.hset(skey, "touched", repr(self.clock.now()))
                pipe.sadd(_keys(sid), key)
                for k in {wkey, skey, _keys(sid), *others}:  # the whole session lives as long
                    pipe.expire(k, self._ex)
                pipe.execute()
            except redis.WatchError:
                raise VersionConflict(f"{key}: changed during the transaction") from None
        return current + 1

    def delete_workspace(self, sid: str, key: str) -> None:
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(_w(sid, key))
        pipe.srem(_keys(sid), key)
        pipe.execute()

    def summaries(self, sid: str) -> dict[str, dict]:
        keys = sorted(k.decode() for k in self.redis.smembers(_keys(sid)))
        if not keys:
            return {}
        pipe = self.redis.pipeline(transaction=False)
        for key in keys:
            pipe.hget(_w(sid, key), "summary")
        return {k: json.loads(v) for k, v in zip(keys, pipe.execute()) if v is not None}

    def hit(self, counter: str, window: int) -> int:
        """Count one event in the current fixed window of `window` seconds; return the count so far."""
        slot = int(self.clock.now() // window)
        key = f"{_PREFIX}r:{counter}:{slot}"
        pipe = self.redis.pipeline(transaction=True)
        pipe.incr(key)
        pipe.expire(key, window + 1)
        return int(pipe.execute()[0])

    def purge(self) -> int:
        """Redis expires idle sessions itself (every key carries the TTL)."""
        return 0
