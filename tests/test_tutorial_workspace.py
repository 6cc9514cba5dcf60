"""Workspace: progress from state and commands, alternative spellings, hints on wrong turns."""
from __future__ import annotations

import json

import pytest

from webapp.cluster.clock import ManualClock
from webapp.tutorial import Workspace

from _lesson_play import LESSONS_DIR, hint_for, play


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def open_lesson(slug: str, clock: ManualClock, seed: int = 3) -> Workspace:
    return Workspace.new(slug, seed, clock, LESSONS_DIR)


def test_a_new_workspace_has_every_step_pending(clock):
    ws = open_lesson("what-is-a-service", clock)
    assert ws.progress == {"namespace": False, "deployment": False, "expose": False,
                           "look": False}
    assert ws.newly_done == [] and ws.hint("en") is None


def test_steps_complete_as_their_checks_pass_and_stay_done(clock):
    ws = open_lesson("what-is-a-service", clock)
    play(ws, clock, "kubectl create ns test")
    assert ws.progress["namespace"] is False
    play(ws, clock, "kubectl config set-context --current --namespace test")
    assert ws.newly_done == ["namespace"]
    play(ws, clock, "kubectl config set-context --current --namespace=default")
    assert ws.progress["namespace"] is True and ws.newly_done == []


def test_lesson_one_accepts_other_spellings(clock):
    ws = open_lesson("what-is-a-service", clock)
    play(ws, clock, "kubectl create namespace test && kubectl config set-context --current "
                    "--namespace=test",
         "kubectl create deployment nginx --image nginx",
         "kubectl expose deployment/nginx --port 80",
         "kubectl get services")
    assert all(ws.progress.values()), ws.progress


def test_the_start_state_is_running_when_the_learner_arrives(clock):
    ws = open_lesson("scaling-spreads-the-load", clock)
    out = ws.run("kubectl get pods").output
    assert out.count("Running") == 2, out
    assert ws.terminal.namespace == "test"


def test_setup_commands_do_not_count_as_the_learners(clock):
    # Lesson 5's start ran `expose`; its checks must not see that as the learner's doing.
    ws = open_lesson("headless-services", clock)
    play(ws, clock, "kubectl get pods")
    assert ws.progress == {"delete": False, "headless": False, "compare": False,
                           "nslookup": False}


def test_workspace_survives_a_round_trip_through_json(clock):
    ws = open_lesson("reach-it-by-name", clock)
    play(ws, clock, "kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity")
    play(ws, clock, "kubectl get pods", pause=30)
    again = Workspace.from_dict(json.loads(json.dumps(ws.to_dict())), clock, LESSONS_DIR)
    assert again.progress == ws.progress and again.progress["debugger"]
    play(again, clock, "kubectl exec -it deploy/debugger -- sh", "nslookup nginx")
    assert again.newly_done == ["nslookup"]


def test_a_curl_loop_counts_once_per_request_without_flooding_the_record(clock):
    ws = open_lesson("scaling-spreads-the-load", clock)
    play(ws, clock, "kubectl exec -it deploy/debugger -- sh",
         "for i in $(seq 1 30); do curl -s nginx > /dev/null; done")
    assert ws.progress["few-requests"] is True
    assert len(ws.to_dict()["log"]) < 10


# ---------------------------------------------------------------------------- hints

def test_hint_for_the_namespace_switch_left_out(clock):
    ws = open_lesson("what-is-a-service", clock)
    play(ws, clock, "kubectl create namespace test")
    assert ws.hint("en") == hint_for("what-is-a-service", "namespace", 0)
    assert "set-context" in ws.hint("ja")


def test_hint_when_nginx_landed_in_default(clock):
    ws = open_lesson("what-is-a-service", clock)
    play(ws, clock, "kubectl create deploy nginx --image=nginx")
    assert ws.hint("en") == hint_for("what-is-a-service", None, 0)


def test_hint_for_expose_without_port(clock):
    ws = open_lesson("what-is-a-service", clock)
    play(ws, clock, "kubectl create namespace test",
         "kubectl config set-context --current --namespace=test",
         "kubectl create deploy nginx --image=nginx", "kubectl expose deploy nginx")
    assert ws.hint("en") == hint_for("what-is-a-service", "expose", 0)
    play(ws, clock, "kubectl expose deploy nginx --port=80")
    assert ws.hint("en") is None


def test_hint_for_curl_of_the_cluster_ip_from_the_workstation(clock):
    ws = open_lesson("clusterip-and-endpoints", clock)
    ip = ws.terminal.cluster.get("services", "test", "nginx")["spec"]["clusterIP"]
    play(ws, clock, f"curl --max-time 2 {ip}")
    assert ws.hint("en") == hint_for("clusterip-and-endpoints", None, 0)


