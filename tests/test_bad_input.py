"""Hostile and absurd input: every line gets output or a tool-shaped error, at a bounded cost,
and nothing the learner did before is lost."""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.cluster.clock import ManualClock
from webapp.shell.terminal import Terminal

WORDS = ["kubectl", "get", "create", "expose", "scale", "delete", "run", "apply", "describe", "logs", "exec",
         "label", "config", "rollout", "set", "image", "deploy", "deployment", "svc", "service", "ep", "pods",
         "po", "nginx", "web", "all", "-n", "test", "-A", "-o", "yaml", "json", "wide", "name", "jsonpath={.x}",
         "--replicas=3", "--replicas=-1", "--replicas=99999999999", "--port=80", "--target-port=8080",
         "--cluster-ip=None", "--type=NodePort", "--image=nginx", "-l", "app=nginx", "app!=", "--", "sh", "-it",
         "--rm", "-f", "-", "x.yaml", "--selector=,", "'", '"', "$(", "`", "|", ";", "&&", "||", ">", "<<EOF",
         "ñ", "名前", "\\", "--bogus", "-", "=", "--dry-run=client", "nslookup", "dig", "curl", "+search"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9), st.text(max_size=30))
def test_any_kubectl_like_line_gets_an_answer_never_an_internal_error(words, tail):
    term = Terminal.new(5, ManualClock())
    term.run("kubectl create deploy nginx --image=nginx")
    for line in ("kubectl " + " ".join(words) + " " + tail, " ".join(words) + tail):
        started = time.monotonic()
        result = term.run(line)
        assert not result.failed, (line, result.output)
        assert isinstance(result.output, str) and isinstance(result.exit_code, int)
        assert time.monotonic() - started < 6
        term.pending = ""  # an open quote or heredoc waits for more input; the next example starts clean
    assert term.cluster.find("deployments", "default", "nginx") is not None  # nothing before was lost


def fresh():
    clock = ManualClock()
    return Terminal.new(9, clock), clock


def test_a_50000_line_heredoc_is_refused_whole_and_cheaply():
    term, _ = fresh()
    body = "\n".join(f"# line {i}" for i in range(50_000))
    started = time.monotonic()
    r = term.run(f"kubectl apply -f - <<EOF\n{body}\nEOF")
    assert time.monotonic() - started < 3
    assert r.exit_code != 0 and "command too long" in r.output
    assert term.run("kubectl get ns test").exit_code == 1


def test_deeply_nested_yaml_gets_a_clear_error():
    term, _ = fresh()
    nested = "a: " + "[" * 5000 + "]" * 5000
    r = term.run(f"kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  {nested}\nEOF")
    assert r.exit_code == 1 and r.output.startswith("error:")
    assert not r.failed


def test_five_hundred_objects_hit_the_documented_cap_with_a_quota_message():
    term, _ = fresh()
    r = term.run("for i in $(seq 0 499); do kubectl create configmap c$i --from-literal=k=v; done")
    assert "exceeded quota: kubetutor-session" in r.output
    assert term.cluster.count_objects() <= term.limits.objects
    assert term.run("kubectl get cm c0").exit_code == 0   # what was created before the cap stays


def test_absurd_replica_counts():
    term, clock = fresh()
    r = term.run("kubectl create deploy big --image=nginx --replicas=2147483647")
    assert r.exit_code == 0
    clock.advance(30)
    assert len(term.cluster.objects["pods"]) <= term.limits.pods
    r = term.run("kubectl scale deploy big --replicas=2147483648")
    assert r.exit_code == 1 and "must be less than or equal to 2147483647" in r.output
    r = term.run("kubectl create deploy neg --image=nginx --replicas=-1")
    assert r.exit_code == 1 and "must be greater than or equal to 0" in r.output
    assert term.run("kubectl scale deploy big --replicas=0").exit_code == 0


def test_markup_in_names_is_just_text():
    term, _ = fresh()
    r = term.run("kubectl create deploy '<script>alert(1)</script>' --image=nginx")
    assert r.exit_code == 1 and "<script>alert(1)</script>" in r.output and "Invalid value" in r.output
