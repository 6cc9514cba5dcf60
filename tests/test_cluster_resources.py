"""Resource quantities, requests/limits admission, QoS classes and the resource-aware scheduler."""
from __future__ import annotations

import time
from fractions import Fraction

import pytest

from webapp.cluster.clock import ManualClock
from webapp.cluster.cluster import Cluster
from webapp.cluster.errors import BadRequest, Invalid
from webapp.cluster.quantity import (FORMAT_ERROR, SUFFIX_ERROR, QuantityError, canonical, parse_quantity,
                                     pod_requests)

START = 1661342400.0


@pytest.fixture
def res_clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def fresh(res_clock) -> Cluster:
    return Cluster.new(11, res_clock)


def _pod(name: str, resources: dict | None = None, ns: str = "default", **spec) -> dict:
    container = {"name": "app", "image": "nginx:1.23"}
    if resources is not None:
        container["resources"] = resources
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": ns},
            "spec": {"containers": [container], **spec}}


def _failed_scheduling(cluster: Cluster, name: str) -> list[str]:
    return [e["message"] for e in cluster.list("events", "default")
            if e["involvedObject"]["name"] == name and e["reason"] == "FailedScheduling"]


# ------------------------------------------------------------------------------ quantities
@pytest.mark.parametrize("text, value, printed", [
    ("100m", Fraction(1, 10), "100m"),
    ("0.5", Fraction(1, 2), "500m"),
    ("1", Fraction(1), "1"),
    (1, Fraction(1), "1"),
    (0.25, Fraction(1, 4), "250m"),
    ("128Mi", Fraction(128 * 2 ** 20), "128Mi"),
    ("1024Mi", Fraction(2 ** 30), "1Gi"),
    ("1.5Gi", Fraction(3 * 2 ** 29), "1536Mi"),
    ("1G", Fraction(10 ** 9), "1G"),
    ("1000", Fraction(1000), "1k"),
    ("1e3", Fraction(1000), "1e3"),
    ("2000m", Fraction(2), "2"),
    ("1n", Fraction(1, 10 ** 9), "1n"),
    ("0.1n", Fraction(1, 10 ** 9), "1n"),          # rounded up to the nano scale
    ("512", Fraction(512), "512"),
    ("-1", Fraction(-1), "-1"),
    ("0", Fraction(0), "0"),
])
def test_quantities_parse_and_print_as_apimachinery_does(text, value, printed):
    q = parse_quantity(text)
    assert q.value == value
    assert canonical(q) == printed


@pytest.mark.parametrize("text, message", [
    ("abc", FORMAT_ERROR), ("", FORMAT_ERROR), ("1Gb", FORMAT_ERROR), ("1.2.3", FORMAT_ERROR),
    ("1 Gi", FORMAT_ERROR), ("32MMi", SUFFIX_ERROR), ("1i", SUFFIX_ERROR), ("5e", SUFFIX_ERROR),
    ([1], FORMAT_ERROR),
])
def test_bad_quantities_are_refused_with_the_decoders_words(text, message):
    with pytest.raises(QuantityError) as err:
        parse_quantity(text)
    assert str(err.value) == message
    assert FORMAT_ERROR == ("quantities must match the regular expression "
                            "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")


def test_milli_and_whole_round_up():
    assert parse_quantity("0.0001").milli() == 1
    assert parse_quantity("1.5").whole() == 2
    assert parse_quantity("250m").milli() == 250


# ------------------------------------------------------------------------------ admission
def test_an_unparseable_quantity_is_a_bad_request(fresh):
    with pytest.raises(BadRequest) as err:
        fresh.create(_pod("p", {"requests": {"cpu": "abc"}}))
    assert err.value.message == f'Pod in version "v1" cannot be handled as a Pod: {FORMAT_ERROR}'
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"},
           "spec": {"selector": {"matchLabels": {"a": "b"}},
                    "template": {"metadata": {"labels": {"a": "b"}},
                                 "spec": {"containers": [{"name": "c", "image": "nginx",
                                                          "resources": {"limits": {"memory": "32MMi"}}}]}}}}
    with pytest.raises(BadRequest) as err:
        fresh.create(dep)
    assert err.value.message == f'Deployment in version "v1" cannot be handled as a Deployment: {SUFFIX_ERROR}'
    assert fresh.find("pods", "default", "p") is None


def test_request_above_limit_is_invalid(fresh):
    with pytest.raises(Invalid) as err:
        fresh.create(_pod("p", {"requests": {"cpu": "2000m"}, "limits": {"cpu": "1"}}))
    assert err.value.kubectl_text() == ('The Pod "p" is invalid: spec.containers[0].resources.requests: '
                                        'Invalid value: "2": must be less than or equal to cpu limit')


def test_negative_and_unknown_resources_are_invalid(fresh):
    with pytest.raises(Invalid) as err:
        fresh.create(_pod("p", {"requests": {"memory": "-1Mi", "gpu": "1"}}))
    assert err.value.causes == [
        'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
        'spec.containers[0].resources.requests[memory]: Invalid value: "-1Mi": must be greater than or equal to 0']


