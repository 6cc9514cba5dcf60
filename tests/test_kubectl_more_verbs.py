"""annotate, patch, replace, wait, attach, top and the known-but-unsimulated commands, as transcripts."""
from __future__ import annotations

import pytest


def ok(sh, line: str) -> str:
    r = sh.run(line)
    assert r.exit_code == 0, r.output
    return r.output


def fails(sh, line: str, code: int = 1) -> str:
    r = sh.run(line)
    assert r.exit_code == code, r.output
    return r.output


@pytest.fixture
def web(sh):
    """A deployment `nginx` (2 replicas, ready) behind a ClusterIP service `nginx`."""
    ok(sh, "kubectl create deployment nginx --image=nginx --replicas=2")
    ok(sh, "kubectl expose deployment nginx --port=80")
    sh.advance(30)
    return sh


# ---- annotate ---------------------------------------------------------------------------------

def test_annotate_adds_overwrites_lists_and_removes(web):
    sh = web
    assert ok(sh, "kubectl annotate service nginx owner='team web'") == "service/nginx annotated\n"
    assert fails(sh, "kubectl annotate svc nginx owner=ops") == (
        "error: --overwrite is false but found the following declared annotation(s): "
        "'owner' already has a value (team web)\n")
    # even the same value counts as an overwrite
    assert fails(sh, "kubectl annotate svc nginx owner='team web'").startswith("error: --overwrite is false")
    assert ok(sh, "kubectl annotate svc nginx owner=ops --overwrite") == "service/nginx annotated\n"
    assert ok(sh, "kubectl annotate svc/nginx note=x") == "service/nginx annotated\n"
    assert ok(sh, "kubectl annotate svc nginx --list") == "note=x\nowner=ops\n"
    assert ok(sh, "kubectl annotate svc nginx owner- note-") == "service/nginx annotated\n"
    assert "annotations" not in sh.cluster.get("services", "default", "nginx")["metadata"]


def test_annotate_errors_as_kubectl_words_them(web):
    sh = web
    assert fails(sh, "kubectl annotate svc nginx") == "error: at least one annotation update is required\n"
    assert fails(sh, "kubectl annotate a=b") == (
        "error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n")
    assert fails(sh, "kubectl annotate svc nginx a=b c") == (
        "error: all resources must be specified before annotation changes: c\n")
    assert fails(sh, "kubectl annotate svc nginx a=b a-") == (
        "error: can not both modify and remove the following annotation(s) in the same command: a\n")
    assert fails(sh, "kubectl annotate svc nope a=b") == 'Error from server (NotFound): services "nope" not found\n'
    assert fails(sh, "kubectl annotate svc nginx 'bad key=1'").startswith(
        'The Service "nginx" is invalid: metadata.annotations: Invalid value: "bad key": name part must consist')
    assert fails(sh, "kubectl annotate svc nginx a=b --list -o yaml") == (
        "error: --list and --output may not be specified together\n")


def test_annotate_by_selector_and_dry_run(web):
    sh = web
    out = ok(sh, "kubectl annotate pods -l app=nginx checked=yes")
    assert out.count(" annotated\n") == 2 and out.startswith("pod/nginx-")
    assert ok(sh, "kubectl annotate deploy nginx a=b --dry-run=client") == "deployment.apps/nginx annotated (dry run)\n"
    assert "annotations" not in sh.cluster.get("deployments", "default", "nginx")["metadata"] or \
        "a" not in sh.cluster.get("deployments", "default", "nginx")["metadata"]["annotations"]
    listing = ok(sh, "kubectl annotate pods -l app=nginx --list")
    assert listing.startswith("Listing annotations for Pod./nginx-") and "\n checked=yes\n" in listing


# ---- patch ------------------------------------------------------------------------------------

def test_patch_to_nodeport_allocates_a_node_port(web):
    sh = web
    assert ok(sh, """kubectl patch service nginx -p '{"spec":{"type":"NodePort"}}'""") == "service/nginx patched\n"
    port = sh.cluster.get("services", "default", "nginx")["spec"]["ports"][0]
    assert 30000 <= port["nodePort"] <= 32767
    assert f"80:{port['nodePort']}/TCP" in ok(sh, "kubectl get svc nginx")
    assert ok(sh, """kubectl patch svc nginx -p '{"spec":{"type":"NodePort"}}'""") == (
        "service/nginx patched (no change)\n")
    # back to ClusterIP: the node port the user left alone goes with the type
    assert ok(sh, "kubectl patch svc nginx -p 'spec: {type: ClusterIP}'") == "service/nginx patched\n"
    assert "nodePort" not in sh.cluster.get("services", "default", "nginx")["spec"]["ports"][0]


