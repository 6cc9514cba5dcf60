"""The cluster as state: names, IPs, controllers, timing, deletion, limits, persistence."""
from __future__ import annotations

import json
import re

import pytest

from webapp.cluster.clock import ManualClock
from webapp.cluster.cluster import Cluster
from webapp.cluster.errors import AlreadyExists, Invalid, NotFound, QuotaExceeded
from webapp.cluster.lifecycle import pod_ready
from webapp.cluster.names import pod_template_hash, safe_encode
from webapp.cluster.selectors import SelectorError, parse_selector

HASH = re.compile(r"^[4-9bcdf]{6,10}$")
SUFFIX = re.compile(r"^[bcdfghjklmnpqrstvwxz2456789]{5}$")


def deployment(name="nginx", image="nginx", replicas=1, ns="test", command=None, labels=None):
    labels = labels or {"app": name}
    container = {"image": image, "name": name}
    if command:
        container["command"] = command
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": ns, "labels": dict(labels)},
            "spec": {"replicas": replicas, "selector": {"matchLabels": dict(labels)}, "strategy": {},
                     "template": {"metadata": {"labels": dict(labels)}, "spec": {"containers": [container]}}}}


def service(name="nginx", ns="test", selector=None, cluster_ip=None, stype=None, ports=((80, 80),)):
    spec = {"selector": selector or {"app": name}}
    if ports:
        spec["ports"] = [{"port": p, "protocol": "TCP", "targetPort": t} for p, t in ports]
    if cluster_ip:
        spec["clusterIP"] = cluster_ip
    if stype:
        spec["type"] = stype
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": ns, "labels": {"app": name}},
            "spec": spec}


@pytest.fixture
def test_ns(cluster):
    cluster.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "test"}})
    return cluster


def pods(cluster, ns="test", app=None):
    sel = parse_selector(f"app={app}") if app else None
    return cluster.list("pods", ns, sel)


def test_safe_encode_matches_the_article_hash():
    assert safe_encode("490148716") == "8f458dc5b"


def test_same_template_same_hash_and_names_use_the_real_alphabets(test_ns, clock):
    dep = test_ns.create(deployment())
    h = pod_template_hash(dep["spec"]["template"])
    assert HASH.match(h)
    rs = test_ns.list("replicasets", "test")
    assert [r["metadata"]["name"] for r in rs] == [f"nginx-{h}"]
    (pod,) = pods(test_ns)
    rs_name, suffix = pod["metadata"]["name"].rsplit("-", 1)
    assert rs_name == f"nginx-{h}" and SUFFIX.match(suffix)
    assert pod["metadata"]["labels"] == {"app": "nginx", "pod-template-hash": h}
    test_ns.scale("deployments", "test", "nginx", 3)
    assert {p["metadata"]["name"].rsplit("-", 1)[0] for p in pods(test_ns)} == {f"nginx-{h}"}


def test_pod_goes_pending_creating_running_and_gets_an_ip_from_the_node_range(test_ns, clock):
    test_ns.create(deployment())
    (pod,) = pods(test_ns)
    assert pod["status"]["containerStatuses"][0]["state"] == {"waiting": {"reason": "ContainerCreating"}}
    assert "podIP" not in pod["status"] and not pod_ready(pod)
    clock.advance(1)
    (pod,) = pods(test_ns)
    assert re.match(r"^10\.244\.0\.\d+$", pod["status"]["podIP"]) and not pod_ready(pod)
    clock.advance(5)
    (pod,) = pods(test_ns)
    assert pod["status"]["phase"] == "Running" and pod_ready(pod)
    reasons = [e["reason"] for e in test_ns.list("events", "test")
               if e["involvedObject"]["name"] == pod["metadata"]["name"]]
    assert sorted(reasons) == ["Created", "Pulled", "Pulling", "Scheduled", "Started"]


def test_endpoints_list_only_ready_pods_sorted_as_text(test_ns, clock):
    test_ns.create(deployment(replicas=1))
    test_ns.create(service())
    assert "subsets" not in test_ns.get("endpoints", "test", "nginx")
    clock.advance(1)
    ep = test_ns.get("endpoints", "test", "nginx")
    assert "addresses" not in ep["subsets"][0] and len(ep["subsets"][0]["notReadyAddresses"]) == 1
    clock.advance(6)
    test_ns.scale("deployments", "test", "nginx", 12)
    clock.advance(10)
    ips = [a["ip"] for a in test_ns.get("endpoints", "test", "nginx")["subsets"][0]["addresses"]]
    assert len(ips) == 12 and ips == sorted(ips)
    assert test_ns.get("endpoints", "test", "nginx")["subsets"][0]["ports"] == [{"port": 80, "protocol": "TCP"}]