def test_limits_default_requests_and_quantities_are_stored_canonically(fresh):
    pod = fresh.create(_pod("p", {"limits": {"cpu": 0.5, "memory": "1024Mi"}}))
    assert pod["spec"]["containers"][0]["resources"] == {"limits": {"cpu": "500m", "memory": "1Gi"},
                                                         "requests": {"cpu": "500m", "memory": "1Gi"}}
    assert pod["status"]["qosClass"] == "Guaranteed"


@pytest.mark.parametrize("resources, qos", [
    (None, "BestEffort"),
    ({}, "BestEffort"),
    ({"requests": {"cpu": "0"}}, "BestEffort"),
    ({"requests": {"cpu": "100m"}}, "Burstable"),
    ({"limits": {"cpu": "1"}}, "Burstable"),                                        # no memory limit
    ({"limits": {"cpu": "1", "memory": "64Mi"}}, "Guaranteed"),
    ({"limits": {"cpu": "1", "memory": "64Mi"}, "requests": {"cpu": "500m"}}, "Burstable"),
    ({"limits": {"cpu": "1", "memory": "64Mi"}, "requests": {"cpu": "1000m", "memory": "64Mi"}}, "Guaranteed"),
    ({"requests": {"ephemeral-storage": "1Gi"}}, "BestEffort"),                      # only cpu/memory count
])
def test_qos_class_follows_the_1_24_rules(fresh, resources, qos):
    assert fresh.create(_pod("p", resources))["status"]["qosClass"] == qos


def test_a_template_keeps_its_limits_only_but_its_pods_get_requests(fresh, res_clock):
    dep = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
           "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "web"}},
                    "template": {"metadata": {"labels": {"app": "web"}},
                                 "spec": {"containers": [{"name": "nginx", "image": "nginx",
                                                          "resources": {"limits": {"cpu": "0.2", "memory": "64Mi"}}}]}}}}
    stored = fresh.create(dep)
    assert stored["spec"]["template"]["spec"]["containers"][0]["resources"] == {
        "limits": {"cpu": "200m", "memory": "64Mi"}}
    (pod,) = fresh.list("pods", "default")
    assert pod["spec"]["containers"][0]["resources"]["requests"] == {"cpu": "200m", "memory": "64Mi"}
    assert pod["status"]["qosClass"] == "Guaranteed"


# ------------------------------------------------------------------------------ scheduler
PREEMPTION = "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."


@pytest.mark.parametrize("requests, reasons", [
    ({"cpu": "2"}, "1 Insufficient cpu"),
    ({"memory": "8Gi"}, "1 Insufficient memory"),
    ({"cpu": "3", "memory": "16Gi"}, "1 Insufficient cpu, 1 Insufficient memory"),
])
def test_a_pod_that_does_not_fit_stays_pending(fresh, requests, reasons):
    pod = fresh.create(_pod("big", {"requests": requests}))
    msg = f"0/1 nodes are available: {reasons}. {PREEMPTION}"
    assert pod["status"]["phase"] == "Pending" and not pod["spec"].get("nodeName")
    cond = pod["status"]["conditions"][-1]
    assert (cond["type"], cond["status"], cond["reason"], cond["message"]) == (
        "PodScheduled", "False", "Unschedulable", msg)
    assert _failed_scheduling(fresh, "big") == [msg]


def test_requests_add_up_to_the_nodes_allocatable(fresh, res_clock):
    # kube-system asks for 950m of the node's 2 cpus: 1050m more fits, 1m beyond that does not
    assert fresh.create(_pod("a", {"requests": {"cpu": "1"}}))["spec"]["nodeName"] == "ubuntu01"
    assert fresh.create(_pod("b", {"requests": {"cpu": "50m"}}))["spec"]["nodeName"] == "ubuntu01"
    late = fresh.create(_pod("c", {"requests": {"cpu": "1m"}}))
    assert not late["spec"].get("nodeName")
    assert fresh.create(_pod("free"))["spec"]["nodeName"] == "ubuntu01"  # no requests: only the pod count matters
    fresh.delete("pods", "default", "a")
    res_clock.advance(40)
    pod = fresh.get("pods", "default", "c")
    assert pod["spec"]["nodeName"] == "ubuntu01"
    assert pod["status"]["phase"] == "Running"


def test_a_small_pod_is_not_stuck_behind_a_big_one(fresh, res_clock):
    fresh.create(_pod("a", {"requests": {"cpu": "1"}}))
    fresh.create(_pod("huge", {"requests": {"cpu": "4"}}))
    fresh.create(_pod("small", {"requests": {"cpu": "500m"}}))
    fresh.delete("pods", "default", "a")
    res_clock.advance(40)
    assert fresh.get("pods", "default", "small")["spec"]["nodeName"] == "ubuntu01"
    assert not fresh.get("pods", "default", "huge")["spec"].get("nodeName")
    assert len(_failed_scheduling(fresh, "huge")) >= 1