def test_strategic_merge_merges_containers_by_name_and_ports_by_port(web):
    sh = web
    ok(sh, """kubectl patch deploy nginx -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.23"}]}}}}'""")
    [container] = sh.cluster.get("deployments", "default", "nginx")["spec"]["template"]["spec"]["containers"]
    # merged into the live container: fields the patch does not name are kept
    assert container["image"] == "nginx:1.23" and container["imagePullPolicy"] == "Always"
    assert container["terminationMessagePath"] == "/dev/termination-log"
    ok(sh, """kubectl patch svc nginx -p '{"spec":{"ports":[{"port":80,"targetPort":8080}]}}'""")
    ports = sh.cluster.get("services", "default", "nginx")["spec"]["ports"]
    assert ports == [{"port": 80, "protocol": "TCP", "targetPort": 8080}]
    assert fails(sh, """kubectl patch svc nginx -p '{"spec":{"ports":[{"targetPort":9090}]}}'""") == (
        "Error from server: map: map[targetPort:9090] does not contain declared merge key: port\n")


def test_merge_and_json_patches(web):
    sh = web
    ok(sh, "kubectl label deploy nginx tier=web")
    assert ok(sh, """kubectl patch deploy nginx --type merge -p '{"metadata":{"labels":{"tier":null}}}'""") == (
        "deployment.apps/nginx patched\n")
    assert "tier" not in sh.cluster.get("deployments", "default", "nginx")["metadata"]["labels"]
    assert ok(sh, """kubectl patch deploy nginx --type=json -p='[{"op":"replace","path":"/spec/replicas","value":3}]'""") == (
        "deployment.apps/nginx patched\n")
    assert sh.cluster.get("deployments", "default", "nginx")["spec"]["replicas"] == 3
    assert fails(sh, """kubectl patch deploy nginx --type json -p '[{"op":"remove","path":"/spec/nothere"}]'""") == (
        "The request is invalid: the server rejected our request due to an error in our request\n")
    assert fails(sh, """kubectl patch deploy nginx --type json -p '{"op":"remove"}'""") == (
        "Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch\n")
    assert ok(sh, """kubectl patch deploy nginx --type json -p '[{"op":"add","path":"/metadata/labels/x","value":"y"}]' -o name""") == (
        "deployment.apps/nginx\n")


def test_patch_errors_worded_like_kubectl_and_the_server(web):
    sh = web
    assert fails(sh, "kubectl patch svc nginx") == (
        "error: must specify --patch or --patch-file containing the contents of the patch\n")
    assert fails(sh, "kubectl patch svc nginx --type foo -p '{}'") == (
        'error: --type must be one of [json merge strategic], not "foo"\n')
    assert fails(sh, """kubectl patch svc nginx -p '{"spec":'""") == (
        'error: unable to parse "{\\"spec\\":": yaml: did not find expected node content\n')
    # the shell ate the quotes: go-yaml cannot read `spec:{`
    assert fails(sh, """kubectl patch svc nginx -p {"spec":{"type":"NodePort"}}""") == (
        "error: unable to parse \"{spec:{type:NodePort}}\": yaml: did not find expected ',' or '}'\n")
    assert fails(sh, """kubectl patch deploy nginx -p '{"spec":{"replicas":"3"}}'""") == (
        'The request is invalid: patch: Invalid value: "map[spec:map[replicas:3]]": unrecognized type: int32\n')
    assert fails(sh, """kubectl patch svc nginx -p '"x"'""") == (
        "Error from server (BadRequest): json: cannot unmarshal string into Go value of type map[string]interface {}\n")
    assert fails(sh, """kubectl patch svc nginx -p '{"spec":{"type":"Nope"}}'""") == (
        'The Service "nginx" is invalid: spec.type: Unsupported value: "Nope": supported values: '
        '"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"\n')
    assert fails(sh, """kubectl patch svc nope -p '{}'""") == 'Error from server (NotFound): services "nope" not found\n'
    assert fails(sh, "kubectl patch svc -p '{}'") == "error: resource(s) were provided, but no name was specified\n"


def test_patch_dry_run_changes_nothing(web):
    sh = web
    assert ok(sh, """kubectl patch deploy nginx -p '{"spec":{"replicas":5}}' --dry-run=client""") == (
        "deployment.apps/nginx patched (dry run)\n")
    assert ok(sh, """kubectl patch deploy nginx -p '{"spec":{"replicas":5}}' --dry-run=server""") == (
        "deployment.apps/nginx patched (server dry run)\n")
    assert sh.cluster.get("deployments", "default", "nginx")["spec"]["replicas"] == 2