def test_cluster_ips_are_random_in_the_service_range_and_deterministic(clock):
    def ips(seed):
        c = Cluster.new(seed, ManualClock(clock.now()))
        c.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "test"}})
        return [c.create(service(name=f"s{i}"))["spec"]["clusterIP"] for i in range(5)]
    a, b = ips(1), ips(1)
    assert a == b and ips(2) != a
    for ip in a:
        o = [int(x) for x in ip.split(".")]
        assert o[0] == 10 and 96 <= o[1] <= 111


def test_headless_and_requested_cluster_ips(test_ns):
    svc = test_ns.create(service(cluster_ip="None"))
    assert svc["spec"]["clusterIP"] == "None" and svc["spec"]["clusterIPs"] == ["None"]
    test_ns.create(service(name="fixed", cluster_ip="10.96.100.100"))
    with pytest.raises(Invalid) as e:
        test_ns.create(service(name="again", cluster_ip="10.96.100.100"))
    assert e.value.kubectl_text() == ('The Service "again" is invalid: spec.clusterIPs: Invalid value: '
                                      '[]string{"10.96.100.100"}: failed to allocate IP 10.96.100.100: '
                                      'provided IP is already allocated')


def test_headless_nodeport_is_invalid_with_the_real_message(test_ns):
    with pytest.raises(Invalid) as e:
        test_ns.create(service(cluster_ip="None", stype="NodePort"))
    assert e.value.kubectl_text() == ('The Service "nginx" is invalid: spec.clusterIPs[0]: Invalid value: "None": '
                                      "may not be set to 'None' for NodePort services")


def test_nodeports_are_allocated_and_a_taken_one_is_refused(test_ns):
    svc = test_ns.create(service(stype="NodePort"))
    port = svc["spec"]["ports"][0]["nodePort"]
    assert 30000 <= port <= 32767
    dup = service(name="other", stype="NodePort")
    dup["spec"]["ports"][0]["nodePort"] = port
    with pytest.raises(Invalid) as e:
        test_ns.create(dup)
    assert "provided port is already allocated" in e.value.kubectl_text()


def test_already_exists_and_not_found_messages(test_ns):
    test_ns.create(deployment())
    with pytest.raises(AlreadyExists) as e:
        test_ns.create(deployment())
    assert e.value.kubectl_text() == 'Error from server (AlreadyExists): deployments.apps "nginx" already exists'
    with pytest.raises(NotFound) as e:
        test_ns.get("services", "test", "x")
    assert e.value.kubectl_text() == 'Error from server (NotFound): services "x" not found'
    with pytest.raises(NotFound):
        test_ns.create(deployment(ns="nope"))


def test_deleting_a_pod_makes_the_replicaset_replace_it(test_ns, clock):
    test_ns.create(deployment(replicas=2))
    clock.advance(10)
    victim = pods(test_ns)[0]["metadata"]["name"]
    test_ns.delete("pods", "test", victim)
    states = {p["metadata"]["name"]: bool(p["metadata"].get("deletionTimestamp")) for p in pods(test_ns)}
    assert states[victim] is True and sum(not t for t in states.values()) == 2
    clock.advance(5)
    names = [p["metadata"]["name"] for p in pods(test_ns)]
    assert victim not in names and len(names) == 2


def test_a_sleep_infinity_pod_waits_out_the_grace_period(test_ns, clock):
    test_ns.create(deployment("debugger", "thr3a/debugger", command=["sleep", "infinity"]))
    clock.advance(10)
    (pod,) = pods(test_ns, app="debugger")
    test_ns.delete("pods", "test", pod["metadata"]["name"])
    clock.advance(20)
    assert pod["metadata"]["name"] in [p["metadata"]["name"] for p in pods(test_ns, app="debugger")]
    clock.advance(11)
    assert pod["metadata"]["name"] not in [p["metadata"]["name"] for p in pods(test_ns, app="debugger")]