def test_a_finished_pod_frees_its_requests(fresh, res_clock):
    done = _pod("job", {"requests": {"cpu": "1"}}, restartPolicy="Never")
    done["spec"]["containers"][0].update(image="busybox", command=["sh", "-c", "exit 0"])
    fresh.create(done)
    fresh.create(_pod("waiting", {"requests": {"cpu": "500m"}}))
    assert not fresh.get("pods", "default", "waiting")["spec"].get("nodeName")
    res_clock.advance(60)
    assert fresh.get("pods", "default", "job")["status"]["phase"] == "Succeeded"
    assert fresh.get("pods", "default", "waiting")["spec"]["nodeName"] == "ubuntu01"


def test_the_node_takes_at_most_110_pods(fresh):
    bound = len(fresh.list("pods"))
    node = fresh.objects["nodes"]["ubuntu01"]
    node["status"]["allocatable"]["pods"] = str(bound + 1)
    fresh.create(_pod("last"))
    pod = fresh.create(_pod("over"))
    assert _failed_scheduling(fresh, "over") == [f"0/1 nodes are available: 1 Too many pods. {PREEMPTION}"]
    assert not pod["spec"].get("nodeName")


def test_pod_requests_take_the_larger_of_containers_and_init_containers():
    pod = {"spec": {"containers": [{"resources": {"requests": {"cpu": "100m", "memory": "1Mi"}}},
                                   {"resources": {"requests": {"cpu": "200m"}}}],
                    "initContainers": [{"resources": {"requests": {"cpu": "1", "memory": "0.5Mi"}}}]}}
    assert pod_requests(pod) == (1000, 2 ** 20)


# ------------------------------------------------------------------------------ starting cluster
def test_system_pods_carry_kubeadm_and_flannel_requests(fresh):
    by_prefix = {}
    for p in fresh.list("pods", "kube-system"):
        name = p["metadata"]["name"]
        key = name.rsplit("-", 1)[0] if not name.endswith("-ubuntu01") else name
        by_prefix.setdefault(key, []).append((p["spec"]["containers"][0]["resources"], p["status"]["qosClass"]))
    assert by_prefix["etcd-ubuntu01"] == [({"requests": {"cpu": "100m", "memory": "100Mi"}}, "Burstable")]
    assert by_prefix["kube-apiserver-ubuntu01"] == [({"requests": {"cpu": "250m"}}, "Burstable")]
    assert by_prefix["kube-controller-manager-ubuntu01"] == [({"requests": {"cpu": "200m"}}, "Burstable")]
    assert by_prefix["kube-scheduler-ubuntu01"] == [({"requests": {"cpu": "100m"}}, "Burstable")]
    assert by_prefix["kube-proxy"] == [({}, "BestEffort")]
    assert by_prefix["kube-flannel-ds"] == [({"limits": {"cpu": "100m", "memory": "50Mi"},
                                              "requests": {"cpu": "100m", "memory": "50Mi"}}, "Burstable")]
    coredns = [v for k, v in by_prefix.items() if k.startswith("coredns-")]
    assert [len(v) for v in coredns] == [2]
    assert coredns[0][0] == ({"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
                             "Burstable")


def test_describe_node_shows_the_allocated_resources(res_clock):
    from webapp.shell.terminal import Terminal
    out = Terminal.new(11, res_clock).run("kubectl describe node ubuntu01").output
    allocated = out[out.index("Allocated resources:"):out.index("Events:")]
    assert allocated == (
        "Allocated resources:\n"
        "  (Total limits may be over 100 percent, i.e., overcommitted.)\n"
        "  Resource           Requests    Limits\n"
        "  --------           --------    ------\n"
        "  cpu                950m (47%)  100m (5%)\n"
        "  memory             290Mi (3%)  390Mi (4%)\n"
        "  ephemeral-storage  0 (0%)      0 (0%)\n"
        "  hugepages-2Mi      0 (0%)      0 (0%)\n")
    assert "  kube-system                 kube-apiserver-ubuntu01             250m (12%)    0 (0%)      " \
           "0 (0%)           0 (0%)" in out


def test_kubectl_reports_a_bad_quantity_as_the_server_does(res_clock):
    from webapp.shell.terminal import Terminal
    term = Terminal.new(11, res_clock)
    manifest = ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n"
                "    image: nginx\n    resources:\n      requests:\n        cpu: abc\n")
    result = term.run(f"cat <<'EOF' > pod.yaml\n{manifest}EOF")
    result = term.run("kubectl create -f pod.yaml")
    assert result.output == ('Error from server (BadRequest): error when creating "pod.yaml": Pod in version "v1" '
                             f"cannot be handled as a Pod: {FORMAT_ERROR}\n")
    assert result.exit_code == 1


def test_the_fresh_cluster_still_builds_fast(res_clock):
    Cluster.new(1, res_clock)
    best = min(_timed(lambda: Cluster.new(2, ManualClock(START))) for _ in range(5))
    assert best < 0.005


def _timed(build) -> float:
    t = time.perf_counter()
    build()
    return time.perf_counter() - t