# ---- replace ----------------------------------------------------------------------------------

def test_replace_from_a_file(web):
    sh = web
    ok(sh, "kubectl get svc nginx -o yaml > svc.yaml")
    ok(sh, "sed -i 's/type: ClusterIP/type: NodePort/' svc.yaml")
    assert ok(sh, "kubectl replace -f svc.yaml") == "service/nginx replaced\n"
    spec = sh.cluster.get("services", "default", "nginx")["spec"]
    assert spec["type"] == "NodePort" and spec["ports"][0]["nodePort"] >= 30000
    # the file still carries the old resourceVersion
    assert fails(sh, "kubectl replace -f svc.yaml") == (
        'Error from server (Conflict): error when replacing "svc.yaml": Operation cannot be fulfilled on '
        'services "nginx": the object has been modified; please apply your changes to the latest version '
        "and try again\n")
    ok(sh, "kubectl delete svc nginx")
    assert fails(sh, "kubectl replace -f svc.yaml") == (
        'Error from server (NotFound): error when replacing "svc.yaml": services "nginx" not found\n')
    assert fails(sh, "kubectl replace") == (
        "error: Must specify --filename to replace\nSee 'kubectl replace -h' for help and examples\n")


def test_replace_force_deletes_then_creates(web):
    sh = web
    ok(sh, "kubectl run bb --image=busybox -- sleep 3600")
    sh.advance(10)
    ok(sh, "kubectl get pod bb -o yaml > pod.yaml")
    uid = sh.cluster.get("pods", "default", "bb")["metadata"]["uid"]
    assert ok(sh, "kubectl replace --force -f pod.yaml") == 'pod "bb" deleted\npod/bb replaced\n'
    assert sh.cluster.get("pods", "default", "bb")["metadata"]["uid"] != uid
    assert fails(sh, "kubectl replace -f pod.yaml --grace-period=0") == (
        "error: --grace-period must have --force specified\n")


# ---- wait ----------------------------------------------------------------------------------------

def test_wait_skips_time_until_the_condition_holds(sh):
    ok(sh, "kubectl create deployment web --image=nginx --replicas=2")
    before = sh.cluster.clock.now()
    assert ok(sh, "kubectl wait --for=condition=available deploy/web") == "deployment.apps/web condition met\n"
    assert sh.cluster.clock.now() > before
    out = ok(sh, "kubectl wait --for=condition=Ready pod -l app=web --timeout=60s")
    assert out.count(" condition met\n") == 2 and out.startswith("pod/web-")
    out = ok(sh, "kubectl wait --for=jsonpath='{.status.phase}'=Running pod -l app=web")
    assert out.count(" condition met\n") == 2


def test_wait_times_out_after_the_timeout(sh):
    ok(sh, "kubectl run bb --image=busybox -- sleep 3600")
    before = sh.cluster.clock.now()
    assert fails(sh, "kubectl wait --for=delete pod/bb --timeout=5s") == (
        "error: timed out waiting for the condition on pods/bb\n")
    assert sh.cluster.clock.now() - before == pytest.approx(5, abs=0.1)
    assert fails(sh, "kubectl wait --for=condition=Ready=false pod/bb --timeout=0") == (
        "error: timed out waiting for the condition on pods/bb\n")


def test_wait_for_delete(sh):
    ok(sh, "kubectl run bb --image=busybox -- sleep 3600")
    sh.advance(10)
    ok(sh, "kubectl delete pod bb --wait=false")
    assert ok(sh, "kubectl wait --for=delete pod/bb --timeout=60s") == "pod/bb condition met\n"
    assert sh.cluster.find("pods", "default", "bb") is None
    assert ok(sh, "kubectl wait --for=delete pod/bb") == ""


def test_wait_errors(sh):
    assert fails(sh, "kubectl wait pod/x") == 'error: unrecognized condition: ""\n'
    assert fails(sh, "kubectl wait --for=condition=Ready pod/x") == 'Error from server (NotFound): pods "x" not found\n'
    assert fails(sh, "kubectl wait --for=condition=Ready pod -l app=none") == "error: no matching resources found\n"
    assert fails(sh, "kubectl wait --for=jsonpath=x pod/a") == (
        "error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3\n")
    assert fails(sh, "kubectl wait --for=condition=Ready").startswith(
        "error: You must provide one or more resources by argument or filename.")
    assert fails(sh, "kubectl wait --for=delete pod/a --timeout=x") == (
        'error: invalid argument "x" for "--timeout" flag: time: invalid duration "x"\n'
        "See 'kubectl wait --help' for usage.\n")


