"""-o yaml|json|name|jsonpath|custom-columns and --sort-by, as kubectl's printers write them."""
import pytest

from webapp.shell.kubectl.printers import jsonpath
from webapp.shell.kubectl.printers.gojson import to_json
from webapp.shell.kubectl.printers.goyaml import scalar_style, to_yaml
from webapp.shell.kubectl.printers.output import (OutputError, natural_less, parse_output, print_generic,
                                                  sort_objects)

from _printer_objects import service

EXPOSE_DRY = {"apiVersion": "v1", "kind": "Service",
              "metadata": {"creationTimestamp": None, "labels": {"app": "nginx"}, "name": "nginx"},
              "spec": {"ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}], "selector": {"app": "nginx"}},
              "status": {"loadBalancer": {}}}


def test_yaml_matches_expose_dry_run_golden():
    headless = {**EXPOSE_DRY, "spec": {"clusterIP": "None", **EXPOSE_DRY["spec"]}}
    assert to_yaml(headless) == (
        "apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    app: nginx\n"
        "  name: nginx\nspec:\n  clusterIP: None\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n"
        "  selector:\n    app: nginx\nstatus:\n  loadBalancer: {}\n")


@pytest.mark.parametrize("text, style", [
    ("nginx", "plain"), ("None", "plain"), ("10.96.0.1", "plain"), ("", "double"), ("true", "double"),
    ("yes", "double"), ("80", "double"), ("0x1F", "double"), ("1.5", "double"), ("1e3", "double"),
    ("2022-08-24T12:00:00Z", "double"), ("1:20", "double"), ("*", "single"), ("- a", "single"),
    ("a: b", "single"), ("a #b", "single"), (" lead", "single"), ("tab\there", "double"),
    ("two\nlines", "literal"), ("app=nginx", "plain"), ("it's", "plain"),
])
def test_yaml_scalar_styles(text, style):
    assert scalar_style(text) == style


def test_yaml_key_order_numbers_and_literals():
    assert to_yaml({"port-10": 1, "port-2": 2, "b": [], "a": {"x": "l1\nl2\n"}}) == (
        'a:\n  x: |\n    l1\n    l2\nb: []\nport-2: 2\nport-10: 1\n')
    long = " ".join(["word"] * 30)
    folded = to_yaml({"k": long})
    assert folded.startswith("k: word") and "\n  word" in folded and max(map(len, folded.splitlines())) < 90


def test_json_four_spaces_sorted_html_escaped():
    assert to_json({"b": [1, {}], "a": "<none> & co", "c": []}) == (
        '{\n    "a": "\\u003cnone\\u003e \\u0026 co",\n    "b": [\n        1,\n        {}\n    ],\n    "c": []\n}\n')


def test_generic_single_object_and_list():
    svc = service()
    single = print_generic([svc], True, parse_output("yaml"))
    assert single.startswith("apiVersion: v1\nkind: Service\n")
    listed = print_generic([svc], False, parse_output("yaml"))
    assert listed.startswith("apiVersion: v1\nitems:\n- apiVersion: v1\n")
    assert listed.endswith("kind: List\nmetadata:\n  resourceVersion: \"\"\n")
    assert print_generic([], False, parse_output("json")) == (
        '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n'
        '        "resourceVersion": ""\n    }\n}\n')
    deploy = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "nginx"}}
    assert print_generic([svc, deploy], False, parse_output("name")) == "service/nginx\ndeployment.apps/nginx\n"


def test_jsonpath_kubectl_forms():
    svc = service(cluster_ip="None")
    data = {"items": [svc, service("b")]}
    run = lambda t, d=data: jsonpath.execute(jsonpath.parse(t), d)  # noqa: E731
    assert run("{.spec.clusterIP}", svc) == "None"
    assert run("{.items[*].metadata.name}") == "nginx b"
    assert run('{range .items[*]}{.metadata.name}{"\\n"}{end}') == "nginx\nb\n"
    assert run('{.items[?(@.metadata.name=="b")].spec.ports[0].port}') == "80"
    assert run("{.items[0].spec.selector}") == '{"app":"nginx"}'
    assert run("{.nothing}", svc) == ""
    with pytest.raises(jsonpath.JSONPathError, match="array index out of bounds: index 5, length 2"):
        run("{.items[5]}")
    with pytest.raises(jsonpath.JSONPathError, match="unterminated array"):
        jsonpath.parse("{.items[")


def test_custom_columns_and_errors():
    spec = parse_output("custom-columns=NAME:.metadata.name,IP:.spec.clusterIP,MISSING:.spec.x")
    assert print_generic([service(), service("b", cluster_ip="10.96.0.9")], False, spec) == (
        "NAME    IP              MISSING\nnginx   10.96.184.249   <none>\nb       10.96.0.9       <none>\n")
    with pytest.raises(OutputError, match="expected <header>:<json-path-expr>"):
        parse_output("custom-columns=NAME")
    with pytest.raises(OutputError) as e:
        parse_output("x")
    assert str(e.value) == ('unable to match a printer suitable for the output format "x", allowed formats are: '
                            "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,"
                            "jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml")
    with pytest.raises(OutputError, match="template format specified but no template given"):
        parse_output("jsonpath=")


def test_sort_by_natural_order_and_missing_field():
    objs = [service(n) for n in ("web-10", "web-2", "api")]
    assert [o["metadata"]["name"] for o in sort_objects(objs, ".metadata.name")] == ["api", "web-2", "web-10"]
    assert natural_less("a2", "a10") and not natural_less("a10", "a2")
    with pytest.raises(OutputError, match='couldn\'t find any field with path "{.spec.nope}"'):
        sort_objects(objs, "{.spec.nope}")