def test_a_container_that_exits_goes_into_crashloopbackoff(test_ns, clock):
    test_ns.create(deployment("debugger", "thr3a/debugger"))
    clock.advance(8)
    (pod,) = pods(test_ns, app="debugger")
    status = pod["status"]["containerStatuses"][0]
    assert status["state"]["waiting"]["reason"] == "CrashLoopBackOff"
    assert status["lastState"]["terminated"]["reason"] == "Completed"
    clock.advance(60)
    (pod,) = pods(test_ns, app="debugger")
    assert pod["status"]["containerStatuses"][0]["restartCount"] >= 2


def test_deleting_a_deployment_cascades(test_ns, clock):
    test_ns.create(deployment(replicas=2))
    clock.advance(10)
    test_ns.delete("deployments", "test", "nginx")
    assert test_ns.list("replicasets", "test") == []
    assert all(p["metadata"].get("deletionTimestamp") for p in pods(test_ns))
    clock.advance(5)
    assert pods(test_ns) == []


def test_changing_the_selector_of_a_service_moves_its_endpoints(test_ns, clock):
    test_ns.create(deployment("a"))
    test_ns.create(deployment("b"))
    test_ns.create(service("web", selector={"app": "a"}))
    clock.advance(10)
    first = test_ns.get("endpoints", "test", "web")["subsets"][0]["addresses"][0]["targetRef"]["name"]
    svc = json.loads(json.dumps(test_ns.get("services", "test", "web")))
    svc["spec"]["selector"] = {"app": "b"}
    test_ns.replace(svc)
    second = test_ns.get("endpoints", "test", "web")["subsets"][0]["addresses"][0]["targetRef"]["name"]
    assert first.startswith("a-") and second.startswith("b-")


def test_deployment_selector_is_immutable(test_ns):
    dep = test_ns.create(deployment())
    changed = json.loads(json.dumps(dep))
    changed["spec"]["selector"]["matchLabels"] = {"app": "other"}
    changed["spec"]["template"]["metadata"]["labels"] = {"app": "other"}
    with pytest.raises(Invalid) as e:
        test_ns.replace(changed)
    assert "field is immutable" in e.value.kubectl_text()


def test_rolling_update_replaces_every_pod_without_dropping_below_availability(test_ns, clock):
    test_ns.create(deployment(replicas=4))
    test_ns.create(service())
    clock.advance(10)
    old_hash = pods(test_ns)[0]["metadata"]["labels"]["pod-template-hash"]
    dep = json.loads(json.dumps(test_ns.get("deployments", "test", "nginx")))
    dep["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:1.23"
    test_ns.replace(dep)
    min_ready = 4
    for _ in range(60):
        clock.advance(0.5)
        eps = test_ns.get("endpoints", "test", "nginx").get("subsets", [{}])[0].get("addresses", [])
        min_ready = min(min_ready, len(eps))
    live = [p for p in pods(test_ns) if not p["metadata"].get("deletionTimestamp")]
    assert len(live) == 4 and all(p["metadata"]["labels"]["pod-template-hash"] != old_hash for p in live)
    assert min_ready >= 3  # maxUnavailable 25% of 4
    rss = {r["metadata"]["labels"]["pod-template-hash"]: r["spec"]["replicas"] for r in test_ns.list("replicasets", "test")}
    assert rss[old_hash] == 0 and len(rss) == 2
    status = test_ns.get("deployments", "test", "nginx")["status"]
    assert status["updatedReplicas"] == 4 and status["availableReplicas"] == 4


def test_invalid_replicas_are_rejected_with_the_real_message(test_ns):
    with pytest.raises(Invalid) as e:
        test_ns.create(deployment(replicas=-1))
    assert e.value.kubectl_text() == ('The Deployment "nginx" is invalid: spec.replicas: Invalid value: -1: '
                                      "must be greater than or equal to 0")


def test_absurd_replicas_cost_bounded_work_and_hit_the_session_quota(test_ns, clock):
    test_ns.create(deployment(replicas=2147483647))
    clock.advance(30)
    assert len(test_ns.objects["pods"]) == test_ns.limits.pods
    failed = [e for e in test_ns.list("events", "test") if e["reason"] == "FailedCreate"]
    assert failed and "exceeded quota: kubetutor-session" in failed[0]["message"]
    pending = [p for p in pods(test_ns) if not p["spec"].get("nodeName")]
    assert pending  # the node holds 110 pods; the rest wait: 0/1 nodes are available: 1 Too many pods.
    with pytest.raises(QuotaExceeded):
        test_ns.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "one-more", "namespace": "test"},
                        "spec": {"containers": [{"name": "c", "image": "nginx"}]}})


