"""The session store contract, run against SQLite and against a real redis-server."""
from __future__ import annotations

import threading

import pytest

from webapp.cluster.clock import ManualClock
from webapp.store import Change, Conflict, SessionGone, VersionConflict, decode, encode, open_store, update_workspace
from webapp.store.ids import hash_token, new_token, plausible_id, token_matches


@pytest.fixture
def redis_url(redis_port):
    return f"redis://127.0.0.1:{redis_port}/1"


@pytest.fixture(params=["sqlite", pytest.param("redis", marks=pytest.mark.redis)])
def store_and_clock(request, tmp_path):
    clock = ManualClock(1_700_000_000.0)
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'sessions.db'}"
    else:
        url = request.getfixturevalue("redis_url")
        import redis
        redis.Redis.from_url(url).flushdb()
    store = open_store(url, ttl=3600, clock=clock)
    yield store, clock
    store.close()


def test_codec_round_trips_unicode_and_compresses():
    value = {"output": "NAME\tREADY\n" * 200, "lang": "日本語"}
    blob = encode(value)
    assert decode(blob) == value
    assert len(blob) < 200


def test_tokens_are_random_and_only_their_hash_matches():
    a, b = new_token(), new_token()
    assert a != b and len(a) >= 40
    assert token_matches(a, hash_token(a))
    assert not token_matches(b, hash_token(a))
    assert not token_matches(a, None)
    assert plausible_id("x" * 32) and not plausible_id("../../etc") and not plausible_id("")


def test_session_lifecycle(store_and_clock):
    store, _ = store_and_clock
    info = store.create_session(token_hash="h", lang="ja")
    got = store.get_session(info.id)
    assert (got.id, got.token_hash, got.lang) == (info.id, "h", "ja")
    store.set_lang(info.id, "en")
    assert store.get_session(info.id).lang == "en"
    assert store.delete_session(info.id) is True
    assert store.get_session(info.id) is None
    assert store.delete_session(info.id) is False


def test_browser_session_has_no_token(store_and_clock):
    store, _ = store_and_clock
    info = store.create_session()
    assert store.get_session(info.id).token_hash is None
    assert store.get_session(info.id).lang is None


def test_workspace_versions_increase_and_summaries_are_listed(store_and_clock):
    store, _ = store_and_clock
    sid = store.create_session().id
    assert store.read_workspace(sid, "dns") is None
    assert store.write_workspace(sid, "dns", {"n": 1}, {"done": 0}, expected=0) == 1
    assert store.write_workspace(sid, "dns", {"n": 2}, {"done": 1}, expected=1) == 2
    stored = store.read_workspace(sid, "dns")
    assert (stored.version, stored.data, stored.summary) == (2, {"n": 2}, {"done": 1})
    store.write_workspace(sid, "sandbox", {"n": 0}, {}, expected=0)
    assert store.summaries(sid) == {"dns": {"done": 1}, "sandbox": {}}
    store.delete_workspace(sid, "dns")
    assert store.read_workspace(sid, "dns") is None
    assert store.summaries(sid) == {"sandbox": {}}


def test_stale_write_is_a_version_conflict(store_and_clock):
    store, _ = store_and_clock
    sid = store.create_session().id
    store.write_workspace(sid, "w", {"n": 1}, {}, expected=0)
    with pytest.raises(VersionConflict):
        store.write_workspace(sid, "w", {"n": 9}, {}, expected=0)
    assert store.read_workspace(sid, "w").data == {"n": 1}


def test_write_to_a_deleted_session_fails(store_and_clock):
    store, _ = store_and_clock
    sid = store.create_session().id
    store.delete_session(sid)
    with pytest.raises(SessionGone):
        store.write_workspace(sid, "w", {}, {}, expected=0)


def test_deleting_a_session_deletes_its_workspaces(store_and_clock):
    store, _ = store_and_clock
    sid = store.create_session().id
    store.write_workspace(sid, "w", {"n": 1}, {}, expected=0)
    store.delete_session(sid)
    assert store.read_workspace(sid, "w") is None


def test_idle_sessions_expire_and_activity_keeps_them(store_and_clock):
    store, clock = store_and_clock
    busy, idle = store.create_session().id, store.create_session().id
    clock.advance(3000)
    store.write_workspace(busy, "w", {}, {}, expected=0)
    clock.advance(1000)
    assert store.get_session(busy) is not None
    assert store.get_session(idle) is None


def test_update_workspace_reruns_the_change_after_a_lost_race(store_and_clock):
    store, _ = store_and_clock
    sid = store.create_session().id
    store.write_workspace(sid, "w", {"lines": []}, {}, expected=0)
    calls = []

    def append(data):
        calls.append(list(data["lines"]))
        if len(calls) == 1:  # someone else writes between our read and our write
            store.write_workspace(sid, "w", {"lines": ["other"]}, {}, expected=1)
        return Change({"lines": data["lines"] + ["mine"]}, {"n": len(data["lines"]) + 1}, "ok")

    assert update_workspace(store, sid, "w", append) == "ok"
    assert calls == [[], ["other"]]
    assert store.read_workspace(sid, "w").data == {"lines": ["other", "mine"]}


def test_update_workspace_gives_up_with_conflict(store_and_clock):
    store, _ = store_and_clock
    sid = store.create_session().id
    store.write_workspace(sid, "w", {"n": 0}, {}, expected=0)

    def always_loses(data):
        current = store.read_workspace(sid, "w").version
        store.write_workspace(sid, "w", {"n": current}, {}, expected=current)
        return Change({"n": -1}, {}, None)

    with pytest.raises(Conflict):
        update_workspace(store, sid, "w", always_loses, attempts=3)


def test_update_workspace_without_new_data_writes_nothing(store_and_clock):
    store, _ = store_and_clock
    sid = store.create_session().id
    assert update_workspace(store, sid, "w", lambda data: Change(None, {}, "read only")) == "read only"
    assert store.read_workspace(sid, "w") is None


def test_rate_counter_counts_per_window(store_and_clock):
    store, clock = store_and_clock
    assert [store.hit("ip:1", 60) for _ in range(3)] == [1, 2, 3]
    assert store.hit("ip:2", 60) == 1
    clock.advance(60)
    assert store.hit("ip:1", 60) == 1


def test_concurrent_writers_never_lose_an_update(store_and_clock):
    store, _ = store_and_clock
    sid = store.create_session().id
    store.write_workspace(sid, "w", {"n": 0}, {}, expected=0)

    def bump():
        for _ in range(15):
            update_workspace(store, sid, "w", lambda d: Change({"n": d["n"] + 1}, {}, None), attempts=200)

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.read_workspace(sid, "w").data == {"n": 60}


def test_sqlite_purge_removes_idle_sessions(tmp_path):
    clock = ManualClock(1_700_000_000.0)
    store = open_store(f"sqlite:///{tmp_path / 'p.db'}", ttl=100, clock=clock)
    old = store.create_session().id
    store.write_workspace(old, "w", {}, {}, expected=0)
    clock.advance(200)
    store.write_workspace(old, "w2", {}, {}, expected=0)  # a write keeps it alive ...
    clock.advance(200)
    assert store.purge() == 1  # ... until it is idle past the TTL
    fresh = store.create_session().id
    assert store.read_workspace(old, "w") is None and store.get_session(fresh) is not None
    assert store.purge() == 0


def test_unknown_store_url_is_refused():
    with pytest.raises(ValueError, match="unsupported"):
        open_store("postgres://x")
