"""`-o go-template` (Go's text/template as kubectl applies it) and `-f URL` without internet."""
import pytest

from webapp.shell.kubectl.printers.gotemplate import (TemplateExecError, TemplateParseError,
                                                      compile_template, execute, to_template_data)


def render(text: str, obj, allow_missing: bool = True) -> str:
    return execute(compile_template(text), text, to_template_data(obj), allow_missing)


def exec_error(text: str, obj) -> TemplateExecError:
    with pytest.raises(TemplateExecError) as info:
        render(text, obj)
    return info.value


def parse_error(text: str) -> str:
    with pytest.raises(TemplateParseError) as info:
        compile_template(text)
    return str(info.value)


SVC = {"kind": "Service", "metadata": {"name": "web", "labels": {"app": "web"}},
       "spec": {"ports": [{"port": 80, "nodePort": 30080, "protocol": "TCP"}], "clusterIP": "10.96.1.2"}}


# ---- through kubectl ---------------------------------------------------------------------------

@pytest.fixture
def hostnames(sh):
    sh("kubectl create deployment hostnames --image=registry.k8s.io/serve_hostname --replicas=3")
    sh.advance(60)
    return sh


def test_debug_services_pod_ips(hostnames):
    """The Debug Services page: one pod IP per line, in the order kubectl lists the pods."""
    ips = hostnames("kubectl get pods -l app=hostnames -o jsonpath='{.items[*].status.podIP}'").split()
    assert len(ips) == 3
    r = hostnames.run("""kubectl get pods -l app=hostnames -o go-template='{{range .items}}{{.status.podIP}}{{"\\n"}}{{end}}'""")
    assert (r.output, r.exit_code) == ("".join(ip + "\n" for ip in ips), 0)


def test_kubernetes_basics_node_port(sh):
    sh("kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1")
    sh("kubectl expose deployment/kubernetes-bootcamp --type=NodePort --port 8080")
    port = sh("kubectl get svc kubernetes-bootcamp -o jsonpath='{.spec.ports[0].nodePort}'")
    assert port.isdigit()
    r = sh.run("kubectl get services/kubernetes-bootcamp -o go-template='{{(index .spec.ports 0).nodePort}}'")
    assert (r.output, r.exit_code) == (port, 0)
    names = sh("""kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'""")
    assert names.startswith("kubernetes-bootcamp-") and names.count("\n") == 1


def test_parse_error_wording(sh):
    r = sh.run("kubectl get svc kubernetes -o go-template='{{.x}'")
    assert (r.output, r.exit_code) == (
        'error: error parsing template {{.x}, template: output:1: unexpected "}" in operand\n', 1)


def test_exec_error_prints_debug_dump_then_error(sh):
    r = sh.run("kubectl get svc kubernetes -o go-template='{{.spec.type}} {{.metadata.name.first}}'")
    assert r.exit_code == 1
    msg = ('template: output:1:17: executing "output" at <.metadata.name.first>: '
           "can't evaluate field first in type interface {}")
    assert r.output.startswith(f"ClusterIP Error executing template: {msg}. Printing more information for "
                               "debugging the template:\n\ttemplate was:\n\t\t{{.spec.type}} {{.metadata.name.first}}\n"
                               '\traw data was:\n\t\t{"apiVersion":"v1","kind":"Service",')
    assert "\tobject given to template engine was:\n\t\tmap[apiVersion:v1 kind:Service metadata:map[" in r.output
    assert "ports:[map[name:https port:443 protocol:TCP targetPort:6443]]" in r.output
    assert r.output.endswith(
        f'\n\nerror: error executing template "{{{{.spec.type}}}} {{{{.metadata.name.first}}}}": {msg}\n')


def test_missing_keys_and_allow_missing_flag(sh):
    assert sh("kubectl get svc kubernetes -o go-template='{{.spec.nothere.deeper}}'") == "<no value>"
    r = sh.run("kubectl get svc kubernetes --allow-missing-template-keys=false -o go-template='{{.spec.nothere}}'")
    assert r.exit_code == 1
    assert r.output.endswith('executing "output" at <.spec.nothere>: map has no entry for key "nothere"\n')


def test_template_file_and_flags(sh):
    sh("echo '{{.kind}}/{{.metadata.name}}' > t.tmpl")
    assert sh("kubectl get svc kubernetes -o go-template-file=t.tmpl") == "Service/kubernetes\n"
    assert sh("kubectl get svc kubernetes -o templatefile=t.tmpl") == "Service/kubernetes\n"
    assert sh("kubectl get svc kubernetes --template='{{.kind}}'") == "Service"
    assert sh("kubectl get svc kubernetes -o go-template-file=nope") == (
        "error: error reading --template nope, open nope: no such file or directory\n")
    assert sh("kubectl get svc kubernetes -o go-template") == "error: template format specified but no template given\n"


def test_other_verbs_print_with_go_template(sh):
    out = sh("kubectl create deployment web --image=nginx --dry-run=client -o go-template='{{.kind}} {{.spec.replicas}}'")
    assert out == "Deployment 1"


# ---- the template language ---------------------------------------------------------------------

def test_numbers_print_as_go_prints_float64():
    assert render("{{.a}} {{.b}} {{.c}} {{.d}}", {"a": 80, "b": 1000000, "c": 123456, "d": 0.5}) == "80 1e+06 123456 0.5"


