"""kube-proxy routing, what servers answer, traffic counters and container logs."""
from __future__ import annotations

import pytest

from webapp.cluster.clock import ManualClock
from webapp.cluster.cluster import Cluster
from webapp.cluster.logs import container_log
from webapp.cluster.network import connect, service_env, traffic_summary
from webapp.cluster.servers import NGINX_WELCOME, HttpRequest, exchange


def _deploy(cl, name, image, replicas=1, command=None, ns="test"):
    ctr = {"name": name, "image": image}
    if command:
        ctr["command"] = command
    cl.create({"apiVersion": "apps/v1", "kind": "Deployment",
               "metadata": {"name": name, "namespace": ns, "labels": {"app": name}},
               "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                        "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [ctr]}}}})


def _service(cl, name, selector, port=80, target=80, ns="test", **spec):
    body = {"selector": {"app": selector}, "ports": [{"port": port, "targetPort": target, "protocol": "TCP"}]}
    body.update(spec)
    return cl.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": ns},
                      "spec": body})


def make_cluster(seed=7, replicas=2):
    clock = ManualClock(1661342400.0)
    cl = Cluster.new(seed, clock)
    cl.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "test"}})
    _deploy(cl, "nginx", "nginx", replicas)
    _service(cl, "nginx", "nginx")
    _deploy(cl, "debugger", "thr3a/debugger", 1, ["sleep", "infinity"])
    clock.advance(30)
    return cl, clock


def _pods(cl, prefix):
    return [p for p in cl.list("pods", "test") if p["metadata"]["name"].startswith(prefix)]


def _client(cl):
    return _pods(cl, "debugger")[0]["status"]["podIP"]


def _vip(cl, name="nginx"):
    return cl.get("services", "test", name)["spec"]["clusterIP"]


def _get(client_ip, path="/", host="nginx"):
    return HttpRequest("GET", path, host, [("Host", host), ("User-Agent", "curl/7.83.1"), ("Accept", "*/*")],
                       client_ip)


def test_clusterip_routes_to_a_ready_pod():
    cl, _ = make_cluster()
    conn = connect(cl, _client(cl), _vip(cl), 80)
    assert conn.ok and conn.service == "test/nginx"
    assert conn.backend.pod_name in {p["metadata"]["name"] for p in _pods(cl, "nginx")}


def test_split_over_many_seeds_is_fair_and_reproducible():
    inside = 0
    for seed in range(20):
        cl, _ = make_cluster(seed)
        src, vip = _client(cl), _vip(cl)
        for _ in range(200):
            exchange(cl, src, vip, 80, _get(src))
        counts = traffic_summary(cl)["services"]["test/nginx"]
        assert sum(counts.values()) == 200 and len(counts) == 2
        inside += all(60 <= n <= 140 for n in counts.values())
        if seed == 3:
            again, _ = make_cluster(seed)
            for _ in range(200):
                exchange(again, src, vip, 80, _get(src))
            assert traffic_summary(again)["services"]["test/nginx"] == counts
    assert inside >= 18


def test_no_endpoints_is_refused_and_unknown_port_times_out():
    cl, _ = make_cluster()
    _service(cl, "empty", "nothing-matches")
    assert connect(cl, _client(cl), _vip(cl, "empty"), 80).error == "refused"
    assert connect(cl, _client(cl), _vip(cl), 81).error == "timeout"


def test_pod_ip_direct_and_closed_port():
    cl, _ = make_cluster()
    ip = _pods(cl, "nginx")[0]["status"]["podIP"]
    assert connect(cl, _client(cl), ip, 80).ok
    assert connect(cl, _client(cl), ip, 8080).error == "refused"
    assert connect(cl, _client(cl), "10.244.0.250", 80).error == "unreachable"
    assert connect(cl, _client(cl), "203.0.113.9", 80).error == "timeout"


def test_outside_client_reaches_only_node_ports():
    cl, _ = make_cluster()
    svc = _service(cl, "web", "nginx", type="NodePort")
    node_port = svc["spec"]["ports"][0]["nodePort"]
    assert connect(cl, "192.168.1.10", _vip(cl), 80).error == "timeout"
    assert connect(cl, "192.168.1.10", "192.168.0.11", node_port).ok


def test_session_affinity_sticks():
    cl, _ = make_cluster()
    _service(cl, "sticky", "nginx", sessionAffinity="ClientIP")
    src = _client(cl)
    chosen = {connect(cl, src, _vip(cl, "sticky"), 80).backend.pod_name for _ in range(30)}
    assert len(chosen) == 1


def test_headless_has_no_vip():
    cl, _ = make_cluster()
    _service(cl, "headless", "nginx", clusterIP="None")
    assert connect(cl, _client(cl), "None", 80).error == "timeout"


