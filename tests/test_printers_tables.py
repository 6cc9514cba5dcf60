"""`kubectl get` tables from hand-built objects, byte for byte against the golden outputs
(../shared/reference/golden/kubectl/*.stdout, copied here so the tests stand alone)."""
from webapp.shell.kubectl.printers import TableOptions, render_table
from webapp.shell.kubectl.printers.rows_core import format_endpoints, pod_status
from webapp.shell.kubectl.printers.tabwriter import TabWriter, align

from _printer_objects import NOW, deployment, endpoints, pod, service

D = 86400


def test_get_svc_golden():
    assert render_table("services", [service()], NOW) == (
        "NAME    TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE\n"
        "nginx   ClusterIP   10.96.184.249   <none>        80/TCP    13s\n")


def _kubernetes():
    return service("kubernetes", "default", "10.96.0.1", age=5 * D + 3 * 3600 + 7, selector={},
                   ports=[{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}])


def test_get_svc_list_and_wide_golden():
    objs = [_kubernetes(), service()]
    assert render_table("services", objs, NOW) == (
        "NAME         TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE\n"
        "kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP   5d3h\n"
        "nginx        ClusterIP   10.96.184.249   <none>        80/TCP    13s\n")
    assert render_table("services", objs, NOW, TableOptions(wide=True)) == (
        "NAME         TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE    SELECTOR\n"
        "kubernetes   ClusterIP   10.96.0.1       <none>        443/TCP   5d3h   <none>\n"
        "nginx        ClusterIP   10.96.184.249   <none>        80/TCP    13s    app=nginx\n")


def test_headless_get_svc_golden():
    svc = service(cluster_ip="None")
    assert render_table("services", [svc], NOW) == (
        "NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\n"
        "nginx   ClusterIP   None         <none>        80/TCP    13s\n")


def test_service_types_cells():
    lb = service("lb", stype="LoadBalancer", ports=[{"port": 80, "nodePort": 31234, "protocol": "TCP"}])
    ext = service("ext", cluster_ip="", stype="ExternalName", externalName="example.com", ports=[])
    text = render_table("services", [lb, ext], NOW)
    assert text.splitlines()[1].split() == ["lb", "LoadBalancer", "10.96.184.249", "<pending>", "80:31234/TCP", "13s"]
    assert text.splitlines()[2].split() == ["ext", "ExternalName", "<none>", "example.com", "<none>", "13s"]
    lb["status"]["loadBalancer"]["ingress"] = [{"hostname": "a-very-long-hostname.example.com"}]
    # the API server builds every table with Wide set, so the 16-character cut never shows
    assert "a-very-long-hostname.example.com" in render_table("services", [lb], NOW)


def test_get_ep_golden_and_endpoint_rules():
    assert render_table("endpoints", [endpoints()], NOW) == (
        "NAME    ENDPOINTS                        AGE\n"
        "nginx   10.244.0.205:80,10.244.0.77:80   30s\n")
    five = endpoints(ips=[f"10.244.0.{i}" for i in (2, 3, 4, 5, 6)])
    assert format_endpoints(five) == "10.244.0.2:80,10.244.0.3:80,10.244.0.4:80 + 2 more..."
    assert format_endpoints(endpoints(ips=())) == "<none>"
    assert format_endpoints(endpoints(ips=(), not_ready=("10.244.0.9",))) == ""
    assert format_endpoints({"subsets": [{"addresses": [{"ip": "fd00::1"}], "ports": [{"port": 80}]}]}) == "[fd00::1]:80"


def _golden_pods():
    return [pod("nginx-8f458dc5b-qr65w", 3 * 60 + 16),
            pod("nginx-8f458dc5b-x7b2n", 2, waiting="ContainerCreating", ip=None)]


def test_get_pods_golden():
    assert render_table("pods", _golden_pods(), NOW) == (
        "NAME                    READY   STATUS              RESTARTS   AGE\n"
        "nginx-8f458dc5b-qr65w   1/1     Running             0          3m16s\n"
        "nginx-8f458dc5b-x7b2n   0/1     ContainerCreating   0          2s\n")


def test_get_pods_wide_golden():
    assert render_table("pods", _golden_pods(), NOW, TableOptions(wide=True)) == (
        "NAME                    READY   STATUS              RESTARTS   AGE     IP            NODE       "
        "NOMINATED NODE   READINESS GATES\n"
        "nginx-8f458dc5b-qr65w   1/1     Running             0          3m16s   10.244.0.77   ubuntu01   "
        "<none>           <none>\n"
        "nginx-8f458dc5b-x7b2n   0/1     ContainerCreating   0          2s      <none>        ubuntu01   "
        "<none>           <none>\n")


def test_pod_status_algorithm():
    assert pod_status(pod("a", 60, restarts=3, last_finished=42))[0] == "Running"
    crash = pod("a", 60, waiting="CrashLoopBackOff", restarts=3, last_finished=42)
    assert render_table("pods", [crash], NOW).splitlines()[1].split()[1:5] == ["0/1", "CrashLoopBackOff", "3", "(42s"]
    done = pod("a", 60, terminated={"exitCode": 0, "reason": "Completed"})
    assert pod_status(done)[0] == "Completed"
    assert pod_status(pod("a", 60, terminated={"exitCode": 137, "signal": 9}))[0] == "Signal:9"
    assert pod_status(pod("a", 60, terminated={"exitCode": 2}))[0] == "ExitCode:2"
    assert pod_status(pod("a", 60, deleting=True))[0] == "Terminating"
    evicted = pod("a", 60)
    evicted["status"]["reason"] = "Evicted"
    evicted["status"]["containerStatuses"] = []
    assert pod_status(evicted)[0] == "Evicted"


def test_get_deploy_goldens():
    assert render_table("deployments", [deployment()], NOW) == (
        "NAME    READY   UP-TO-DATE   AVAILABLE   AGE\n"
        "nginx   1/1     1            1           5m46s\n")
    assert render_table("deployments", [deployment()], NOW, TableOptions(wide=True)) == (
        "NAME    READY   UP-TO-DATE   AVAILABLE   AGE     CONTAINERS   IMAGES   SELECTOR\n"
        "nginx   1/1     1            1           5m46s   nginx        nginx    app=nginx\n")


def test_decorations_namespace_kind_labels():
    opts = TableOptions(with_namespace=True, kind_prefix="service", show_labels=True, label_columns=["app", "x/tier"])
    assert render_table("services", [service()], NOW, opts) == (
        "NAMESPACE   NAME            TYPE        CLUSTER-IP      EXTERNAL-IP   PORT(S)   AGE   APP     TIER   LABELS\n"
        "test        service/nginx   ClusterIP   10.96.184.249   <none>        80/TCP    13s   nginx          app=nginx\n")
    assert render_table("services", [service()], NOW, TableOptions(no_headers=True)) == (
        "nginx   ClusterIP   10.96.184.249   <none>   80/TCP   13s\n")
    assert render_table("services", [], NOW) == ""


def test_tabwriter_blocks_and_minimum_width():
    # a line without a tab ends the column block, as in Go's text/tabwriter
    assert align("a\tb\nccc\td\nplain\nxx\ty\n") == "a    b\nccc  d\nplain\nxx  y\n"
    assert align("IP\tX\n", minwidth=6, padding=3) == "IP    X\n"
    w = TabWriter(minwidth=6, padding=3, remember_widths=True)
    w.write("NAME\tAGE\nlongername\t1s\n")
    w.flush()
    w.write("a\t2s\n")
    assert w.flush() == "a            2s\n"
