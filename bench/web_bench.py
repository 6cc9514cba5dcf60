#!/usr/bin/env python3
"""Web benchmark: the real server (gunicorn, several workers, SQLite store) on a loopback port.

Measures, in one run, against the bare `/healthz` endpoint of the same server:
  - command round trip p50/p99 (one API session, sequential) vs the bare endpoint;
  - commands per second with several client threads (one session each) vs the bare endpoint;
  - bytes transferred for a lesson page (HTML + CSS + JS, gzip) before and with the chart library;
  - time to create a session.
Prints a table and writes JSON (--json FILE). Every loop is bounded in count and in time.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workers: int | None, instance: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KUBETUTOR_INSTANCE": str(instance),
           "KUBETUTOR_STORE": f"sqlite:///{instance / 'bench.db'}", "KUBETUTOR_SECRET_KEY": "bench",
           "KUBETUTOR_RATE_COMMANDS": "0", "KUBETUTOR_RATE_SESSIONS": "0"}
    code = f"from webapp.web import serve; serve('127.0.0.1', {port}, workers={workers})"
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/healthz", timeout=1).ok:
                return proc, url
        except requests.RequestException:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def new_session(http: requests.Session, url: str, lesson: str | None = None) -> tuple[str, dict]:
    body = {"lesson": lesson} if lesson else {}
    r = http.post(url + "/api/v1/sessions", json=body, timeout=30)
    r.raise_for_status()
    return r.json()["session"], {"Authorization": f"Bearer {r.json()['token']}"}


def round_trips(url: str, command: str, n: int) -> dict:
    http = requests.Session()
    sid, auth = new_session(http, url)
    cmd_times, bare_times = [], []
    for _ in range(n):  # interleaved, so both see the same machine load
        t = time.perf_counter()
        r = http.post(f"{url}/api/v1/sessions/{sid}/commands", json={"command": command}, headers=auth, timeout=30)
        cmd_times.append(time.perf_counter() - t)
        r.raise_for_status()
        t = time.perf_counter()
        http.get(url + "/healthz", timeout=30).raise_for_status()
        bare_times.append(time.perf_counter() - t)
    return {"command_p50_ms": 1000 * pct(cmd_times, 50), "command_p99_ms": 1000 * pct(cmd_times, 99),
            "bare_p50_ms": 1000 * pct(bare_times, 50), "bare_p99_ms": 1000 * pct(bare_times, 99)}


def throughput(url: str, threads: int, seconds: float, command: str | None) -> float:
    """Requests per second with `threads` clients (a command each, on its own session, or /healthz).
    Sessions are created and connections opened before the clock starts, for both kinds alike."""
    done = [0] * threads
    window = [0.0, 0.0]   # start, stop: set once every client is ready, before any is released

    def open_window() -> None:
        window[0] = time.monotonic()
        window[1] = window[0] + seconds

    ready = threading.Barrier(threads + 1, action=open_window)

    def client(i: int) -> None:
        http = requests.Session()
        sid, auth = new_session(http, url) if command else ("", {})
        http.get(url + "/healthz", timeout=30).raise_for_status()  # the connection is open
        ready.wait()
        while time.monotonic() < window[1]:
            if command:
                r = http.post(f"{url}/api/v1/sessions/{sid}/commands", json={"command": command}, headers=auth, timeout=30)
            else:
                r = http.get(url + "/healthz", timeout=30)
            if r.ok:
                done[i] += 1

    workers = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    ready.wait()
    for w in workers:
        w.join()
    return sum(done) / (time.monotonic() - window[0])


def page_bytes(url: str, path: str) -> dict:
    """Bytes on the wire for a first visit: the HTML and every script and stylesheet it names."""
    http = requests.Session()
    headers = {"Accept-Encoding": "gzip"}

    def wire(u: str) -> int:
        r = http.get(u, headers=headers, timeout=30, stream=True)
        body = r.raw.read(decode_content=False)
        return len(body) + sum(len(k) + len(v) + 4 for k, v in r.headers.items())

    html = http.get(url + path, timeout=30).text
    page = BeautifulSoup(html, "html.parser")
    assets = [s["src"] for s in page.find_all("script", src=True)] + [l["href"] for l in page.find_all("link", href=True)]
    total = wire(url + path) + sum(wire(url + a) for a in assets)
    chart = page.select_one("#traffic-chart")
    plotly = wire(url + chart["data-plotly-src"]) if chart is not None else 0
    return {"page_bytes": total, "chart_library_bytes": plotly}


def session_creation(url: str, n: int, lesson: str | None) -> dict:
    http = requests.Session()
    times = []
    for _ in range(n):
        t = time.perf_counter()
        new_session(http, url, lesson)
        times.append(time.perf_counter() - t)
    return {"create_session_p50_ms": 1000 * statistics.median(times), "create_session_p99_ms": 1000 * pct(times, 99)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=None, help="server processes (default: the server's own)")
    ap.add_argument("--threads", type=int, default=8, help="client threads (for both measurements)")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--command", default="kubectl get svc")
    ap.add_argument("--lesson-page", default="/lessons/scaling-spreads-the-load")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = start_server(args.workers, Path(tmp))
        try:
            sys.path.insert(0, str(ROOT))
            from webapp.web import DEFAULT_THREADS, default_workers
            results = {"workers": args.workers or default_workers(), "threads_per_worker": DEFAULT_THREADS,
                       "client_threads": args.threads, "command": args.command}
            results.update(round_trips(url, args.command, args.requests))
            results["commands_per_s"] = throughput(url, args.threads, args.seconds, args.command)
            results["bare_per_s"] = throughput(url, args.threads, args.seconds, None)
            results.update(page_bytes(url, args.lesson_page))
            results.update(session_creation(url, 30, None))
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    results["p50_ratio"] = results["command_p50_ms"] / results["bare_p50_ms"]
    results["throughput_ratio"] = results["commands_per_s"] / results["bare_per_s"]
    for key, value in results.items():
        print(f"{key:24} {value:.2f}" if isinstance(value, float) else f"{key:24} {value}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