def test_values_and_maps_print_like_fmt():
    assert render("{{.spec.ports}}", SVC) == "[map[nodePort:30080 port:80 protocol:TCP]]"
    assert render("{{.x}}|{{.n}}|{{.t}}", {"n": None, "t": True}) == "<no value>|<no value>|true"


def test_control_structures_variables_and_trimming():
    text = """{{- range $i, $p := .spec.ports }}
  {{- if eq $p.protocol "TCP" }}{{ $i }}:{{ $p.port }}{{ else }}other{{ end }}
{{- end }}
{{ with .metadata }}{{ .name }}{{ end }}{{ $n := len .spec.ports }} n={{ $n }}"""
    assert render(text, SVC) == "0:80\nweb n=1"
    assert render("{{range .none}}x{{else}}empty{{end}}", SVC) == "empty"
    assert render('{{range .spec.ports}}{{.port}}{{break}}{{end}}{{/* note */}}', SVC) == "80"
    assert render('{{printf "%s:%d %v %d" .metadata.name 3 .spec.clusterIP .spec.ports}}', SVC) == \
        "web:3 10.96.1.2 %!d([]interface {}=[map[nodePort:30080 port:80 protocol:TCP]])"
    assert render('{{"a" | printf "%s-%s" "b"}} {{index .metadata.labels "app"}} {{ne .kind "Pod"}}', SVC) == "b-a web true"
    assert render('{{define "p"}}[{{.port}}]{{end}}{{template "p" index .spec.ports 0}}', SVC) == "[80]"


@pytest.mark.parametrize(("text", "message"), [
    ("{{.x}", 'template: output:1: unexpected "}" in operand'),
    ("{{.x", "template: output:1: unclosed action"),
    ("{{if .x}}", "template: output:1: unexpected EOF"),
    ("{{end}}", "template: output:1: unexpected {{end}}"),
    ("{{foo .x}}", 'template: output:1: function "foo" not defined'),
    ("{{$y}}", 'template: output:1: undefined variable "$y"'),
    ("{{.a}}\n{{.b | 3}}", "template: output:2: non executable command in pipeline stage 2"),
    ('{{"abc}}', "template: output:1: unterminated quoted string"),
    ("{{break}}", "template: output:1: {{break}} outside {{range}}"),
])
def test_parse_errors(text, message):
    assert parse_error(text) == message


@pytest.mark.parametrize(("text", "message"), [
    ("{{index .spec.ports 3}}", 'template: output:1:2: executing "output" at <index .spec.ports 3>: '
                                "error calling index: index out of range: 3"),
    ("{{.spec.ports.x}}", 'template: output:1:2: executing "output" at <.spec.ports.x>: '
                          "can't evaluate field x in type interface {}"),
    ("{{eq .spec.clusterIP 3}}", 'template: output:1:2: executing "output" at <eq .spec.clusterIP 3>: '
                                 "error calling eq: incompatible types for comparison"),
    ("ok {{len 3}}", 'template: output:1:5: executing "output" at <len 3>: error calling len: len of type int'),
    ("{{range .kind}}{{end}}", 'template: output:1:8: executing "output" at <.kind>: range can\'t iterate over Service'),
])
def test_exec_errors(text, message):
    err = exec_error(text, SVC)
    assert str(err) == message


def test_partial_output_is_kept_on_error():
    assert exec_error("a{{.kind}}b{{.kind.x}}", SVC).partial == "aServiceb"


def test_costs_are_bounded():
    big = {"items": list(range(500))}
    err = exec_error("{{range .items}}{{range $.items}}{{range $.items}}.{{end}}{{end}}{{end}}", big)
    assert "execution stopped" in str(err)
    deep = "{{" + "(" * 300 + "1" + ")" * 300 + "}}"
    assert parse_error(deep) == "template: output:1: max expression depth exceeded"


# ---- -f URL ------------------------------------------------------------------------------------

@pytest.mark.parametrize("verb", ["apply", "create", "delete"])
def test_url_of_unresolvable_host(sh, verb):
    r = sh.run(f"kubectl {verb} -f https://k8s.io/examples/admin/dns/dnsutils.yaml")
    assert (r.output, r.exit_code) == (
        "Unable to connect to the server: dial tcp: lookup k8s.io on 127.0.0.53:53: no such host\n", 1)


def test_url_of_internet_host_times_out_and_localhost_refuses(sh):
    assert sh("kubectl apply -f https://github.com/x.yaml") == (
        "Unable to connect to the server: dial tcp 140.82.121.4:443: i/o timeout\n")
    assert sh("kubectl apply -f http://localhost:8080/x.yaml") == (
        "The connection to the server localhost:8080 was refused - did you specify the right host or port?\n")


def test_url_served_inside_the_cluster(sh):
    sh("kubectl create deployment web --image=nginx")
    sh("kubectl expose deployment web --type=NodePort --port=80")
    sh.advance(60)
    port = sh("kubectl get svc web -o go-template='{{(index .spec.ports 0).nodePort}}'")
    node_ip = sh("kubectl get nodes -o jsonpath='{.items[0].status.addresses[0].address}'")
    r = sh.run(f"kubectl apply -f http://{node_ip}:{port}/missing.yaml")
    assert (r.output, r.exit_code) == (
        f'error: unable to read URL "http://{node_ip}:{port}/missing.yaml", server reported 404 Not Found, '
        "status code=404\n", 1)
    assert sh(f"kubectl apply -f https://{node_ip}:{port}/x.yaml") == (
        "Unable to connect to the server: http: server gave HTTP response to HTTPS client\n")
