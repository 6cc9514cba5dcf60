"""The panels' view models, from hand-built Kubernetes-shaped objects and traffic counters."""
from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from webapp.viz import pod_status, topology, traffic_figure


def pod(name, ip="10.244.0.5", node="ubuntu01", labels=None, phase="Running", ready=True,
        waiting=None, deleting=False):
    state = {"waiting": {"reason": waiting}} if waiting else {"running": {"startedAt": "2022-08-24T12:00:05Z"}}
    meta = {"name": name, "namespace": "test", "labels": labels or {"app": "nginx"}}
    if deleting:
        meta["deletionTimestamp"] = "2022-08-24T12:01:00Z"
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": {"nodeName": node, "containers": [{"name": "nginx", "image": "nginx"}]},
            "status": {"phase": phase, "podIP": ip,
                       "conditions": [{"type": "Ready", "status": "True" if ready else "False"}],
                       "containerStatuses": [{"name": "nginx", "ready": ready, "state": state}]}}


def service(name, cluster_ip="10.108.12.34", selector=None, ports=((80, "TCP"),), type_="ClusterIP"):
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": "test"},
            "spec": {"type": type_, "clusterIP": cluster_ip, "selector": selector if selector is not None else {"app": "nginx"},
                     "ports": [{"port": p, "protocol": proto, "targetPort": p} for p, proto in ports]}}


def endpoints(name, ready=(), not_ready=()):
    def addr(ip, pod_name):
        return {"ip": ip, "nodeName": "ubuntu01", "targetRef": {"kind": "Pod", "name": pod_name, "namespace": "test"}}
    subset = {"ports": [{"port": 80, "protocol": "TCP"}]}
    if ready:
        subset["addresses"] = [addr(ip, n) for ip, n in ready]
    if not_ready:
        subset["notReadyAddresses"] = [addr(ip, n) for ip, n in not_ready]
    return {"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": name, "namespace": "test"},
            "subsets": [subset] if ready or not_ready else []}


class HandBuiltCluster:
    """Answers `list(resource, ns)` like the Cluster does: stored dicts, sorted by name."""

    def __init__(self, **objects):
        self.objects = objects

    def list(self, resource, ns=None, selector=None):
        items = [o for o in self.objects.get(resource, []) if ns is None or o["metadata"].get("namespace") == ns]
        return sorted(items, key=lambda o: o["metadata"]["name"])


def test_pod_status_follows_kubectls_status_column():
    assert pod_status(pod("a")) == "Running"
    assert pod_status(pod("a", phase="Pending", ready=False, waiting="ContainerCreating")) == "ContainerCreating"
    assert pod_status(pod("a", deleting=True)) == "Terminating"
    crashed = pod("a")
    crashed["status"]["containerStatuses"][0]["state"] = {"terminated": {"exitCode": 137}}
    assert pod_status(crashed) == "ExitCode:137"


def test_service_endpoints_and_pods_by_node():
    cluster = HandBuiltCluster(
        services=[service("nginx")],
        endpoints=[endpoints("nginx", ready=[("10.244.0.5", "nginx-a"), ("10.244.1.7", "nginx-b")])],
        pods=[pod("nginx-b", "10.244.1.7", node="ubuntu02"), pod("nginx-a"),
              pod("debugger", "10.244.0.9", labels={"run": "debugger"})])
    view = topology(cluster, "test")
    [svc] = view.services
    assert (svc.name, svc.type, svc.cluster_ip, svc.ports, svc.selector) == ("nginx", "ClusterIP", "10.108.12.34", "80/TCP", "app=nginx")
    assert [(e.ip, e.pod, e.ready, e.ports) for e in svc.endpoints] == [
        ("10.244.0.5", "nginx-a", True, ("80/TCP",)), ("10.244.1.7", "nginx-b", True, ("80/TCP",))]
    assert [(g.node, [p.name for p in g.pods]) for g in svc.nodes] == [("ubuntu01", ["nginx-a"]), ("ubuntu02", ["nginx-b"])]
    assert [p.name for g in view.other_pods for p in g.pods] == ["debugger"]
    assert view.settling is False


def test_headless_service_has_no_cluster_ip():
    cluster = HandBuiltCluster(services=[service("nginx", cluster_ip="None")], endpoints=[], pods=[])
    [svc] = topology(cluster, "test").services
    assert svc.cluster_ip is None and svc.headless and svc.endpoints == ()


def test_starting_pod_is_not_ready_and_keeps_the_panel_refreshing():
    cluster = HandBuiltCluster(
        services=[service("nginx")],
        endpoints=[endpoints("nginx", not_ready=[("10.244.0.6", "nginx-c")])],
        pods=[pod("nginx-c", "10.244.0.6", phase="Pending", ready=False, waiting="ContainerCreating")])
    view = topology(cluster, "test")
    [svc] = view.services
    [p] = svc.nodes[0].pods
    assert (p.status, p.ready, p.ready_text) == ("ContainerCreating", False, "0/1")
    assert svc.endpoints[0].ready is False
    assert view.settling is True


def test_service_without_selector_selects_no_pods():
    kubernetes = service("kubernetes", "10.96.0.1", selector={}, ports=((443, "TCP"),))
    kubernetes["metadata"]["namespace"] = "default"
    cluster = HandBuiltCluster(services=[kubernetes], endpoints=[], pods=[])
    [svc] = topology(cluster, "default").services
    assert (svc.selector, svc.nodes, svc.ports) == ("", (), "443/TCP")


def test_nodeport_ports_text():
    cluster = HandBuiltCluster(services=[service("web", type_="NodePort")], endpoints=[], pods=[])
    cluster.objects["services"][0]["spec"]["ports"][0]["nodePort"] = 30080
    assert topology(cluster, "test").services[0].ports == "80:30080/TCP"


