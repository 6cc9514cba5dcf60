"""Every golden kubectl output that belongs to create/expose/scale/delete/exec, byte for byte."""
from __future__ import annotations

from pathlib import Path

import pytest

from webapp.cluster.clock import ManualClock
from webapp.shell.terminal import Terminal

GOLDEN = Path(__file__).resolve().parent.parent.parent / "shared" / "reference" / "golden" / "kubectl"
ARTICLE_START = ("kubectl create namespace test", "kubectl config set-context --current --namespace=test")
WITH_DEPLOY = ARTICLE_START + ("kubectl create deploy nginx --image=nginx",)
WITH_SVC = WITH_DEPLOY + ("kubectl expose deploy nginx --port=80 --target-port=80",)

# golden case -> the commands that bring a fresh cluster to the state it was recorded in
CASES = {
    "create_deploy": ARTICLE_START,
    "exists_deploy": WITH_DEPLOY,
    "expose": WITH_DEPLOY,
    "expose_dry": WITH_DEPLOY,
    "expose_dry_yaml": WITH_DEPLOY,
    "expose_headless_dry_yaml": WITH_DEPLOY,
    "expose_noport": WITH_DEPLOY,
    "headless_expose": WITH_DEPLOY,
    "invalid_nodeport_none": WITH_DEPLOY,
    "exists_svc": WITH_SVC,
    "delete_svc": WITH_SVC,
    "scale": WITH_SVC,
    "exec_nocmd": WITH_SVC,
}


def _golden(case: str) -> tuple[str, str, int]:
    meta = (GOLDEN / f"{case}.meta").read_text().splitlines()
    command = meta[0].removeprefix("$ ")
    code = int(meta[1].removeprefix("exit="))
    expected = (GOLDEN / f"{case}.stdout").read_text() + (GOLDEN / f"{case}.stderr").read_text()
    return command, expected, code


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_output(case):
    clock = ManualClock()
    term = Terminal.new(7, clock)
    for line in CASES[case]:
        assert term.run(line).exit_code == 0, line
    clock.advance(30)
    command, expected, code = _golden(case)
    result = term.run(command)
    assert result.output == expected
    assert result.exit_code == code


def test_every_golden_of_these_verbs_is_covered():
    mine = {"create", "expose", "scale", "delete", "exec"}
    for meta in GOLDEN.glob("*.meta"):
        words = meta.read_text().split()
        if words[2] in mine:
            assert meta.stem in CASES
