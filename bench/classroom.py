#!/usr/bin/env python3
"""Classroom benchmark: a workshop of N students against real `kubetutor serve` processes on loopback.

Each student creates a JSON API session and types the article's walkthrough (namespace, deploy,
expose, endpoints, a debugger pod, exec, nslookup, resolv.conf, curl, scale, a curl loop, headless
Service, dig), pausing between commands like a learner, compressed to about a minute. A pool of
client threads (a classroom's browsers behind a load balancer) sends the commands.

Two set-ups, one after the other:
  sqlite  one `kubetutor serve` (gunicorn, default workers) on the embedded SQLite file;
  redis   two `kubetutor serve` on different ports sharing one redis-server started here on a free
          loopback port (--save '' --appendonly no); each command goes to the other server than
          the one before (the "several machines" deployment, no sticky sessions).

Reports command latency p50/p95/p99, answers by HTTP status, the server's resident memory (the sum
over gunicorn's master and workers, from /proc), the store's size and bytes per session, and checks
that every session's traffic counters hold exactly the requests its learner sent.
Every loop is bounded in count and in time; every process started here is stopped here.
"""
from __future__ import annotations

import argparse
import heapq
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
_SCRIPT = Path(sys.executable).with_name("kubetutor")  # the installed console script, as a teacher runs it
KUBETUTOR = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "webapp.cli"]

# (command, what the answer must show before the learner moves on: a regex on the output, or on
#  "context=..." for exec/exit). A learner who does not see it yet waits a little and types it again.
LESSON: list[tuple[str, str | None]] = [
    ("kubectl create namespace test", None),
    ("kubectl config set-context --current --namespace=test", None),
    ("kubectl create deploy nginx --image=nginx", None),
    ("kubectl expose deploy nginx --port=80 --target-port=80", None),
    ("kubectl get svc nginx", None),
    ("kubectl get ep nginx", r"10\.244\.\d+\.\d+:80"),
    ("kubectl get pods --selector=app=nginx -o wide", None),
    ("kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity", None),
    ("kubectl get pods --selector=app=debugger", r"1/1\s+Running"),
    ("kubectl exec -it deploy/debugger -- sh", r"context=pod/"),
    ("nslookup nginx", None),
    ("cat /etc/resolv.conf", None),
    ("curl nginx", None),
    ("exit", r"context=workstation"),
    ("kubectl scale deploy nginx --replicas=3", None),
    ("kubectl get ep nginx", r"(10\.244\.\d+\.\d+:80,){2}10\.244"),
    ("kubectl exec -it deploy/debugger -- sh", r"context=pod/"),
    ("for i in $(seq 1 20); do curl -s nginx > /dev/null; done", None),
    ("exit", r"context=workstation"),
    ("kubectl logs deploy/nginx --tail=2", None),
    ("kubectl delete svc nginx", None),
    ("kubectl expose deploy nginx --port=80 --target-port=80 --cluster-ip=None", None),
    ("kubectl get svc nginx", None),
    ("kubectl get ep nginx", None),
    ("kubectl exec -it deploy/debugger -- sh", r"context=pod/"),
    ("nslookup nginx", None),
    ("dig nginx +search", None),
    ("exit", r"context=workstation"),
    ("kubectl get all", None),
]
EXPECTED_REQUESTS = 21   # `curl nginx` once and the loop of 20, through the ClusterIP Service
MAX_TRIES = 40           # a step that never shows what it should is given up after this many


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, path: str | None, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if path is None:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return True
            if requests.get(f"http://127.0.0.1:{port}{path}", timeout=1).ok:
                return True
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.1)
    return False


