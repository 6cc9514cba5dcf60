"""A pod's container as a shell sees it: generated files, environment, programs, prompt."""
from __future__ import annotations

from pathlib import Path

from webapp.cluster.clock import ManualClock
from webapp.cluster.cluster import Cluster
from webapp.shell.fs import FileTree
from webapp.shell.pod_host import PodHost

GOLDEN = Path(__file__).resolve().parent.parent.parent / "shared" / "reference" / "golden"


def _setup():
    clock = ManualClock(1661342400.0)
    cl = Cluster.new(7, clock)
    cl.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "test"}})
    for name, image, command in (("nginx", "nginx", None), ("debugger", "thr3a/debugger", ["sleep", "infinity"])):
        ctr = {"name": name, "image": image, **({"command": command} if command else {})}
        cl.create({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": "test"},
                   "spec": {"replicas": 1, "selector": {"matchLabels": {"app": name}},
                            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": [ctr]}}}})
        if name == "nginx":
            cl.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "nginx", "namespace": "test"},
                       "spec": {"selector": {"app": "nginx"}, "ports": [{"port": 80, "targetPort": 80}]}})
    clock.advance(30)
    return cl, clock


def _host(cl, prefix, shell="sh"):
    pod = next(p for p in cl.list("pods", "test") if p["metadata"]["name"].startswith(prefix))
    return PodHost(cl, pod, prefix, FileTree(), shell=shell), pod


def test_resolv_conf_matches_the_real_file():
    cl, _ = _setup()
    host, _ = _host(cl, "debugger")
    assert host.read_file("/etc/resolv.conf") == (GOLDEN / "dns-bind916" / "cat_resolv.txt").read_text()
    assert host.resolver.ndots == 5 and host.resolver.nameserver == "10.96.0.10"


def test_hosts_hostname_os_release():
    cl, _ = _setup()
    host, pod = _host(cl, "debugger")
    name, ip = pod["metadata"]["name"], pod["status"]["podIP"]
    assert host.read_file("/etc/hosts") == (
        "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
        "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n"
        f"{ip}\t{name}\n")
    assert host.read_file("/etc/hostname") == name + "\n"
    assert host.read_file("/etc/os-release").startswith('NAME="Alpine Linux"\n')
    assert host.hosts_entries()[name] == ip


def test_environment_has_service_links_and_image_env():
    cl, _ = _setup()
    host, pod = _host(cl, "nginx")
    env = host.initial_env()
    vip = cl.get("services", "test", "nginx")["spec"]["clusterIP"]
    assert list(env)[:2] == ["PATH", "HOSTNAME"] and list(env)[-1] == "HOME"
    assert env["HOSTNAME"] == pod["metadata"]["name"] and env["HOME"] == "/root"
    assert env["NGINX_VERSION"] == "1.23.1" and env["PKG_RELEASE"] == "1~bullseye"
    assert env["KUBERNETES_PORT_443_TCP"] == "tcp://10.96.0.1:443"
    assert env["NGINX_SERVICE_HOST"] == vip      # created before the container started
    assert "TERM" not in env and host.initial_env(tty=True)["TERM"] == "xterm"


def test_services_created_later_are_not_in_env():
    cl, clock = _setup()
    cl.create({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "late", "namespace": "test"},
               "spec": {"selector": {"app": "nginx"}, "ports": [{"port": 8080}]}})
    host, _ = _host(cl, "debugger")
    assert "LATE_SERVICE_HOST" not in host.initial_env()
    assert "NGINX_SERVICE_HOST" in host.initial_env()


def test_programs_prompt_and_flavours():
    cl, _ = _setup()
    dbg, _ = _host(cl, "debugger")
    assert dbg.has_program("nslookup") and dbg.tool_flavor("nslookup") == "bind916"
    assert not dbg.has_program("kubectl") and not dbg.has_program("bash")
    assert dbg.prompt("/") == "/ # " and dbg.shell_flavor == "ash"
    web, pod = _host(cl, "nginx", shell="bash")
    assert not web.has_program("nslookup") and web.has_program("curl")
    assert web.prompt("/") == f"root@{pod['metadata']['name']}:/# " and web.shell_flavor == "bash"
    assert _host(cl, "nginx")[0].prompt("/") == "# "
    assert web.read_file("/usr/share/nginx/html/index.html").startswith("<!DOCTYPE html>")


def test_writes_land_in_the_tree():
    cl, _ = _setup()
    tree = FileTree()
    pod = next(p for p in cl.list("pods", "test") if p["metadata"]["name"].startswith("debugger"))
    host = PodHost(cl, pod, "debugger", tree)
    assert host.write_file("/tmp/x", "hello\n") is None
    assert tree.files["/tmp/x"] == "hello\n" and host.read_file("/tmp/x") == "hello\n"


def _dns_pod(cl, name, policy, config, host_network=False):
    spec = {"containers": [{"name": "c", "image": "busybox:1.28", "command": ["sleep", "3600"]}],
            "dnsPolicy": policy, "dnsConfig": config, **({"hostNetwork": True} if host_network else {})}
    pod = cl.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "test"}, "spec": spec})
    return PodHost(cl, pod, "c", FileTree())


def test_dns_policy_none_writes_only_dns_config():
    cl, _ = _setup()
    host = _dns_pod(cl, "none", "None", {
        "nameservers": ["1.2.3.4"], "searches": ["ns1.svc.cluster-domain.example", "my.dns.search.suffix"],
        "options": [{"name": "ndots", "value": "2"}, {"name": "edns0"}]})
    assert host.read_file("/etc/resolv.conf") == ("search ns1.svc.cluster-domain.example my.dns.search.suffix\n"
                                                  "nameserver 1.2.3.4\noptions ndots:2 edns0\n")
    assert (host.resolver.nameserver, host.resolver.ndots) == ("1.2.3.4", 2)


def test_cluster_first_appends_dns_config_without_duplicates():
    cl, _ = _setup()
    host = _dns_pod(cl, "merged", "ClusterFirst", {
        "nameservers": ["10.96.0.10", "8.8.8.8"], "searches": ["svc.cluster.local", "example.com"],
        "options": [{"name": "single-request-reopen"}, {"name": "ndots", "value": "1"}]})
    assert host.read_file("/etc/resolv.conf") == (
        "search test.svc.cluster.local svc.cluster.local cluster.local example.com\n"
        "nameserver 10.96.0.10\nnameserver 8.8.8.8\noptions ndots:1 single-request-reopen\n")
    assert host.resolver.ndots == 1 and host.resolver.search[-1] == "example.com"


def test_dns_config_limits_as_kubelet_applies_them():
    cl, _ = _setup()
    # each list is valid on its own (API limits 3 / 6); kubelet trims the merged ones
    host = _dns_pod(cl, "limits", "ClusterFirst", {
        "nameservers": ["1.1.1.1", "8.8.8.8", "8.8.4.4"], "searches": [f"d{i}.example" for i in range(5)]})
    assert host.read_file("/etc/resolv.conf") == (
        "search test.svc.cluster.local svc.cluster.local cluster.local d0.example d1.example d2.example\n"
        "nameserver 10.96.0.10\nnameserver 1.1.1.1\nnameserver 8.8.8.8\noptions ndots:5\n")
    node = _dns_pod(cl, "hostnet", "ClusterFirst", None, host_network=True)
    assert node.read_file("/etc/resolv.conf") == "nameserver 192.168.0.1\n"
