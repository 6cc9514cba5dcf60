"""Checks on what was run: the same action passes however it is spelled (no cluster needed)."""
from __future__ import annotations

import shlex

import pytest

from webapp.tutorial.checks import CheckContext, evaluate, normalize
from webapp.tutorial.kubectl_args import parse_kubectl


def entry(line: str, context: str = "workstation", exit_code: int = 0) -> dict:
    return {"argv": shlex.split(line), "context": context, "exit_code": exit_code}


def holds(spec: dict, log: list[dict], last: list[dict] | None = None) -> bool:
    ctx = CheckContext(terminal=None, namespace="test", log=log,
                       last=log[-1:] if last is None else last)
    return evaluate(normalize(spec, "test"), ctx)


EXPOSE = {"ran_kubectl": {"verb": "expose", "resource": "deployment", "name": "nginx",
                          "with_flags": {"port": 80}}}


@pytest.mark.parametrize("line", [
    "kubectl expose deploy nginx --port=80",
    "kubectl expose deployment/nginx --port 80",
    "kubectl expose deployments.apps nginx --port=80 --target-port=80",
    "kubectl -n test expose deploy/nginx --target_port=80 --port 80",
    "kubectl expose --port=80 deploy nginx",
])
def test_expose_passes_however_it_is_spelled(line):
    assert holds(EXPOSE, [entry(line)])


@pytest.mark.parametrize("line", [
    "kubectl expose deploy nginx",               # no port
    "kubectl expose deploy web --port=80",       # another object
    "kubectl expose svc nginx --port=80",        # another kind
    "kubectl get deploy nginx --port=80",        # another verb
    "kubectl expose deploy nginx --port=8080",   # another port
])
def test_expose_of_something_else_does_not_pass(line):
    assert not holds(EXPOSE, [entry(line)])


@pytest.mark.parametrize("line,flags", [
    ("kubectl get pods -o wide", {"output": "wide"}),
    ("kubectl get pods -owide", {"output": "wide"}),
    ("kubectl get pods --output=wide", {"output": "wide"}),
    ("kubectl get po -l app=nginx -o wide", {"output": "wide", "selector": "app=nginx"}),
    ("kubectl get pods --selector=app=nginx -o wide", {"output": "wide", "selector": "app=nginx"}),
])
def test_short_and_long_flags_read_the_same(line, flags):
    call = parse_kubectl(shlex.split(line))
    assert call.verb == "get" and call.resources == ("pods",)
    assert call.flags == flags


def test_exec_separates_the_command_and_knows_the_target():
    call = parse_kubectl(shlex.split("kubectl -n other exec -it deploy/debugger -- nslookup nginx"))
    assert (call.verb, call.resources, call.names) == ("exec", ("deployments",), ("debugger",))
    assert call.flags == {"namespace": "other", "stdin": None, "tty": None}
    assert call.command == ("nslookup", "nginx")


def test_comma_lists_and_all_expand_to_resources():
    assert parse_kubectl(["kubectl", "get", "svc,ep"]).resources == ("services", "endpoints")
    assert "services" in parse_kubectl(["kubectl", "get", "all"]).resources


def test_ran_distinguishes_workstation_from_pod_and_namespace():
    log = [entry("nslookup nginx", "workstation", 1),
           entry("nslookup nginx", "pod/other/debugger-5d6c9f7b84-x2x7k", 1),
           entry("nslookup nginx.test", "pod/other/debugger-5d6c9f7b84-x2x7k", 0)]
    assert holds({"ran": {"program": "nslookup", "in": "workstation"}}, log)
    assert holds({"ran": {"program": "nslookup", "in": "pod", "pod_namespace": "other",
                          "args_include": ["nginx.test"], "succeeded": True}}, log)
    assert not holds({"ran": {"program": "nslookup", "in": "pod", "pod_namespace": "test"}}, log)
    assert not holds({"ran": {"program": "nslookup", "in": "pod", "args_include": ["nginx"],
                              "succeeded": True}}, log)
    assert holds({"ran": {"program": "nslookup", "pod_prefix": "debugger"}}, log)
    assert not holds({"ran": {"program": "nslookup", "pod_prefix": "nginx"}}, log)


def test_last_looks_only_at_the_latest_line():
    log = [entry("nslookup nginx", "workstation"), entry("kubectl get pods")]
    assert holds({"ran": {"program": "nslookup"}}, log)
    assert not holds({"ran": {"program": "nslookup", "last": True}}, log)


@pytest.mark.parametrize("arg", ["nginx.test", "nginx.test.svc", "nginx.test.svc.cluster.local",
                                 "nginx.test.svc.cluster.local.", "http://nginx.test/",
                                 "nginx.test:80"])
def test_arg_matches_accepts_every_way_of_naming_the_service(arg):
    spec = {"ran": {"program": ["nslookup", "curl"],
                    "arg_matches": r"(https?://)?nginx\.test(\.svc(\.cluster\.local)?)?\.?(:80)?(/.*)?"}}
    assert holds(spec, [entry(f"curl -s {arg}", "pod/other/d-1")])


def test_arg_matches_is_a_whole_argument_match():
    spec = {"ran": {"program": "nslookup", "arg_matches": r"nginx\.test"}}
    assert not holds(spec, [entry("nslookup nginx.testing", "pod/other/d-1")])


def test_args_exclude_and_times():
    log = [entry("dig nginx", "pod/test/d-1"), entry("dig nginx +search", "pod/test/d-1")]
    plain = {"ran": {"program": "dig", "args_include": ["nginx"], "args_exclude": ["+search"]}}
    assert holds(plain, log)
    assert not holds(plain, log[1:])
    assert holds({"ran": {"program": "dig", "times_at_least": 2}}, log)
    assert not holds({"ran": {"program": "dig", "times_at_least": 3}}, log)


def test_a_program_given_by_path_counts_as_itself():
    assert holds({"ran": "curl"}, [entry("/usr/bin/curl nginx", "pod/test/d-1")])


def test_without_flags_and_failures():
    log = [entry("kubectl expose deploy nginx", exit_code=1)]
    spec = {"ran_kubectl": {"verb": "expose", "without_flags": ["port"], "succeeded": False,
                            "last": True}}
    assert holds(spec, log)
    assert not holds(spec, [entry("kubectl expose deploy nginx --port=80", exit_code=1)])
    assert not holds(spec, [entry("kubectl expose deploy nginx")])


def test_combinators():
    log = [entry("kubectl get svc")]
    assert holds({"all": [{"ran_kubectl": "get"}, {"not": {"ran_kubectl": "delete"}}]}, log)
    assert holds({"any": [{"ran_kubectl": "delete"}, {"ran_kubectl": "get"}]}, log)
    assert not holds({"not": {"ran_kubectl": {"verb": "get", "resource": "svc"}}}, log)


def test_output_matches_reads_the_last_output():
    ctx = CheckContext(None, "test", [], [], last_output="status: NXDOMAIN, id: 4\n")
    assert evaluate(normalize({"output_matches": "status: NXDOMAIN"}, "t"), ctx)
    assert not evaluate(normalize({"output_matches": "^status: NOERROR"}, "t"), ctx)


def test_context_check_follows_where_the_terminal_is():
    inside = CheckContext(None, "test", [], [], context="pod/test/debugger-1")
    assert evaluate(normalize({"context": "pod"}, "t"), inside)
    assert not evaluate(normalize({"context": "workstation"}, "t"), inside)