# ---- attach -------------------------------------------------------------------------------------

def test_attach_enters_a_shell_main_process(sh):
    ok(sh, "kubectl run bb --image=busybox -it -- sh")
    assert ok(sh, "exit").startswith("Session ended, resume using 'kubectl attach bb -c bb -i -t'")
    sh.advance(15)
    r = sh.run("kubectl attach bb -it")
    assert r.exit_code == 0 and r.output == "If you don't see a command prompt, try pressing enter.\n"
    assert ok(sh, "hostname") == "bb\n"
    assert ok(sh, "exit") == ("Session ended, resume using 'kubectl attach bb -c bb -i -t' command when the "
                              "pod is running\n")


def test_attach_to_a_server_process_says_it_cannot_stream(web):
    sh = web
    out = ok(sh, "kubectl attach deploy/nginx -it")
    lines = out.splitlines()
    assert lines[0] == "error: Unable to use a TTY - container nginx did not allocate one"
    assert lines[1] == "If you don't see a command prompt, try pressing enter."
    assert lines[2].startswith("kubetutor: ") and "kubectl logs -f nginx-" in lines[2]
    assert fails(sh, "kubectl attach") == "error: at least 1 argument is required for attach\n"
    assert fails(sh, "kubectl attach a b c") == (
        "error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw 3: [a b c]\n")
    assert fails(sh, "kubectl attach nope") == 'Error from server (NotFound): pods "nope" not found\n'


# ---- top, api-versions and the commands we do not simulate ------------------------------------

def test_top_has_no_metrics_api(sh):
    assert fails(sh, "kubectl top pod") == "error: Metrics API not available\n"
    assert fails(sh, "kubectl top nodes") == "error: Metrics API not available\n"
    assert "Available Commands:\n  node " in fails(sh, "kubectl top")


@pytest.mark.parametrize("line, hint", [
    ("kubectl edit svc nginx", "kubectl patch"),
    ("kubectl port-forward svc/nginx 8080:80", "curl"),
    ("kubectl proxy", "curl"),
    ("kubectl cp pod:/etc/hosts hosts", "kubectl exec"),
    ("kubectl autoscale deploy nginx --max=5", "kubectl scale"),
    ("kubectl drain kubeadm-worker --ignore-daemonsets", "not simulated"),
    ("kubectl debug pod/x -it --image=busybox", "kubectl exec"),
    ("kubectl completion bash", "Tab"),
    ("kubectl alpha events", "kubectl get events"),
])
def test_unsimulated_commands_are_known_and_honest(sh, line, hint):
    out = fails(sh, line)
    assert out.startswith("kubetutor: ") and out.count("\n") == 1 and hint in out
    assert "unknown command" not in out


def test_root_help_lists_every_1_24_command_in_its_group(sh):
    text = ok(sh, "kubectl help")
    assert "Basic Commands (Intermediate):\n  explain       " in text and "\n  edit          " in text
    for name in ("annotate", "patch", "replace", "wait", "attach", "top", "port-forward", "proxy", "cp",
                 "auth", "debug", "diff", "kustomize", "completion", "cordon", "uncordon", "drain", "taint",
                 "certificate", "autoscale", "alpha", "api-versions", "plugin"):
        assert f"\n  {name} " in text, name
    assert "unknown command" in fails(sh, "kubectl convert -f x.yaml")


def test_api_versions_and_plugins(sh):
    assert ok(sh, "kubectl api-versions") == "apps/v1\ndiscovery.k8s.io/v1\nv1\n"
    assert fails(sh, "kubectl plugin list") == "error: unable to find any kubectl plugins in your PATH\n"


def test_set_selector_replaces_a_service_selector_and_moves_its_endpoints(sh):
    sh.run("kubectl create deploy shop --image=nginx")
    sh.run("kubectl create service clusterip shop --tcp=80:80")
    sh.run("kubectl set selector svc shop app=nothing")
    sh.advance(10)
    assert sh.run("kubectl get ep shop").output.splitlines()[1].split()[1] == "<none>"
    r = sh.run("kubectl set selector svc shop app=shop")
    assert (r.output, r.exit_code) == ("service/shop selector updated\n", 0)
    assert sh.cluster.get("services", "default", "shop")["spec"]["selector"] == {"app": "shop"}
    assert sh.run("kubectl get ep shop").output.splitlines()[1].split()[1].endswith(":80")
    r = sh.run("kubectl set selector svc shop")
    assert r.exit_code == 1 and r.output == "error: at least one selector must be specified\n"
