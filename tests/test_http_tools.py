"""curl, wget and ping inside pods: output, errors and exit codes as the real tools give them."""
from __future__ import annotations

import pytest

from webapp.cluster.clock import ManualClock
from webapp.cluster.cluster import Cluster
from webapp.shell.fs import FileTree
from webapp.shell.pod_host import PodHost
from webapp.shell.programs import Budget, Proc, Stream
from webapp.shell.programs.http import curl, meter_text
from webapp.shell.programs.http_ping import ping
from webapp.shell.programs.http_wget import wget
from webapp.cluster.servers import NGINX_WELCOME


class _World:
    def __init__(self, cluster):
        self.cluster, self.clock = cluster, cluster.clock


@pytest.fixture
def cl():
    clock = ManualClock(1661342400.0)
    cluster = Cluster.new(7, clock)
    cluster.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "test"}})
    for name, image, command in (("nginx", "nginx", None), ("debugger", "thr3a/debugger", ["sleep", "infinity"]),
                                 ("bb", "busybox", ["sleep", "infinity"])):
        ctr = {"name": name, "image": image, **({"command": command} if command else {})}
        cluster.create({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": "test"},
                        "spec": {"replicas": 1, "selector": {"matchLabels": {"app": name}},
                                 "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [ctr]}}}})
    for name, sel in (("nginx", "nginx"), ("empty", "none")):
        cluster.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": "test"},
                        "spec": {"selector": {"app": sel}, "ports": [{"port": 80, "targetPort": 80}]}})
    clock.advance(30)
    return cluster


def run(cl, fn, line, pod="debugger", interactive=True):
    p = next(x for x in cl.list("pods", "test") if x["metadata"]["name"].startswith(pod))
    host = PodHost(cl, p, pod, FileTree())
    out, err = Stream(), Stream()
    proc = Proc(line.split(), "", out, err, {}, host, _World(cl), Budget(20000), interactive=interactive)
    code = fn(proc)
    return code, out.getvalue(), err.getvalue(), host


def test_curl_service_name(cl):
    code, out, err, _ = run(cl, curl, "curl nginx")
    assert (code, out, err) == (0, NGINX_WELCOME, "")


def test_curl_head(cl):
    code, out, _, _ = run(cl, curl, "curl -sI nginx")
    assert out.startswith("HTTP/1.1 200 OK\r\nServer: nginx/1.23.1\r\nDate: Wed, 24 Aug 2022 12:00:30 GMT\r\n")
    assert out.endswith("Accept-Ranges: bytes\r\n\r\n") and code == 0


def test_curl_errors(cl):
    assert run(cl, curl, "curl nginxx")[:3] == (6, "", "curl: (6) Could not resolve host: nginxx\n")
    code, _, err, _ = run(cl, curl, "curl empty")
    assert (code, err) == (7, "curl: (7) Failed to connect to empty port 80 after 0 ms: Connection refused\n")
    code, _, err, _ = run(cl, curl, "curl -m 5 nginx:81")
    assert (code, err) == (28, "curl: (28) Connection timed out after 5001 milliseconds\n")
    code, _, err, _ = run(cl, curl, "curl nginx:81")
    assert code == 28 and err.endswith("port 81 after 130012 ms: Operation timed out\n")
    assert run(cl, curl, "curl -s empty")[:3] == (7, "", "")
    assert run(cl, curl, "curl")[0] == 2 and run(cl, curl, "curl --bogus x")[2].startswith("curl: option --bogus: is unknown")
    assert run(cl, curl, "curl ftp://nginx")[2] == 'curl: (1) Protocol "ftp" not supported or disabled in libcurl\n'
    assert run(cl, curl, "curl -f nginx/x")[2] == "curl: (22) The requested URL returned error: 404\n"
    assert run(cl, curl, "curl https://nginx")[0] == 28            # the Service has no port 443
    assert run(cl, curl, "curl https://nginx:80")[2] == (
        "curl: (35) error:1408F10B:SSL routines:ssl3_get_record:wrong version number\n")


def test_curl_debian_wording(cl):
    code, _, err, _ = run(cl, curl, "curl localhost:81", pod="nginx")
    assert (code, err) == (7, "curl: (7) Failed to connect to localhost port 81: Connection refused\n")
    assert run(cl, curl, "curl -s localhost", pod="nginx")[1] == NGINX_WELCOME


def test_curl_progress_meter_when_not_a_terminal(cl):
    code, out, err, _ = run(cl, curl, "curl nginx", interactive=False)
    assert out == NGINX_WELCOME and err == meter_text(615, 615, 1)
    assert err.splitlines()[2] == "100   615  100   615    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k"
    assert run(cl, curl, "curl -s nginx", interactive=False)[2] == ""


def test_curl_write_out_and_output_file(cl):
    code, out, err, host = run(cl, curl, "curl -s -o /tmp/page -w %{http_code}:%{remote_port}\\n nginx")
    assert (code, out, err) == (0, "200:80\n", "")
    assert host.read_file("/tmp/page") == NGINX_WELCOME
    assert run(cl, curl, "curl -s -w %{http_code} empty")[1] == "000"


def test_curl_verbose(cl):
    _, _, err, _ = run(cl, curl, "curl -sv nginx")
    vip = cl.get("services", "test", "nginx")["spec"]["clusterIP"]
    assert err.startswith(f"*   Trying {vip}:80...\n* Connected to nginx ({vip}) port 80 (#0)\n> GET / HTTP/1.1\n"
                          "> Host: nginx\n> User-Agent: curl/7.83.1\n> Accept: */*\n> \n")
    assert err.endswith("* Connection #0 to host nginx left intact\n")


def test_curl_is_counted_and_logged(cl):
    for _ in range(3):
        run(cl, curl, "curl -s nginx")
    assert sum(cl.traffic["services"]["test/nginx"].values()) == 3


def test_busybox_wget(cl):
    code, out, err, _ = run(cl, wget, "wget -qO- nginx", pod="bb")
    assert (code, out, err) == (0, NGINX_WELCOME, "")
    code, _, err, _ = run(cl, wget, "wget -O- empty", pod="bb")
    vip = cl.get("services", "test", "empty")["spec"]["clusterIP"]
    assert code == 1 and err == (f"Connecting to empty ({vip}:80)\n"
                                 f"wget: can't connect to remote host ({vip}): Connection refused\n")
    assert run(cl, wget, "wget nope", pod="bb")[2] == "wget: bad address 'nope'\n"
    code, _, err, host = run(cl, wget, "wget nginx", pod="bb")
    assert code == 0 and "saving to 'index.html'" in err and host.read_file("/index.html") == NGINX_WELCOME


def test_ping_clusterip_gets_no_reply(cl):
    code, out, _, _ = run(cl, ping, "ping -c 3 nginx")
    vip = cl.get("services", "test", "nginx")["spec"]["clusterIP"]
    assert code == 1
    assert out.startswith(f"PING nginx.test.svc.cluster.local ({vip}) 56(84) bytes of data.\n\n")
    assert "3 packets transmitted, 0 received, 100% packet loss" in out


def test_ping_pod_ip_replies(cl):
    ip = next(p for p in cl.list("pods", "test") if p["metadata"]["name"].startswith("nginx"))["status"]["podIP"]
    code, out, _, _ = run(cl, ping, f"ping -c 2 {ip}")
    lines = out.splitlines()
    assert code == 0 and lines[1].startswith(f"64 bytes from {ip}: icmp_seq=1 ttl=64 time=0.")
    assert "2 packets transmitted, 2 received, 0% packet loss" in out and lines[-1].startswith("rtt min/avg/max/mdev = ")


def test_ping_without_count_stops_with_statistics(cl):
    code, out, _, _ = run(cl, ping, "ping nginx")
    assert "^C\n" in out and "30 packets transmitted, 0 received" in out


def test_ping_unknown_name(cl):
    assert run(cl, ping, "ping nope")[:3] == (2, "", "ping: nope: Name does not resolve\n")
    assert run(cl, ping, "ping nope", pod="bb")[2] == "ping: bad address 'nope'\n"


def test_kubernetes_bootcamp_answers_and_logs(cl):
    from webapp.cluster.clock import parse_rfc3339
    from webapp.cluster.logs import container_log
    from webapp.cluster.servers import bootcamp_start_lines
    cl.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "kb", "namespace": "test"},
               "spec": {"containers": [{"name": "kb", "image": "gcr.io/google-samples/kubernetes-bootcamp:v1"}]}})
    cl.clock.advance(30)
    pod = cl.get("pods", "test", "kb")
    started = parse_rfc3339(pod["status"]["containerStatuses"][0]["state"]["running"]["startedAt"])
    code, out, err, _ = run(cl, curl, "curl -si localhost:8080/anything", pod="kb")
    assert code == 0 and err == ""
    assert out == ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Wed, 24 Aug 2022 12:01:00 GMT\r\n"
                   "Connection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "Hello Kubernetes bootcamp! | Running on: kb | v=1\n")
    cl.clock.advance(1.5)
    run(cl, curl, "curl -s localhost:8080", pod="kb")
    uptime = cl.clock.now() - started       # whole seconds apart plus 1.5: printed like a JS number
    assert container_log(cl, pod, "kb")[-2:] == [
        f"Running On: kb | Total Requests: 1 | App Uptime: {uptime - 1.5:.0f} seconds | "
        "Log Time: 2022-08-24T12:01:00.000Z",
        f"Running On: kb | Total Requests: 2 | App Uptime: {uptime:.1f} seconds | "
        "Log Time: 2022-08-24T12:01:01.500Z"]
    assert bootcamp_start_lines("kb", 1661342430.061) == [
        "Kubernetes Bootcamp App Started At: 2022-08-24T12:00:30.061Z | Running On:  kb ", ""]
