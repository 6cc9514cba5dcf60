"""kubectl verbs as terminal transcripts: create, run, label, apply, logs, exec, config, rollout."""
from __future__ import annotations

import pytest

from webapp.cluster.clock import ManualClock
from webapp.shell.terminal import Terminal


class T:
    def __init__(self) -> None:
        self.clock = ManualClock()
        self.term = Terminal.new(7, self.clock)

    def __call__(self, line: str, code: int = 0) -> str:
        r = self.term.run(line)
        assert r.exit_code == code, r.output
        return r.output


@pytest.fixture
def k() -> T:
    t = T()
    t("kubectl create namespace test")
    t("kubectl config set-context --current --namespace=test")
    return t


def test_config_views(k):
    assert k("kubectl config current-context") == "kubernetes-admin@kubernetes\n"
    assert k("kubectl config get-contexts") == (
        "CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n"
        "*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   test\n")
    view = k("kubectl config view")
    assert "    certificate-authority-data: DATA+OMITTED\n    server: https://192.168.0.11:6443\n" in view
    assert "- context:\n    cluster: kubernetes\n    namespace: test\n    user: kubernetes-admin\n" in view
    assert "    client-key-data: REDACTED\n" in view
    assert k("kubectl config use-context nope", 1) == 'error: no context exists with the name: "nope"\n'
    assert k("kubectl config set-context dev --namespace=x") == 'Context "dev" created.\n'
    assert k("kubectl config use-context dev") == 'Switched to context "dev".\n'


def test_version_and_api_resources(k):
    out = k("kubectl version --short")
    assert out == "Client Version: v1.24.3\nKustomize Version: v4.5.4\nServer Version: v1.24.3\n"
    assert k("kubectl version --client").startswith("WARNING: This version information is deprecated")
    table = k("kubectl api-resources")
    assert table.splitlines()[0] == "NAME              SHORTNAMES   APIVERSION            NAMESPACED   KIND"
    assert "deployments       deploy       apps/v1               true         Deployment\n" in table
    assert k("kubectl api-resources -o name").splitlines()[-1] == "endpointslices.discovery.k8s.io"


def test_create_generators_dry_run(k):
    assert k("kubectl create service nodeport web --tcp=80:8080 --dry-run=client -o yaml") == (
        "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: web\n"
        "  name: web\nspec:\n  ports:\n  - name: 80-8080\n    port: 80\n    protocol: TCP\n    targetPort: 8080\n"
        "  selector:\n    app: web\n  type: NodePort\nstatus:\n  loadBalancer: {}\n")
    assert k("kubectl create configmap cfg --from-literal=a=1 -o name") == "configmap/cfg\n"
    assert k("kubectl create cm bad --from-literal=novalue", 1) == (
        "error: invalid literal source novalue, expected key=value\n")
    assert k("kubectl create service clusterip x", 1) == "error: at least one tcp port specifier must be provided\n"
    assert k("kubectl create deploy a b --image=nginx", 1) == (
        "error: exactly one NAME is required, got 2\nSee 'kubectl create deployment -h' for help and examples\n")
    assert k("kubectl create deploy web --image=nginx --port=80 -o name") == "deployment.apps/web\n"
    assert k("kubectl create deploy web --image=nginx", 1) == (
        'error: failed to create deployment: deployments.apps "web" already exists\n')


def test_create_deploy_builds_the_object_kubectl_sends(k):
    k("kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity")
    dep = k.term.cluster.get("deployments", "test", "debugger")
    container = dep["spec"]["template"]["spec"]["containers"][0]
    assert container["name"] == "debugger" and container["command"] == ["sleep", "infinity"]
    assert dep["metadata"]["labels"] == {"app": "debugger"}
    assert "ports" not in container


def test_expose_introspects_container_ports(k):
    k("kubectl create deploy web --image=nginx --port=8080")
    assert k("kubectl expose deploy web") == "service/web exposed\n"
    svc = k.term.cluster.get("services", "test", "web")
    assert svc["spec"]["ports"][0]["port"] == 8080 and svc["spec"]["ports"][0]["targetPort"] == 8080
    assert k("kubectl expose cm x --port=1", 1) == 'Error from server (NotFound): configmaps "x" not found\n'
    k("kubectl create cm x")
    assert k("kubectl expose cm x --port=1", 1) == "error: cannot expose a ConfigMap\n"
    assert k("kubectl expose deploy", 1) == "error: resource(s) were provided, but no name was specified\n"
    k("kubectl expose deploy web --cluster-ip=None --name=headless")
    assert k.term.cluster.get("services", "test", "headless")["spec"]["clusterIP"] == "None"


def test_run_and_label(k):
    assert k("kubectl run web --image=nginx --port=80 --labels=app=web,tier=fe") == "pod/web created\n"
    assert k("kubectl run", 1) == "error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n"
    assert k("kubectl run x", 1) == "error: --image is required\n"
    assert k("kubectl run x --image=nginx --rm", 1) == "error: --rm should only be used for attached containers\n"
    assert k("kubectl label pod web env=prod") == "pod/web labeled\n"
    assert k("kubectl label pod web app=other", 1) == (
        "error: 'app' already has a value (web), and --overwrite is false\n")
    assert k("kubectl label pod web app=other --overwrite") == "pod/web labeled\n"
    assert k("kubectl label pod web env-") == "pod/web unlabeled\n"
    assert k("kubectl label pod web app=other") == "pod/web not labeled\n"
    assert k.term.cluster.get("pods", "test", "web")["metadata"]["labels"] == {"app": "other", "tier": "fe"}
    assert k("kubectl label pod web a=b c", 1) == "error: all resources must be specified before label changes: c\n"


