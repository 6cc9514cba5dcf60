"""The speed-ups keep every output: a remembered name lookup replays the RNG exactly as the real
search-list walk does, and derived tables rebuild when anything is created or removed."""
from __future__ import annotations

import pytest

from webapp.cluster import dns
from webapp.cluster.clock import ManualClock
from webapp.shell.terminal import Terminal

SETUP = [
    "kubectl create namespace test",
    "kubectl config set-context --current --namespace=test",
    "kubectl create deploy nginx --image=nginx --replicas=2",
    "kubectl expose deploy nginx --port=80 --target-port=80",
    "kubectl expose deploy nginx --name=nginx-headless --port=80 --cluster-ip=None",
    "kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity",
]
LOOP = "for i in $(seq 1 200); do curl -s {name} > /dev/null; done"


def _session(seed: int) -> tuple[Terminal, ManualClock]:
    clock = ManualClock(1661342400.0)
    term = Terminal.new(seed, clock)
    for line in SETUP:
        assert term.run(line).exit_code == 0, line
        clock.advance(10)
    assert term.run("kubectl exec -it deploy/debugger -- sh").exit_code == 0
    return term, clock


def _play(seed: int, lines: list[str]) -> tuple[list[str], dict, int]:
    term, _ = _session(seed)
    outputs = [term.run(line).output for line in lines]
    return outputs, term.traffic(), term.cluster.rng.state


@pytest.fixture
def uncached(monkeypatch):
    """The same session with the lookup memo turned off: every lookup walks the search list."""
    def play(seed: int, lines: list[str]):
        with monkeypatch.context() as m:
            m.setattr(dns, "_replays_as", lambda *a: False)
            return _play(seed, lines)
    return play


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_a_200_request_curl_loop_splits_the_same_with_and_without_the_memo(seed, uncached):
    lines = [LOOP.format(name="nginx"), "kubectl logs deploy/nginx --tail=3 --prefix"]
    cached = _play(seed, lines)
    assert cached == uncached(seed, lines)
    per_pod = cached[1]["services"]["test/nginx"]
    assert sum(per_pod.values()) == 200 and len(per_pod) == 2


@pytest.mark.parametrize("seed", [3, 7])
def test_headless_lookups_shuffle_the_same_with_and_without_the_memo(seed, uncached):
    # curl through a headless name takes the first address of each shuffled reply; nslookup
    # prints the shuffled order: both consume the session RNG in the same sequence
    lines = [LOOP.format(name="nginx-headless")] + ["nslookup nginx-headless"] * 5 + [
        "for i in $(seq 1 20); do curl -s nginx-headless.test > /dev/null; nslookup nginx-headless | tail -3; done"]
    cached = _play(seed, lines)
    assert cached == uncached(seed, lines)
    assert len(cached[1]["pods"]) == 2  # both pods were reached through the pod IPs


def test_a_remembered_name_stops_resolving_when_its_service_is_deleted():
    term, clock = _session(7)
    assert term.run("curl -s -o /dev/null -w '%{http_code}' nginx").output == "200"
    vip = term.run("nslookup nginx | tail -2 | head -1").output.split()[-1]
    term.run("exit")
    assert term.run("kubectl delete svc nginx").exit_code == 0
    term.run("kubectl exec -it deploy/debugger -- sh")
    assert term.run("curl -s nginx").output == ""
    assert term.run("curl -s nginx; echo $?").output == "6\n"
    # the old ClusterIP routes nowhere once the Service is gone (a removal keeps resourceVersion)
    assert term.run(f"curl -s -m 1 {vip}; echo $?").output == "28\n"
    term.run("exit")
    assert term.run("kubectl expose deploy nginx --port=80").exit_code == 0
    term.run("kubectl exec -it deploy/debugger -- sh")
    assert term.run("curl -s -o /dev/null -w '%{http_code}' nginx").output == "200"


def test_every_store_write_and_removal_counts_as_a_change(cluster):
    before = cluster.changes
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "default"},
           "spec": {"ports": [{"port": 80}], "selector": {"app": "web"}}}
    cluster.create(svc)
    after_create = cluster.changes
    assert after_create > before
    rv = cluster.rv
    cluster.delete("services", "default", "web")
    assert cluster.changes > after_create and cluster.rv == rv
