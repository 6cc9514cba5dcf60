"""`kubectl explain`: the 1.24 layout, our own descriptions over a facts-only schema, kubectl's errors."""
import json
import re
from pathlib import Path

import pytest

from webapp.shell.kubectl.verbs import explain_text
from webapp.shell.kubectl.verbs.explain import _schema, wrap_string

SCHEMA_FILE = Path(explain_text.__file__).with_name("explain_schema.json")

SVC = """KIND:     Service
VERSION:  v1

DESCRIPTION:
     A Service gives a changing group of pods, picked by a label selector, one
     stable virtual IP address and DNS name, and spreads connections across
     them. Its type decides whether it can be reached only inside the cluster or
     from outside too.

FIELDS:
   apiVersion\t<string>
     The API group and version the object is written in, for example v1 or
     apps/v1. It tells the server which schema to read the rest of the object
     with.

   kind\t<string>
     The object's type in CamelCase, for example Pod or Service.

   metadata\t<Object>
     The object's name, namespace, labels, annotations and system-managed
     bookkeeping.

   spec\t<Object>
     What the Service should do: the pods it selects, the ports it offers and
     how it can be reached (its type).

   status\t<Object>
     What the cluster has set up for the Service, such as the addresses of a
     cloud load balancer.

"""


@pytest.mark.parametrize("name", ["svc", "service", "services", "Service", "svc."])
def test_explain_service(sh, name):
    r = sh.run(f"kubectl explain {name}")
    assert (r.output, r.exit_code) == (SVC, 0)


def test_explain_primitive_field(sh):
    assert sh("kubectl explain deploy.spec.replicas") == """KIND:     Deployment
VERSION:  apps/v1

FIELD:    replicas <integer>

DESCRIPTION:
     How many pods to keep running. Defaults to 1.
"""


def test_explain_object_field_has_both_descriptions(sh):
    out = sh("kubectl explain service.spec")
    assert out.startswith("""KIND:     Service
VERSION:  v1

RESOURCE: spec <Object>

DESCRIPTION:
     What the Service should do: the pods it selects, the ports it offers and
     how it can be reached (its type).

     The settings of a Service: which pods it selects, which ports it offers and
     how it is exposed.

FIELDS:
   allocateLoadBalancerNodePorts\t<boolean>

   clusterIP\t<string>
""")
    names = [line.split("\t")[0].strip() for line in out.splitlines() if line.startswith("   ") and "\t<" in line]
    assert names == sorted(names) and {"clusterIP", "ports", "selector", "type", "externalTrafficPolicy"} <= set(names)
    assert "   ports\t<[]Object>\n     The ports the Service offers, each forwarded to a port on the selected\n" in out


def test_fields_without_our_text_print_as_kubectl_prints_an_empty_description(sh):
    # a field line straight followed by the blank separator; <empty> under a DESCRIPTION header
    assert "   externalIPs\t<[]string>\n\n   externalName\t<string>\n" in sh("kubectl explain svc.spec")
    assert sh("kubectl explain svc.spec.allocateLoadBalancerNodePorts") == """KIND:     Service
VERSION:  v1

FIELD:    allocateLoadBalancerNodePorts <boolean>

DESCRIPTION:
     <empty>
"""
    assert sh("kubectl explain svc.spec.sessionAffinityConfig") == """KIND:     Service
VERSION:  v1

RESOURCE: sessionAffinityConfig <Object>

DESCRIPTION:
     <empty>

FIELDS:
   clientIP\t<Object>

"""


def test_array_of_objects_and_required(sh):
    out = sh("kubectl explain pods.spec.containers")
    assert out.startswith("KIND:     Pod\nVERSION:  v1\n\nRESOURCE: containers <[]Object>\n\nDESCRIPTION:\n"
                          "     The containers of the pod, started together on one node. A pod needs at\n"
                          "     least one.\n\n"
                          "     One container in a pod: the image to start and how to start it.\n\nFIELDS:\n")
    assert "\n   name\t<string> -required-\n     The container's name, unique within the pod.\n\n" in out
    ports = sh("kubectl explain svc.spec.ports")
    assert "\n   port\t<integer> -required-\n     The port number the Service accepts connections on" in ports


def test_enum_values_follow_our_text(sh):
    assert sh("kubectl explain svc.spec.sessionAffinity").endswith(
        "DESCRIPTION:\n"
        "     ClientIP keeps sending connections from one client IP to the same pod; None\n"
        "     (the default) lets each connection go to any ready pod.\n\n"
        "     Possible enum values:\n     - `\"ClientIP\"`\n     - `\"None\"`\n")
    # without our text the enum list is the whole description
    assert sh("kubectl explain pods.spec.preemptionPolicy").endswith(
        "DESCRIPTION:\n     Possible enum values:\n     - `\"Never\"`\n     - `\"PreemptLowerPriority\"`\n")


def test_recursive_lists_nested_fields_without_descriptions(sh):
    out = sh("kubectl explain svc.spec --recursive")
    assert "   ports\t<[]Object>\n      appProtocol\t<string>\n      name\t<string>\n      nodePort\t<integer>\n" in out
    assert "   sessionAffinityConfig\t<Object>\n      clientIP\t<Object>\n         timeoutSeconds\t<integer>\n" in out
    fields = out.split("FIELDS:\n")[1]
    assert all("\t<" in line for line in fields.splitlines())


