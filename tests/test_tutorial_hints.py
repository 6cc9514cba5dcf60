"""Which hint shows: a reaction to the line just run beats a standing state hint; later steps'
hints fire on their own trigger; among standing hints the first pending step's wins."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from webapp.cluster.clock import ManualClock
from webapp.tutorial import Workspace, lesson_by_slug
from webapp.tutorial.checks import keeps_running, normalize, reacts_to_last_command

from _lesson_play import LESSONS_DIR, hint_for, play

# Two steps that never complete; each hint names itself so a test can tell which one showed.
ORDERING = textwrap.dedent("""\
    ---
    slug: ordering
    number: 1
    title: {ja: 順番, en: Ordering}
    start:
      setup: [kubectl create namespace test, kubectl config set-context --current --namespace=test]
    steps:
      - id: first
        goal: {ja: 一, en: One}
        checks: [{ran: no-such-program}]
        hints:
          - when: {object_exists: {kind: configmap, name: a}}
            ja: 一の状態
            en: first standing
      - id: second
        goal: {ja: 二, en: Two}
        checks: [{ran: no-such-program}]
        hints:
          - when: {object_exists: {kind: configmap, name: b}}
            ja: 二の状態
            en: second standing
          - when: {ran: {program: date, last: true}}
            ja: 二の反応
            en: second reacts to date
    hints:
      - when: {object_exists: {kind: configmap, name: c}}
        ja: 全体の状態
        en: lesson standing
      - when: {ran: {program: [date, hostname], last: true}}
        ja: 全体の反応
        en: lesson reacts to date or hostname
      - when: {output_matches: 'not found'}
        ja: 出力への反応
        en: lesson reacts to output
    solution: [kubectl get ns]
    in_real_work: {ja: 現場で, en: At work}
    ---
    <!-- ja -->
    はじめに
    <!-- step: first -->
    一
    <!-- step: second -->
    二
    <!-- en -->
    Intro
    <!-- step: first -->
    One
    <!-- step: second -->
    Two
    """)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def ordering(tmp_path: Path, clock: ManualClock) -> Workspace:
    (tmp_path / "01-ordering.md").write_text(ORDERING, encoding="utf-8")
    return Workspace.new("ordering", 1, clock, tmp_path)


@pytest.mark.parametrize("spec,reactive", [
    ({"ran": {"program": "echo", "last": True}}, True),
    ({"ran": {"program": "echo"}}, False),
    ({"ran_kubectl": {"verb": "get", "last": True}}, True),
    ({"output_matches": "x"}, True),
    ({"all": [{"object_exists": {"kind": "pod", "name": "a"}},
              {"any": [{"ran": "curl"}, {"ran_kubectl": {"verb": "get", "last": True}}]}]}, True),
    ({"not": {"ran": {"program": "echo", "last": True}}}, False),
    ({"pods_ready": {"selector": {"app": "x"}}}, False),
])
def test_a_hint_reacts_when_it_looks_at_the_latest_line(spec, reactive):
    assert reacts_to_last_command(normalize(spec, "t")) is reactive


def test_the_loader_marks_reactive_hints():
    lesson = lesson_by_slug("reach-it-by-name", LESSONS_DIR)
    assert not lesson.step("debugger").hints[0].reactive
    assert lesson.step("other-namespace").hints[0].reactive
    assert all(h.reactive for h in lesson.hints)


# ---------------------------------------------------------------------------- the rule, in isolation

def test_standing_hints_go_by_step_order_then_the_lesson(ordering, clock):
    play(ordering, clock, "kubectl create configmap c")
    assert ordering.hint("en") == "lesson standing"
    play(ordering, clock, "kubectl create configmap b")
    assert ordering.hint("en") == "second standing"
    play(ordering, clock, "kubectl create configmap a")
    assert ordering.hint("en") == "first standing"


def test_a_reaction_beats_a_standing_hint_listed_before_it(ordering, clock):
    play(ordering, clock, "kubectl create configmap a", "hostname")
    assert ordering.hint("en") == "lesson reacts to date or hostname"
    play(ordering, clock, "kubectl get cm")  # the reaction passes; the state hint is back
    assert ordering.hint("en") == "first standing"


def test_a_later_steps_reaction_beats_the_first_steps_standing_hint(ordering, clock):
    play(ordering, clock, "kubectl create configmap a", "date")
    assert ordering.hint("ja") == "二の反応"


def test_among_reactions_a_steps_comes_before_the_lessons(ordering, clock):
    play(ordering, clock, "date")
    assert ordering.hint("en") == "second reacts to date"


def test_a_reaction_to_the_output_beats_a_standing_hint(ordering, clock):
    play(ordering, clock, "kubectl create configmap a", "no-such-tool")
    assert "not found" in ordering.to_dict()["last_output"]
    assert ordering.hint("en") == "lesson reacts to output"


def test_a_standing_hint_listed_after_a_reaction_still_loses(ordering, clock):
    play(ordering, clock, "kubectl create configmap c", "hostname")
    assert ordering.hint("en") == "lesson reacts to date or hostname"


# ---------------------------------------------------------------------------- the lessons

def test_lesson3_wrong_turns_show_while_the_debugger_is_still_broken(clock):
    # The debugger was made without `-- sleep infinity`: its standing hint must not hide the rest.
    ws = Workspace.new("reach-it-by-name", 3, clock, LESSONS_DIR)
    play(ws, clock, "kubectl create deploy debugger --image=thr3a/debugger")
    play(ws, clock, "kubectl get pods", pause=30)
    standing = hint_for("reach-it-by-name", "debugger", 0)
    assert ws.progress["debugger"] is False and ws.hint("en") == standing
    play(ws, clock, "kubectl exec -it deploy/nginx -- sh", "nslookup nginx")
    assert ws.hint("en") == hint_for("reach-it-by-name", None, 1)  # the image has no nslookup
    play(ws, clock, "exit")
    assert ws.hint("en") == standing
    play(ws, clock, "kubectl -n other exec -it deploy/debugger -- sh", "nslookup nginx")
    assert ws.hint("en") == hint_for("reach-it-by-name", "other-namespace", 0)
    play(ws, clock, "cat /etc/resolv.conf")
    assert ws.hint("en") == standing


def test_lesson2_replace_pod_hint_shows_when_step_one_was_skipped(clock):
    ws = Workspace.new("clusterip-and-endpoints", 3, clock, LESSONS_DIR)
    play(ws, clock, "kubectl delete pod -l app=nginx", "kubectl get ep nginx", pause=0.5)
    assert ws.progress["service-ip"] is False and ws.progress["replace-pod"] is False
    assert ws.hint("en") == hint_for("clusterip-and-endpoints", "replace-pod", 0)
    assert "ENDPOINTS" in ws.hint("ja") and "<none>" not in ws.hint("en")


def test_lesson2_empty_endpoints_without_a_delete_get_the_lesson_wide_hint(clock):
    ws = Workspace.new("clusterip-and-endpoints", 3, clock, LESSONS_DIR)
    play(ws, clock, "kubectl scale deploy nginx --replicas=0", "kubectl get ep nginx")
    assert ws.hint("en") == hint_for("clusterip-and-endpoints", None, 3)


def test_lesson4_looking_too_early_says_look_again(clock):
    ws = Workspace.new("scaling-spreads-the-load", 3, clock, LESSONS_DIR)
    play(ws, clock, "kubectl scale deploy nginx --replicas=2", "kubectl get ep nginx", pause=0.2)
    assert ws.progress["endpoints"] is False
    assert ws.hint("en") == hint_for("scaling-spreads-the-load", "endpoints", 0)
    play(ws, clock, "kubectl describe svc nginx", pause=0.2)
    assert ws.hint("en") == hint_for("scaling-spreads-the-load", "endpoints", 0)
    play(ws, clock, "kubectl get deploy", pause=0.2)  # no look: the standing lesson hint
    assert ws.hint("en") == hint_for("scaling-spreads-the-load", None, 0)
    play(ws, clock, "kubectl get pods", pause=60)  # both Ready now, but the step wants a look
    assert ws.progress["endpoints"] is False
    assert ws.hint("en") == hint_for("scaling-spreads-the-load", "endpoints", 1)
    play(ws, clock, "kubectl get endpoints nginx")
    assert ws.newly_done == ["endpoints"]


def test_a_healthy_debugger_counts_as_soon_as_it_is_running(clock):
    # `keeps_running` tells a crash loop's blink of Ready apart without making anyone wait.
    ws = Workspace.new("reach-it-by-name", 3, clock, LESSONS_DIR)
    play(ws, clock, "kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity",
         pause=0)
    for _ in range(100):
        clock.advance(0.1)
        out = ws.run("kubectl get pods").output
        running = any(r.startswith("debugger") and " Running " in r for r in out.splitlines())
        assert ws.progress["debugger"] is running, out
        if running:
            break
    assert ws.progress["debugger"] and ws.hint("en") is None


@pytest.mark.parametrize("command,keeps", [
    ("kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity", True),
    ("kubectl create deploy debugger --image=thr3a/debugger -- tail -f /dev/null", True),
    ("kubectl create deploy debugger --image=thr3a/debugger", False),
    ("kubectl create deploy debugger --image=thr3a/debugger -- sleep 5", False),
])
def test_keeps_running_reads_the_containers_command(clock, command, keeps):
    ws = Workspace.new("reach-it-by-name", 3, clock, LESSONS_DIR)
    play(ws, clock, command, pause=0)
    pod = next(p for p in ws.terminal.cluster.list("pods", "test")
               if p["metadata"]["name"].startswith("debugger"))
    assert keeps_running(pod) is keeps
