"""The `kubetutor` command's machine interface (DESIGN.md, Commands), run as a real process."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "webapp.cli", *args], input=stdin, capture_output=True,
                          text=True, timeout=60)


def test_shell_json_answers_one_line_per_request():
    requests = [{"command": "kubectl create deploy web --image=nginx"}, {"command": "kubectl get deploy web"},
                "not json", [1, 2], {"nothing": 1}, {"traffic": {}}]
    stdin = "\n".join(r if isinstance(r, str) else json.dumps(r) for r in requests) + "\n"
    proc = run_cli("shell", "--json", "--seed", "4", stdin=stdin)
    answers = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 0 and len(answers) == len(requests)
    assert answers[0] == {"output": "deployment.apps/web created\n", "exit_code": 0, "prompt": "$ ",
                          "context": "workstation"}
    assert answers[1]["output"].startswith("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    0/1")
    assert answers[2] == {"error": "bad JSON"} and answers[3] == {"error": "expected a JSON object"}
    assert answers[4] == {"error": "missing command"}
    assert answers[5] == {"pods": {}, "services": {}}


def test_shell_with_an_unknown_lesson_says_which_exist():
    proc = run_cli("shell", "--lesson", "nope")
    assert proc.returncode == 2 and "no lesson 'nope'" in proc.stderr and "headless-services" in proc.stderr


@pytest.mark.parametrize("args", [("lessons", "check")])
def test_lessons_check_plays_every_solution(args):
    proc = run_cli(*args)
    assert proc.returncode == 0 and proc.stdout.strip().endswith("7 of 7 lessons pass")
