"""BIND's `host` in the debugger pod and on the workstation."""
from __future__ import annotations

import pytest


@pytest.fixture
def in_debugger(sh):
    for line in ("kubectl create ns test", "kubectl config set-context --current --namespace=test",
                 "kubectl create deploy nginx --image=nginx", "kubectl expose deploy nginx --port 80",
                 "kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity"):
        assert sh.run(line).exit_code == 0
    sh.advance(10)
    assert sh.run("kubectl exec -it deploy/debugger -- sh").prompt == "/ # "
    return sh


def test_host_applies_the_search_list_and_answers_briefly(in_debugger):
    ip = in_debugger.cluster.get("services", "test", "nginx")["spec"]["clusterIP"]
    r = in_debugger.run("host nginx")
    assert (r.output, r.exit_code) == (f"nginx.test.svc.cluster.local has address {ip}\n", 0)


def test_host_reverse_and_missing_names(in_debugger):
    r = in_debugger.run("host 10.96.0.10")
    assert r.output == "10.0.96.10.in-addr.arpa domain name pointer kube-dns.kube-system.svc.cluster.local.\n"
    r = in_debugger.run("host nope")
    assert (r.output, r.exit_code) == ("Host nope not found: 3(NXDOMAIN)\n", 1)


def test_host_srv_for_a_named_port(in_debugger):
    r = in_debugger.run("host -t SRV _dns._udp.kube-dns.kube-system.svc.cluster.local")
    assert r.output == ("_dns._udp.kube-dns.kube-system.svc.cluster.local has SRV record "
                        "0 100 53 kube-dns.kube-system.svc.cluster.local.\n")


def test_host_on_the_workstation_knows_nothing_of_the_cluster(in_debugger):
    in_debugger.run("exit")
    r = in_debugger.run("host nginx")
    assert (r.output, r.exit_code) == ("Host nginx not found: 3(NXDOMAIN)\n", 1)