def test_nginx_answers_byte_exact():
    cl, _ = make_cluster()
    src = _client(cl)
    conn, reply = exchange(cl, src, _vip(cl), 80, _get(src))
    resp = reply.response
    assert len(NGINX_WELCOME.encode()) == 615 and resp.body == NGINX_WELCOME
    assert resp.headers == [("Server", "nginx/1.23.1"), ("Date", "Wed, 24 Aug 2022 12:00:30 GMT"),
                            ("Content-Type", "text/html"), ("Content-Length", "615"),
                            ("Last-Modified", "Tue, 19 Jul 2022 14:05:27 GMT"), ("Connection", "keep-alive"),
                            ("ETag", '"62d6ba27-267"'), ("Accept-Ranges", "bytes")]
    _, missing = exchange(cl, src, _vip(cl), 80, _get(src, "/foo"))
    assert missing.response.status == 404 and len(missing.response.body) == 153
    assert missing.response.body.startswith("<html>\r\n<head><title>404 Not Found</title></head>\r\n")


def test_access_log_and_startup_lines():
    cl, clock = make_cluster(replicas=1)
    src = _client(cl)
    clock.advance(10)
    exchange(cl, src, _vip(cl), 80, _get(src))
    pod = _pods(cl, "nginx")[0]
    lines = container_log(cl, pod, "nginx")
    assert lines[0] == "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
    assert lines[10] .endswith("[notice] 1#1: built by gcc 10.2.1 20210110 (Debian 10.2.1-6) ")
    assert [x for x in lines if "start worker process " in x][-1].endswith("start worker process 32")
    assert lines[-1] == f'{src} - - [24/Aug/2022:12:00:40 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/7.83.1" "-"'


def test_logs_are_bounded():
    cl, _ = make_cluster(replicas=1)
    src = _client(cl)
    for _ in range(1500):
        exchange(cl, src, _vip(cl), 80, _get(src))
    pod = _pods(cl, "nginx")[0]
    assert len(cl.pod_logs[pod["metadata"]["uid"]]) <= cl.limits.log_lines + 64
    assert traffic_summary(cl)["pods"][pod["metadata"]["name"]] == 1500
    timeline = cl.traffic["timeline"]
    assert 100 < len(timeline) <= 240 and timeline[-1][1] == 1500
    assert [s[1] for s in timeline] == sorted(s[1] for s in timeline)


def test_other_servers():
    cl, clock = make_cluster(replicas=1)
    _deploy(cl, "httpd", "httpd")
    _deploy(cl, "hello", "gcr.io/google-samples/hello-app:1.0")
    _deploy(cl, "hostnames", "registry.k8s.io/serve_hostname")
    clock.advance(30)
    src = _client(cl)
    bodies = {}
    for prefix, port in (("httpd", 80), ("hello", 8080), ("hostnames", 9376)):
        pod = _pods(cl, prefix)[0]
        _, reply = exchange(cl, src, pod["status"]["podIP"], port, _get(src))
        bodies[prefix] = (pod["metadata"]["name"], reply.response.body)
    assert bodies["httpd"][1] == "<html><body><h1>It works!</h1></body></html>\n"
    name, body = bodies["hello"]
    assert body == f"Hello, world!\nVersion: 1.0.0\nHostname: {name}\n"
    assert bodies["hostnames"][1] == bodies["hostnames"][0]


def test_service_env_is_docker_links_style():
    cl, _ = make_cluster()
    _service(cl, "headless", "nginx", clusterIP="None")
    env = service_env(cl, "test")
    vip = _vip(cl)
    assert env["NGINX_SERVICE_HOST"] == vip and env["NGINX_SERVICE_PORT"] == "80"
    assert env["NGINX_PORT"] == f"tcp://{vip}:80" and env["NGINX_PORT_80_TCP_ADDR"] == vip
    assert env["NGINX_PORT_80_TCP_PROTO"] == "tcp" and env["KUBERNETES_SERVICE_PORT_HTTPS"] == "443"
    assert env["KUBERNETES_SERVICE_HOST"] == "10.96.0.1"
    assert not any(k.startswith("HEADLESS_") for k in env)
    assert "NGINX_SERVICE_HOST" not in service_env(cl, "test", at=1661342400.0 - 1)


@pytest.mark.parametrize("path, status", [("/", 200), ("/index.html", 200), ("/nope", 404)])
def test_head_requests_log_zero_bytes(path, status):
    cl, _ = make_cluster(replicas=1)
    src = _client(cl)
    req = _get(src, path)
    req.method = "HEAD"
    _, reply = exchange(cl, src, _vip(cl), 80, req)
    assert reply.response.status == status and reply.response.body == ""
    assert reply.log_lines[-1].endswith(f'"HEAD {path} HTTP/1.1" {status} 0 "-" "curl/7.83.1" "-"')