def test_hint_for_get_pods_without_wide(clock):
    ws = open_lesson("clusterip-and-endpoints", clock)
    play(ws, clock, "kubectl get svc nginx", "kubectl get ep nginx", "kubectl get pods")
    assert ws.hint("en") == hint_for("clusterip-and-endpoints", "pod-ip", 0)


def test_hint_for_nslookup_on_the_workstation(clock):
    ws = open_lesson("reach-it-by-name", clock)
    play(ws, clock, "kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity")
    play(ws, clock, "kubectl get pods", pause=30)
    play(ws, clock, "nslookup nginx")
    assert ws.hint("en") == hint_for("reach-it-by-name", None, 0)


def test_hint_for_a_tool_the_nginx_image_lacks(clock):
    ws = open_lesson("reach-it-by-name", clock)
    play(ws, clock, "kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity")
    play(ws, clock, "kubectl get pods", pause=30)
    play(ws, clock, "kubectl exec -it deploy/nginx -- sh", "nslookup nginx")
    assert ws.hint("en") == hint_for("reach-it-by-name", None, 1)


def test_hint_for_the_short_name_across_namespaces(clock):
    ws = open_lesson("reach-it-by-name", clock)
    play(ws, clock, "kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity")
    play(ws, clock, "kubectl get pods", pause=30)
    play(ws, clock, "kubectl exec -it deploy/debugger -- sh", "nslookup nginx",
         "cat /etc/resolv.conf", "curl -s nginx", "exit",
         "kubectl -n other exec -it deploy/debugger -- sh", "nslookup nginx")
    assert [s for s, done in ws.progress.items() if not done] == ["other-namespace"]
    assert ws.hint("en") == hint_for("reach-it-by-name", "other-namespace", 0)
    play(ws, clock, "nslookup nginx.test.svc.cluster.local")
    assert ws.newly_done == ["other-namespace"] and ws.hint("en") is None


def test_hint_for_scaling_the_service(clock):
    ws = open_lesson("scaling-spreads-the-load", clock)
    play(ws, clock, "kubectl scale svc nginx --replicas=2")
    assert ws.hint("en") == hint_for("scaling-spreads-the-load", "scale", 0)


def test_hint_while_the_new_pod_is_not_ready(clock):
    ws = open_lesson("scaling-spreads-the-load", clock)
    play(ws, clock, "kubectl scale deployment/nginx --replicas 2", pause=0.5)
    assert ws.progress["scale"] is True
    assert ws.hint("en") == hint_for("scaling-spreads-the-load", None, 0)
    play(ws, clock, "kubectl get ep nginx", pause=60)
    assert ws.progress["endpoints"] is True


def test_hint_for_expose_while_the_old_service_exists(clock):
    ws = open_lesson("headless-services", clock)
    play(ws, clock, "kubectl expose deploy nginx --port=80 --cluster-ip=None")
    assert ws.hint("en") == hint_for("headless-services", "delete", 0)
    play(ws, clock, "kubectl delete service/nginx",
         "kubectl expose deployment nginx --cluster-ip None --port 80")
    assert ws.progress["delete"] and ws.progress["headless"]


def test_hint_for_reading_nxdomain_as_broken(clock):
    ws = open_lesson("dig-and-the-search-list", clock)
    play(ws, clock, "kubectl exec -it deploy/debugger -- sh", "dig nginx")
    assert ws.progress["dig-plain"] is True
    assert ws.hint("en") == hint_for("dig-and-the-search-list", "dig-search", 0)
    play(ws, clock, "dig +search nginx")
    assert ws.progress["dig-search"] is True


def test_hint_html_is_escaped_markup(clock):
    ws = open_lesson("what-is-a-service", clock)
    play(ws, clock, "kubectl create namespace test")
    assert "<code>kubectl config set-context --current --namespace=test</code>" in \
        ws.hint_html("en")


def test_unknown_slug_is_a_key_error(clock):
    with pytest.raises(KeyError):
        open_lesson("no-such-lesson", clock)


def test_hint_for_a_debugger_without_sleep_infinity(clock):
    ws = open_lesson("reach-it-by-name", clock)
    play(ws, clock, "kubectl create deploy debugger --image=thr3a/debugger")
    play(ws, clock, "kubectl get pods", pause=60)
    assert ws.progress["debugger"] is False
    assert ws.hint("en") == hint_for("reach-it-by-name", "debugger", 0)


def test_a_one_shot_exec_counts_as_running_in_the_pod(clock):
    ws = open_lesson("reach-it-by-name", clock)
    play(ws, clock, "kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity")
    play(ws, clock, "kubectl exec deploy/debugger -- nslookup nginx.test.svc.cluster.local",
         pause=30)
    assert ws.progress["nslookup"] is True
