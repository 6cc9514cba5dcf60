"""kubetutor benchmarks: the simulation's speed and size (run: `make bench` or `python bench/run.py`).

Prints one line per figure. Times are medians over many runs on a warmed-up process; the clock is
a manual one, so nothing waits. `--web` also runs bench/web_bench.py (a real server on loopback).
"""
from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from webapp.cluster.clock import ManualClock  # noqa: E402
from webapp.cluster.cluster import Cluster  # noqa: E402
from webapp.shell.terminal import Terminal  # noqa: E402

ARTICLE = [
    "kubectl create namespace test",
    "kubectl config set-context --current --namespace=test",
    "kubectl create deploy nginx --image=nginx",
    "kubectl expose deploy nginx --port=80 --target-port=80",
    "kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity",
    "kubectl scale deploy nginx --replicas=2",
    "kubectl delete svc nginx",
    "kubectl expose deploy nginx --port=80 --target-port=80 --cluster-ip=None",
]


def median_us(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1e6)
    return statistics.median(samples)


def article_terminal(seed: int = 7) -> tuple[Terminal, ManualClock]:
    clock = ManualClock()
    term = Terminal.new(seed, clock)
    for line in ARTICLE:
        result = term.run(line)
        assert result.exit_code == 0, (line, result.output)
        clock.advance(10)
    return term, clock


def bench_cluster() -> dict:
    out = {}
    Cluster.new(0, ManualClock())
    out["fresh cluster build (ms, median of 200)"] = median_us(lambda: Cluster.new(3, ManualClock()), 200) / 1000
    term, clock = article_terminal()
    out["kubectl get pods (us, median of 2000)"] = median_us(lambda: term.run("kubectl get pods"), 2000)
    out["kubectl get svc nginx (us, median of 2000)"] = median_us(lambda: term.run("kubectl get svc nginx"), 2000)
    counter = iter(range(10**9))

    def create():
        term.run(f"kubectl create configmap c{next(counter)} --from-literal=a=b")
    out["kubectl create configmap (us, median of 300)"] = median_us(create, 300)
    end, _ = article_terminal()
    raw = json.dumps(end.to_dict(), separators=(",", ":")).encode()
    out["article end state, JSON (bytes)"] = len(raw)
    out["article end state, as stored: zlib JSON (bytes)"] = len(zlib.compress(raw, 6))
    return out


def bench_data_plane() -> dict:
    out = {}
    term, clock = article_terminal()
    term.run("kubectl delete svc nginx")
    term.run("kubectl expose deploy nginx --port=80 --target-port=80")
    clock.advance(5)
    term.run("kubectl exec -it deploy/debugger -- sh")
    gc.collect()
    t = time.perf_counter()
    result = term.run("for i in $(seq 1 10000); do curl -s nginx > /dev/null; done")
    out["10,000 x curl -s through a Service (ms, one run)"] = (time.perf_counter() - t) * 1000
    out["  that loop's exit code"] = result.exit_code
    out["nslookup nginx in a pod (us, median of 1000)"] = median_us(lambda: term.run("nslookup nginx"), 1000)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--web", action="store_true", help="also run the web benchmark (starts a server)")
    args = ap.parse_args()
    for section, fn in (("cluster and kubectl", bench_cluster), ("data plane", bench_data_plane)):
        print(f"# {section}")
        for name, value in fn().items():
            print(f"{name:55} {value:,.3f}" if isinstance(value, float) else f"{name:55} {value}")
    if args.web:
        import runpy
        runpy.run_path(str(Path(__file__).parent / "web_bench.py"), run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