def test_other_kinds_learners_meet(sh):
    assert sh("kubectl explain endpoints").startswith(
        "KIND:     Endpoints\nVERSION:  v1\n\nDESCRIPTION:\n     An Endpoints object carries")
    out = sh("kubectl explain endpointslices")
    assert out.startswith("KIND:     EndpointSlice\nVERSION:  discovery.k8s.io/v1\n")
    assert "\n   addressType\t<string> -required-\n     The kind of address" in out
    assert "\n   endpoints\t<[]Object> -required-\n" in out
    assert "RESOURCE: selector <Object>" in sh("kubectl explain deployments.apps.spec.selector")


def test_errors(sh):
    r = sh.run("kubectl explain foo")
    assert (r.output, r.exit_code) == ('the server doesn\'t have a resource type "foo"\n', 1)
    # only the group is matched after the resource: `.v1` is taken for a field, as kubectl does
    assert sh("kubectl explain services.v1") == 'error: field "v1" does not exist\n'
    r = sh.run("kubectl explain svc.spec.bogus")
    assert (r.output, r.exit_code) == ('error: field "bogus" does not exist\n', 1)
    assert sh("kubectl explain") == ('error: You must specify the type of resource to explain. Use "kubectl '
                                     'api-resources" for a complete list of supported resources.\n')
    assert sh("kubectl explain pods svc") == "error: We accept only this format: explain RESOURCE\n"
    assert sh("kubectl explain deploy --api-version=apps/v2") == (
        'error: couldn\'t find resource for "apps/v2, Kind=Deployment"\n')


def test_a_primitive_answers_for_deeper_paths_as_kubectl_does(sh):
    assert sh("kubectl explain deploy.spec.replicas.x").startswith(
        "KIND:     Deployment\nVERSION:  apps/v1\n\nFIELD:    x <integer>\n")


def test_wrap_keeps_lists_blank_lines_and_code():
    text = "Intro text that is long enough to wrap here.\n\nList:\n - one item\n - two\n    code  block"
    assert wrap_string(text, 20) == ["Intro text that is", "long enough to wrap", "here.", "", "List:",
                                     "- one item", "- two", "    code  block"]


def test_schema_is_whole():
    """Every referenced type is present, so any path a learner types can be explained."""
    types = _schema()["types"]
    assert set(_schema()["roots"].values()) <= set(types)
    for tname, fields in types.items():
        for _name, texpr, *_ in fields:
            ref = texpr.rsplit("ref:", 1)[-1] if "ref:" in texpr else None
            assert ref is None or ref in types, (tname, texpr)


# ---- the shipped data carries facts only; every sentence is ours -------------------------------

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_TYPE = re.compile(r"^(\[\]|map\[string\])*(string|integer|boolean|number|object|ref:[a-z]+\.[A-Za-z0-9]+)$")


def test_schema_file_holds_no_descriptions():
    raw = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert set(raw) == {"roots", "types"}
    assert all(_NAME.match(kind) and _TYPE.match("ref:" + root) for kind, root in raw["roots"].items())
    for tname, fields in raw["types"].items():
        assert isinstance(fields, list), tname          # a bare field list: no room for a "d" text
        for entry in fields:
            assert _NAME.match(entry[0]) and _TYPE.match(entry[1]), (tname, entry)
            assert len(entry) == 2 or entry[2] in (0, 1), (tname, entry)
            if len(entry) == 4:                          # enum values: single tokens, never sentences
                assert entry[3] and all(re.fullmatch(r"[A-Za-z]{0,30}", v) for v in entry[3]), (tname, entry)
            assert len(entry) <= 4, (tname, entry)
    assert SCHEMA_FILE.stat().st_size < 40_000


def test_our_descriptions_are_short_and_name_real_schema_entries():
    types = _schema()["types"]
    texts = {**explain_text.TYPES, **explain_text.FIELDS, **explain_text.KIND_FIELDS}
    for key, text in texts.items():
        assert 0 < len(text) <= 300, key
        assert "More info" not in text and "://" not in text, key   # API-doc tells, never ours
    assert set(explain_text.TYPES) <= set(types)
    for key in explain_text.FIELDS:
        tname, _, field = key.rpartition(".")
        assert field in {f[0] for f in types[tname]}, key


def test_every_kind_and_the_service_fields_have_our_text():
    assert all(explain_text.type_text(root) for root in _schema()["roots"].values())
    wanted = {"core.ServiceSpec": "type selector ports clusterIP clusterIPs sessionAffinity externalName "
                                  "externalTrafficPolicy internalTrafficPolicy ipFamilies ipFamilyPolicy "
                                  "publishNotReadyAddresses loadBalancerIP",
              "core.ServicePort": "name port targetPort nodePort protocol appProtocol",
              "discovery.EndpointSlice": "addressType endpoints ports",
              "discovery.Endpoint": "addresses conditions hostname nodeName targetRef",
              "core.PodSpec": "containers hostname subdomain dnsPolicy dnsConfig restartPolicy nodeName",
              "core.Container": "name image command args ports env",
              "apps.DeploymentSpec": "replicas selector template strategy",
              "meta.ObjectMeta": "name namespace labels annotations"}
    for tname, fields in wanted.items():
        for field in fields.split():
            assert explain_text.field_text(tname, field, kind_root=False), f"{tname}.{field}"
    for field in ("apiVersion", "kind", "metadata", "spec", "status"):
        assert explain_text.field_text("core.Node", field, kind_root=True)