def test_no_traffic_draws_nothing():
    assert traffic_figure({"pods": {}, "services": {}}) is None


def test_one_bar_per_pod_with_its_count():
    fig = traffic_figure({"pods": {"nginx-a": 104, "nginx-b": 96},
                          "services": {"test/nginx": {"nginx-a": 104, "nginx-b": 96}}})
    [bars] = fig["data"]
    assert bars["type"] == "bar" and bars["name"] == "test/nginx"
    assert list(bars["x"]) == ["nginx-a", "nginx-b"] and list(bars["y"]) == [104, 96]
    assert list(bars["text"]) == ["104", "96"]
    go.Figure(fig)  # plotly accepts its own output back
    json.dumps(fig)  # and it is plain JSON


def test_a_pod_that_just_joined_shows_a_zero_bar():
    fig = traffic_figure({"pods": {"nginx-a": 10}, "services": {"test/nginx": {"nginx-a": 10}}},
                         zero_pods={"test/nginx": ["nginx-a", "nginx-b"]})
    assert list(fig["data"][0]["x"]) == ["nginx-a", "nginx-b"] and list(fig["data"][0]["y"]) == [10, 0]


def test_requests_straight_to_a_pod_ip_get_their_own_series():
    fig = traffic_figure({"pods": {"nginx-a": 5}, "services": {"test/nginx": {"nginx-a": 3}}},
                         text={"direct": "直接"})
    names = [t["name"] for t in fig["data"]]
    assert names == ["test/nginx", "直接"]
    assert list(fig["data"][1]["y"]) == [2]
    assert fig["layout"]["showlegend"] is True


def test_timeline_adds_running_totals_per_pod():
    fig = traffic_figure({"pods": {"a": 2, "b": 1}, "services": {"test/nginx": {"a": 2, "b": 1}}},
                         timeline=[(1, {"a": 1}), (2, {"a": 2}), (3, {"a": 2, "b": 1})])
    lines = {t["name"]: (list(t["x"]), list(t["y"])) for t in fig["data"] if t["type"] == "scatter"}
    assert lines == {"a": ([1, 2, 3], [1, 2, 2]), "b": ([3], [1])}
    assert fig["layout"]["yaxis2"]["domain"] == [0.0, 0.38]


@pytest.mark.parametrize("lang_text", [None, {"title": "Pod ごとのリクエスト数"}])
def test_title_is_translatable(lang_text):
    fig = traffic_figure({"pods": {"a": 1}, "services": {"test/nginx": {"a": 1}}}, text=lang_text)
    assert fig["layout"]["title"]["text"] == (lang_text or {"title": "Requests per pod"})["title"]


def _colours_by_pod(fig):
    bars = {pod: colour for t in fig["data"] if t["type"] == "bar"
            for pod, colour in zip(t["x"], t["marker"]["color"])}
    lines = {t["name"]: t["line"]["color"] for t in fig["data"] if t["type"] == "scatter"}
    return bars, lines


def test_a_pods_bar_and_running_total_line_share_one_colour_named_in_the_legend():
    traffic = {"pods": {"web-a": 3, "web-b": 2, "web-c": 1},
               "services": {"test/web": {"web-a": 3, "web-b": 2, "web-c": 1}}}
    fig = traffic_figure(traffic, timeline=[(1, {"web-a": 1}), (3, {"web-a": 2, "web-b": 1}),
                                            (6, {"web-a": 3, "web-b": 2, "web-c": 1})])
    bars, lines = _colours_by_pod(fig)
    assert bars == lines and len(set(bars.values())) == 3
    scatter = [t for t in fig["data"] if t["type"] == "scatter"]
    assert [t["name"] for t in scatter] == ["web-a", "web-b", "web-c"]
    assert all(t["showlegend"] for t in scatter) and fig["layout"]["showlegend"] is True
    [bar] = [t for t in fig["data"] if t["type"] == "bar"]
    assert bar["showlegend"] is False  # one Service: its colours are the pods', so no series entry


def test_a_pod_keeps_its_colour_when_another_pod_joins():
    before = traffic_figure({"pods": {"web-b": 1}, "services": {"test/web": {"web-b": 1}}},
                            timeline=[(1, {"web-b": 1}), (2, {"web-b": 2})])
    after = traffic_figure({"pods": {"web-b": 2, "web-c": 1}, "services": {"test/web": {"web-b": 2, "web-c": 1}}},
                           timeline=[(1, {"web-b": 1}), (2, {"web-b": 2}), (3, {"web-b": 2, "web-c": 1})])
    assert _colours_by_pod(before)[1]["web-b"] == _colours_by_pod(after)[1]["web-b"]


def test_a_second_series_is_hatched_in_the_same_pod_colours():
    fig = traffic_figure({"pods": {"web-a": 5, "web-b": 1}, "services": {"test/web": {"web-a": 3, "web-b": 1}}})
    first, second = fig["data"]
    assert list(first["marker"]["color"]) == list(second["marker"]["color"]) == ["#326ce5", "#e5a532"]
    assert first["marker"]["pattern"]["shape"] == "" and second["marker"]["pattern"]["shape"] != ""


def test_long_pod_names_are_broken_into_upright_tick_labels():
    fig = traffic_figure({"pods": {"nginx-6bbbdbdbd4-x6l9k": 1}, "services": {"test/nginx": {"nginx-6bbbdbdbd4-x6l9k": 1}}})
    axis = fig["layout"]["xaxis"]
    assert list(axis["tickvals"]) == ["nginx-6bbbdbdbd4-x6l9k"]
    assert list(axis["ticktext"]) == ["nginx-<br>6bbbdbdbd4-<br>x6l9k"] and axis["tickangle"] == 0