def start_server(store_url: str, instance: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KUBETUTOR_INSTANCE": str(instance),
           "KUBETUTOR_STORE": store_url, "KUBETUTOR_SECRET_KEY": "classroom-bench"}
    proc = subprocess.Popen(KUBETUTOR + ["serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    if not wait_port(port, "/healthz", 40):
        stop(proc)
        raise SystemExit(f"kubetutor serve did not start on port {port}")
    return proc, f"http://127.0.0.1:{port}"


def start_redis(workdir: Path) -> tuple[subprocess.Popen, int]:
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not wait_port(port, None, 10):
        stop(proc)
        raise SystemExit("redis-server did not start")
    return proc, port


def stop(proc: subprocess.Popen) -> str:
    """SIGTERM the process (gunicorn's master stops its workers), then wait; returns its stderr."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate(timeout=5)
    return (err or b"").decode(errors="replace") if isinstance(err, bytes) else (err or "")


def process_tree(pid: int) -> list[int]:
    """`pid` and every descendant, from /proc (gunicorn's master and its workers)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = [pid], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


@dataclass(order=True)
class Student:
    due: float
    number: int = field(compare=False)
    step: int = field(default=0, compare=False)
    tries: int = field(default=0, compare=False)
    sends: int = field(default=0, compare=False)
    sid: str | None = field(default=None, compare=False)
    auth: dict = field(default_factory=dict, compare=False)
    failed: str | None = field(default=None, compare=False)


class Classroom:
    def __init__(self, urls: list[str], students: int, threads: int, think: float, arrive: float,
                 limit: float, seed: int) -> None:
        self.urls, self.threads, self.think, self.limit = urls, threads, think, limit
        self.rng = random.Random(seed)
        start = time.monotonic() + 0.5
        self.queue = [Student(start + arrive * i / max(1, students - 1), i) for i in range(students)]
        heapq.heapify(self.queue)
        self.all = list(self.queue)
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.create_latencies: list[float] = []
        self.lateness: list[float] = []
        self.statuses: Counter = Counter()
        self.exceptions: Counter = Counter()
        self.giveups = 0
        self.deadline = start + limit
        self.started = start

    def pause(self) -> float:
        return self.rng.uniform(0.5 * self.think, 1.5 * self.think)

    def client(self) -> None:
        https = [requests.Session() for _ in self.urls]
        while True:
            with self.lock:
                if not self.queue:
                    return
                student = heapq.heappop(self.queue)
            delay = student.due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            now = time.monotonic()
            if now > self.deadline:
                student.failed = student.failed or "out of time"
                continue
            self.lateness.append(now - student.due)
            done = self.act(student, https)
            if not done:
                student.due = time.monotonic() + (1.0 if student.tries else self.pause())
                with self.lock:
                    heapq.heappush(self.queue, student)

    def count(self, status: int, into: list[float], seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            into.append(seconds)

    def act(self, student: Student, https: list[requests.Session]) -> bool:
        """One request for this student; True when the student has finished (or given up)."""
        server = (student.number + student.sends) % len(self.urls)  # alternate servers, no stickiness
        student.sends += 1
        url, http = self.urls[server], https[server]
        t = time.perf_counter()
        try:
            if student.sid is None:
                r = http.post(url + "/api/v1/sessions", json={"seed": student.number}, timeout=30)
                self.count(r.status_code, self.create_latencies, time.perf_counter() - t)
                if r.status_code == 201:
                    student.sid = r.json()["session"]
                    student.auth = {"Authorization": f"Bearer {r.json()['token']}"}
                return False
            command, want = LESSON[student.step]
            r = http.post(f"{url}/api/v1/sessions/{student.sid}/commands", json={"command": command},
                          headers=student.auth, timeout=30)
            self.count(r.status_code, self.latencies, time.perf_counter() - t)
        except requests.RequestException as exc:
            with self.lock:
                self.exceptions[type(exc).__name__] += 1
            return False
        if r.status_code != 200:
            return False  # typed again after a pause (a 409 or 429 asks for exactly that)
        answer = r.json()
        seen = f"{answer['output']}\ncontext={answer['context']}"
        if want is not None and not re.search(want, seen):
            student.tries += 1
            if student.tries < MAX_TRIES:
                return False
            self.giveups += 1
            student.failed = f"step {student.step} ({command!r}) never showed {want!r}"
            return True
        student.step, student.tries = student.step + 1, 0
        return student.step == len(LESSON)

    def run(self) -> float:
        threads = [threading.Thread(target=self.client, daemon=True) for _ in range(self.threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(1.0, self.deadline - time.monotonic() + 60))
        return time.monotonic() - self.started


def traffic_check(urls: list[str], students: list[Student]) -> dict:
    """Every finished session's counters hold exactly the requests its learner sent (none lost)."""
    exact, wrong = 0, []
    http = requests.Session()
    for i, s in enumerate(students):
        if s.sid is None or s.step != len(LESSON):
            continue
        r = http.get(f"{urls[i % len(urls)]}/api/v1/sessions/{s.sid}/traffic", headers=s.auth, timeout=30)
        total = sum(r.json().get("pods", {}).values()) if r.status_code == 200 else -1
        if total == EXPECTED_REQUESTS:
            exact += 1
        else:
            wrong.append((s.number, r.status_code, total))
    return {"traffic_exact": exact, "traffic_wrong": wrong[:5]}


def measure(kind: str, args, tmp: Path) -> dict:
    procs: list[subprocess.Popen] = []
    redis_proc, redis_port = None, None
    instance = tmp / kind
    instance.mkdir()
    try:
        if kind == "sqlite":
            db = instance / "kubetutor.db"
            procs.append(start_server(f"sqlite:///{db}", instance))
        else:
            redis_proc, redis_port = start_redis(instance)
            store = f"redis://127.0.0.1:{redis_port}/0"
            procs.extend(start_server(store, instance) for _ in range(args.servers))
        urls = [url for _, url in procs]
        trees = [process_tree(p.pid) for p, _ in procs]
        idle_rss = sum(rss_bytes(t) for t in trees)
        base_redis = redis_memory(redis_port) if redis_port else 0
        room = Classroom(urls, args.students, args.threads, args.think, args.arrive, args.limit, args.seed)
        peak = [idle_rss]
        sampling = threading.Event()

        def sample() -> None:
            while not sampling.wait(0.5):
                peak[0] = max(peak[0], sum(rss_bytes(process_tree(p.pid)) for p, _ in procs))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        elapsed = room.run()
        sampling.set()
        sampler.join(timeout=5)
        end_rss = sum(rss_bytes(process_tree(p.pid)) for p, _ in procs)
        sessions = sum(1 for s in room.all if s.sid)
        result = {
            "store": kind, "servers": len(procs), "workers_per_server": len(process_tree(procs[0][0].pid)) - 1,
            "students": args.students, "client_threads": args.threads, "seconds": round(elapsed, 1),
            "sessions": sessions, "finished": sum(1 for s in room.all if s.step == len(LESSON)),
            "commands": len(room.latencies), "commands_per_s": round(len(room.latencies) / elapsed, 1),
            "p50_ms": 1000 * pct(room.latencies, 50), "p95_ms": 1000 * pct(room.latencies, 95),
            "p99_ms": 1000 * pct(room.latencies, 99), "max_ms": 1000 * max(room.latencies, default=0),
            "create_p50_ms": 1000 * pct(room.create_latencies, 50),
            "create_p99_ms": 1000 * pct(room.create_latencies, 99),
            "schedule_lag_p95_ms": 1000 * pct(room.lateness, 95),
            "statuses": dict(sorted(room.statuses.items())), "exceptions": dict(room.exceptions),
            "errors_5xx": sum(n for code, n in room.statuses.items() if code >= 500),
            "gave_up": [s.failed for s in room.all if s.failed][:5],
            "rss_idle_mb": idle_rss / 2**20, "rss_peak_mb": peak[0] / 2**20, "rss_end_mb": end_rss / 2**20,
        }
        result.update(traffic_check(urls, room.all))
        if kind == "sqlite":
            files = [db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
            size = sum(f.stat().st_size for f in files if f.exists())
            result.update(store_bytes=size, store_bytes_per_session=size / max(1, sessions),
                          db_bytes_checkpointed=checkpointed_size(db))
        else:
            used = redis_memory(redis_port) - base_redis
            keys, key_bytes = redis_keys(redis_port)
            result.update(store_bytes=used, store_bytes_per_session=used / max(1, sessions),
                          redis_keys=keys, key_bytes_per_session=key_bytes / max(1, sessions))
        return result
    finally:
        for proc, _ in procs:
            err = stop(proc)
            if "Traceback" in err:
                print(f"server stderr ({kind}):\n{err[-3000:]}", file=sys.stderr)
        if redis_proc is not None:
            stop(redis_proc)


def checkpointed_size(db: Path) -> int:
    """The database file alone after folding the write-ahead log into it (what a backup copies)."""
    import sqlite3
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return db.stat().st_size


def redis_memory(port: int) -> int:
    import redis
    return int(redis.Redis(port=port).info("memory")["used_memory"])


def redis_keys(port: int) -> tuple[int, int]:
    """How many keys the sessions left, and the sum of their MEMORY USAGE (values, not server overhead)."""
    import redis
    client = redis.Redis(port=port)
    keys = list(client.scan_iter(match="kubetutor:*", count=500))[:100_000]
    return len(keys), sum(client.memory_usage(k, samples=0) or 0 for k in keys)


def show(result: dict) -> None:
    for key, value in result.items():
        print(f"  {key:26} {value:.1f}" if isinstance(value, float) else f"  {key:26} {value}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--students", type=int, default=200)
    ap.add_argument("--threads", type=int, default=20, help="client threads shared by all students")
    ap.add_argument("--think", type=float, default=2.0, help="mean pause between a learner's commands (s)")
    ap.add_argument("--arrive", type=float, default=10.0, help="seconds over which the students arrive")
    ap.add_argument("--limit", type=float, default=240.0, help="hard stop for one set-up (s)")
    ap.add_argument("--servers", type=int, default=2, help="kubetutor serve processes on the Redis set-up")
    ap.add_argument("--stores", default="sqlite,redis")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.stores.split(","):
            print(f"{kind}: {args.students} students, {args.threads} client threads", flush=True)
            result = measure(kind, args, Path(tmp))
            show(result)
            results.append(result)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    ok = all(r["errors_5xx"] == 0 and not r["exceptions"] and r["finished"] == r["students"] for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
