"""`kubectl get` through the terminal: the golden messages, streams' text and exit codes."""
import pytest


@pytest.fixture
def ns_test(sh):
    sh("kubectl create namespace test")
    sh("kubectl config set-context --current --namespace=test")
    return sh


def test_no_resources_golden(ns_test):
    r = ns_test.run("kubectl get pods")
    assert (r.output, r.exit_code) == ("No resources found in test namespace.\n", 0)
    r = ns_test.run("kubectl get pods -o yaml")
    assert r.output == 'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n'


def test_notfound_and_unknown_type_goldens(ns_test):
    assert ns_test.run("kubectl get svc x").output == 'Error from server (NotFound): services "x" not found\n'
    r = ns_test.run("kubectl get deploy x")
    assert (r.output, r.exit_code) == ('Error from server (NotFound): deployments.apps "x" not found\n', 1)
    r = ns_test.run("kubectl get foo")
    assert (r.output, r.exit_code) == ('error: the server doesn\'t have a resource type "foo"\n', 1)


def test_get_without_type(sh):
    r = sh.run("kubectl get")
    assert r.exit_code == 1
    assert r.output == (
        'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of '
        "supported resources.\n\nerror: Required resource not specified.\n"
        'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain '
        "pods).\nSee 'kubectl get -h' for help and examples\n")


def test_found_names_printed_before_notfound(sh):
    r = sh.run("kubectl get svc kubernetes x")
    lines = r.output.splitlines()
    assert lines[0].split() == ["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"]
    assert lines[1].split()[:3] == ["kubernetes", "ClusterIP", "10.96.0.1"]
    assert lines[2] == 'Error from server (NotFound): services "x" not found'
    assert r.exit_code == 1


def test_several_kinds_prefixed_with_blank_line(ns_test):
    ns_test("kubectl create deploy nginx --image=nginx")
    ns_test.advance(20)
    ns_test("kubectl expose deploy nginx --port=80 --target-port=80")
    out = ns_test("kubectl get svc,ep")
    tables = out.split("\n\n")
    assert len(tables) == 2
    assert tables[0].splitlines()[1].startswith("service/nginx   ClusterIP   ")
    assert tables[1].splitlines()[0].split() == ["NAME", "ENDPOINTS", "AGE"]
    assert tables[1].splitlines()[1].startswith("endpoints/nginx   10.244.")
    heads = [t.splitlines()[1].split()[0].split("/")[0] for t in ns_test("kubectl get all").split("\n\n")]
    assert heads == ["pod", "service", "deployment.apps", "replicaset.apps"]


def test_output_formats_through_get(sh):
    assert sh("kubectl get svc kubernetes -o jsonpath={.spec.clusterIP}") == "10.96.0.1"
    assert sh("kubectl get svc -A -o name") == "service/kubernetes\nservice/kube-dns\n"
    assert sh("kubectl get svc kubernetes -o yaml").startswith("apiVersion: v1\nkind: Service\nmetadata:\n")
    assert sh("kubectl get svc -o json -n default").startswith('{\n    "apiVersion": "v1",\n    "items": [\n')
    r = sh.run("kubectl get svc -o x")
    assert r.exit_code == 1 and r.output.startswith('error: unable to match a printer suitable for the output format "x"')
    out = sh("kubectl get pods -n kube-system -o custom-columns=NAME:.metadata.name --sort-by=.metadata.name")
    assert out.splitlines()[0] == "NAME" and out.splitlines()[1].startswith("coredns-")


def test_selectors_labels_and_namespaces(sh):
    out = sh("kubectl get pods -A -l k8s-app=kube-dns -L k8s-app")
    lines = out.splitlines()
    assert lines[0].split() == ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "AGE", "K8S-APP"]
    assert len(lines) == 3 and all(line.endswith("kube-dns") for line in lines[1:])
    assert sh("kubectl get ns default --show-labels").splitlines()[1].endswith("kubernetes.io/metadata.name=default")
    assert sh("kubectl get svc -A --field-selector metadata.name=kube-dns --no-headers").startswith("kube-system   kube-dns")
    r = sh.run("kubectl get pods -A --field-selector foo=bar")
    assert r.output == ('Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label '
                        'selector "", field selector "foo=bar": field label not supported: foo\n')
    r = sh.run("kubectl get nodes -o wide")
    assert r.output.splitlines()[0].split()[-5:] == ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION",
                                                     "CONTAINER-RUNTIME"]
    assert r.output.splitlines()[1].split()[1:3] == ["Ready", "control-plane"]


def test_describe_through_terminal(ns_test):
    ns_test("kubectl create deploy nginx --image=nginx")
    ns_test.advance(20)
    out = ns_test("kubectl describe deploy nginx")
    assert out.startswith("Name:                   nginx\nNamespace:              test\n")
    assert "  Normal  ScalingReplicaSet  20s   deployment-controller  Scaled up replica set nginx-" in out
    by_prefix = ns_test("kubectl describe pod nginx")
    assert by_prefix.startswith("Name:         nginx-") and by_prefix.endswith("\n\n")
    r = ns_test.run("kubectl describe svc nope")
    assert (r.output, r.exit_code) == ('Error from server (NotFound): services "nope" not found\n', 1)
    assert ns_test("kubectl describe ns default").endswith("Status:       Active\n\nNo resource quota.\n\n"
                                                         "No LimitRange resource.\n")