def test_names_are_validated_with_the_api_servers_words(test_ns):
    with pytest.raises(Invalid) as e:
        test_ns.create(service(name="Nginx"))
    assert e.value.kubectl_text().startswith('The Service "Nginx" is invalid: metadata.name: Invalid value: "Nginx": '
                                             "a DNS-1035 label must consist of lower case alphanumeric characters")


def test_namespace_deletion_removes_its_contents(test_ns, clock):
    test_ns.create(deployment())
    clock.advance(10)
    test_ns.delete("namespaces", None, "test")
    assert test_ns.get("namespaces", None, "test")["status"]["phase"] == "Terminating"
    clock.advance(5)
    with pytest.raises(NotFound):
        test_ns.get("namespaces", None, "test")
    assert pods(test_ns) == []


def test_state_round_trips_through_json_and_replays_identically(clock):
    def play(c, clk):
        c.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "test"}})
        c.create(deployment(replicas=2))
        c.create(service())
        clk.advance(10)
    c1, k1 = Cluster.new(3, ManualClock(clock.now())), None
    play(c1, c1.clock)
    saved = json.loads(json.dumps(c1.to_dict()))
    c2 = Cluster.from_dict(saved, ManualClock(c1.clock.now()))
    assert c2.to_dict() == c1.to_dict()
    c3 = Cluster.new(3, ManualClock(clock.now()))
    play(c3, c3.clock)
    assert c3.to_dict() == c1.to_dict()


def test_the_starting_cluster_matches_design(cluster):
    assert cluster.namespaces() == ["default", "kube-node-lease", "kube-public", "kube-system"]
    assert cluster.get("services", "default", "kubernetes")["spec"]["clusterIP"] == "10.96.0.1"
    dns = cluster.get("services", "kube-system", "kube-dns")
    assert dns["spec"]["clusterIP"] == "10.96.0.10"
    assert [(p["port"], p["protocol"]) for p in dns["spec"]["ports"]] == [(53, "UDP"), (53, "TCP"), (9153, "TCP")]
    coredns = [p for p in cluster.list("pods", "kube-system") if p["metadata"]["name"].startswith("coredns-")]
    assert len(coredns) == 2 and all(pod_ready(p) for p in coredns)
    assert len(cluster.get("endpoints", "kube-system", "kube-dns")["subsets"][0]["addresses"]) == 2
    assert cluster.node_names() == ["ubuntu01"]


def test_label_selectors():
    sel = parse_selector("app=nginx,tier!=db,env in (a,b),!legacy")
    assert sel.matches({"app": "nginx", "env": "a"})
    assert not sel.matches({"app": "nginx", "env": "c"})
    assert not sel.matches({"app": "nginx", "env": "a", "legacy": "1"})
    with pytest.raises(SelectorError):
        parse_selector("app=-bad-")


def test_hand_written_endpoints_of_a_selectorless_service_are_mirrored_to_a_slice(test_ns):
    svc = service("my-service")
    del svc["spec"]["selector"]
    svc["spec"]["ports"] = [{"port": 80, "protocol": "TCP", "targetPort": 9376}]
    test_ns.create(svc)
    test_ns.create({"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "my-service", "namespace": "test"},
                    "subsets": [{"addresses": [{"ip": "192.0.2.42"}], "ports": [{"port": 9376}]}]})
    (sl,) = test_ns.list("endpointslices", "test", parse_selector("kubernetes.io/service-name=my-service"))
    assert sl["endpoints"] == [{"addresses": ["192.0.2.42"], "conditions": {"ready": True}}]
    assert sl["ports"] == [{"name": "", "port": 9376, "protocol": "TCP"}]
    assert sl["metadata"]["labels"]["endpointslice.kubernetes.io/managed-by"] == "endpointslicemirroring-controller.k8s.io"
    test_ns.delete("endpoints", "test", "my-service")
    assert test_ns.list("endpointslices", "test", parse_selector("kubernetes.io/service-name=my-service")) == []


def test_pods_get_the_service_account_token_volume(test_ns):
    test_ns.create(deployment())
    (pod,) = pods(test_ns)
    (vol,) = pod["spec"]["volumes"]
    assert re.match(r"^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$", vol["name"])
    assert [s for src in vol["projected"]["sources"] for s in src] == ["serviceAccountToken", "configMap", "downwardAPI"]
    assert pod["spec"]["containers"][0]["volumeMounts"] == [
        {"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": vol["name"], "readOnly": True}]