def test_apply_heredoc_created_configured_unchanged(k):
    manifest = ("kubectl apply -f - <<EOF\n"
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {n}\n"
                "  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n"
                "    spec:\n      containers:\n      - name: web\n        image: nginx\n"
                "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {{app: web}}\n"
                "  ports:\n  - port: 80\nEOF")
    assert k(manifest.format(n=1)) == "deployment.apps/web created\nservice/web created\n"
    assert k(manifest.format(n=1)) == "deployment.apps/web unchanged\nservice/web unchanged\n"
    assert k(manifest.format(n=3)) == "deployment.apps/web configured\nservice/web unchanged\n"
    assert k.term.cluster.get("deployments", "test", "web")["spec"]["replicas"] == 3


def test_apply_errors(k):
    assert k("kubectl apply -f nothere.yaml", 1) == 'error: the path "nothere.yaml" does not exist\n'
    assert k("kubectl apply", 1) == "error: must specify one of -f and -k\n"
    out = k("kubectl apply -f - <<EOF\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  prots: []\nEOF", 1)
    assert out == ('error: error validating "STDIN": error validating data: ValidationError(Service.spec): unknown '
                   'field "prots" in io.k8s.api.core.v1.ServiceSpec; if you choose to ignore these errors, turn '
                   "validation off with --validate=false\n")
    out = k("kubectl apply -f - <<EOF\napiVersion: v1\nkind: Gadget\nmetadata:\n  name: s\nEOF", 1)
    assert out == 'error: unable to recognize "STDIN": no matches for kind "Gadget" in version "v1"\n'
    deep = "a: " + "[" * 200 + "]" * 200
    out = k(f"kubectl apply -f - <<EOF\n{deep}\nEOF", 1)
    assert "nested deeper than this session allows" in out


def test_logs_and_exec(k):
    k("kubectl create deploy nginx --image=nginx")
    pod = k.term.cluster.list("pods", "test")[0]["metadata"]["name"]
    waiting = k(f"kubectl logs {pod}", 1)
    assert waiting == (f'Error from server (BadRequest): container "nginx" in pod "{pod}" is waiting to start: '
                       "ContainerCreating\n")
    assert k(f"kubectl exec {pod} -- ls", 1) == 'error: unable to upgrade connection: container not found ("nginx")\n'
    k.clock.advance(30)
    assert "start worker processes" in k("kubectl logs deploy/nginx")
    assert len(k("kubectl logs -l app=nginx --prefix").splitlines()) == 10
    assert k(f"kubectl logs {pod} --tail=1").count("\n") == 1
    assert k("kubectl exec deploy/nginx -- sh -c 'exit 4'", 4) == "command terminated with exit code 4\n"
    assert k(f"kubectl exec {pod} ls /usr") == (
        "kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. "
        "Use kubectl exec [POD] -- [COMMAND] instead.\n" + k(f"kubectl exec {pod} -- ls /usr"))
    assert k("kubectl exec", 1).startswith("error: expected 'exec (POD | TYPE/NAME)")
    assert k("kubectl exec nope -- ls", 1) == 'Error from server (NotFound): pods "nope" not found\n'
    r = k.term.run("kubectl exec -it deploy/nginx -- sh")
    assert r.exit_code == 0 and r.context.startswith("pod/test/nginx-")


def test_scale_delete_and_rolling_update_state(k):
    k("kubectl create deploy nginx --image=nginx")
    k.clock.advance(30)
    assert k("kubectl scale deploy nginx --replicas=3") == "deployment.apps/nginx scaled\n"
    k.clock.advance(30)
    assert len(k.term.cluster.list("pods", "test")) == 3
    assert k("kubectl rollout status deploy/nginx") == 'deployment "nginx" successfully rolled out\n'
    assert k("kubectl set image deploy/nginx nginx=nginx:1.23") == "deployment.apps/nginx image updated\n"
    assert k("kubectl rollout status deploy/nginx").startswith('Waiting for deployment "nginx" rollout to finish')
    assert len(k.term.cluster.list("replicasets", "test")) == 2
    k.clock.advance(120)
    assert k("kubectl rollout status deploy/nginx") == 'deployment "nginx" successfully rolled out\n'
    images = {p["spec"]["containers"][0]["image"] for p in k.term.cluster.list("pods", "test")
              if not p["metadata"].get("deletionTimestamp")}
    assert images == {"nginx:1.23"}
    assert k("kubectl rollout undo deploy/nginx") == "deployment.apps/nginx rolled back\n"
    assert k("kubectl scale deploy nginx --replicas=-1", 1) == (
        "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n")
    pods = len(k.term.cluster.list("pods", "test"))
    assert k("kubectl delete pods --all").count(" deleted\n") == pods
    assert k("kubectl delete deploy nginx svc/x", 1) == (
        "error: there is no need to specify a resource type as a separate argument when passing arguments in "
        "resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource "
        "resource/<resource_name>'\n")
    assert k("kubectl delete deploy/nginx") == 'deployment.apps "nginx" deleted\n'
    assert k("kubectl delete svc nope", 1) == 'Error from server (NotFound): services "nope" not found\n'
    assert k("kubectl delete pods -l app=none") == "No resources found\n"
