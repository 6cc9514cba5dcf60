"""Replays the acceptance corpus built from the Kubernetes documentation (tests/transcripts/*.yaml)
in-process against `Terminal`, with the checks of ../shared/tools/transcript.py.

Each scenario starts from a fresh seeded cluster on a `ManualClock`; `retry_for: N` advances that
clock one second per retry (at most N retries) instead of sleeping. Scenarios that fail because the
simulator lacks something are listed in SIMULATOR_GAPS with the command that fails first and the
reason: they xfail only when they fail at that command, and fail when they pass (remove the entry).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from webapp.cluster.clock import ManualClock

CORPUS_DIR = Path(__file__).resolve().parent / "transcripts"
STEP_KEYS = {"cmd", "expect", "not", "exit_code", "capture", "retry_for", "table", "traffic"}
SCENARIO_KEYS = {"id", "namespace", "files", "steps"}


class StepFailed(AssertionError):
    """A step whose checks still fail after its retries; the message shows the command and output."""

    def __init__(self, message: str, cmd: str = "") -> None:
        super().__init__(message)
        self.cmd = cmd


@dataclass(frozen=True)
class Gap:
    """A scenario that fails today because the simulator lacks something: the command of the first
    step that fails (a regex searched in it), and why. Any other failure, or a pass, fails the test."""

    first_failing: str
    reason: str


# scenario id -> the command that fails first today and what the simulator lacks there.
SIMULATOR_GAPS: dict[str, Gap] = {
}


def seeds() -> list[int]:
    """Seeds to replay with: KUBETUTOR_TRANSCRIPT_SEEDS="1,2,3" widens the default single seed."""
    raw = os.environ.get("KUBETUTOR_TRANSCRIPT_SEEDS", "7")
    return [int(s) for s in raw.split(",") if s.strip()]


def substitute(text: str, vars: dict[str, str], escape: bool) -> str:
    """`${name}` -> a captured value (regex-escaped inside patterns), as transcript.py does."""
    def repl(m: re.Match) -> str:
        if m.group(1) not in vars:
            raise StepFailed(f"unknown variable ${{{m.group(1)}}}")
        value = vars[m.group(1)]
        return re.escape(value) if escape else value
    return re.sub(r"\$\{(\w+)\}", repl, text)


def columns_line_up(output: str) -> str | None:
    """Each header column starts where its values start (kubectl's tabwriter, 3 spaces apart)."""
    lines = [line for line in output.splitlines() if line.strip()]
    if len(lines) < 2:
        return "no table rows"
    header = lines[0]
    starts = [m.start() for m in re.finditer(r"(?<=\s{3})\S", header)]
    for row in lines[1:]:
        for pos in starts:
            if pos >= len(row) or row[pos] == " " or row[pos - 1] != " ":
                return f"row {row!r} does not line up with header {header!r} at column {pos}"
    return None


class Session:
    """One fresh seeded terminal and the manual clock it reads."""

    def __init__(self, seed: int) -> None:
        from webapp.shell.terminal import Terminal
        self.seed, self.clock = seed, ManualClock()
        self.terminal = Terminal.new(seed, self.clock)

    def run(self, command: str):
        return self.terminal.run(command)

    def traffic(self) -> dict:
        return self.terminal.traffic()


def check_step(sess: Session, step: dict, vars: dict[str, str]) -> tuple[str, list[str]]:
    """Run the step once; return its output and the list of failed checks (empty: passed)."""
    cmd = substitute(step["cmd"], vars, escape=False)
    result = sess.run(cmd)
    out = result.output
    problems = []
    if result.failed:
        problems.append("the terminal reported an internal error")
    for name, pattern in (step.get("capture") or {}).items():
        m = re.search(substitute(pattern, vars, escape=True), out, re.M)
        if m:
            vars[name] = m.group(1)
        else:
            problems.append(f"capture {name}: no match for /{pattern}/")
    if "exit_code" in step and result.exit_code != step["exit_code"]:
        problems.append(f"exit code {result.exit_code} != {step['exit_code']}")
    for pattern in step.get("expect") or []:
        if not re.search(substitute(pattern, vars, escape=True), out, re.M):
            problems.append(f"missing /{pattern}/")
    for pattern in step.get("not") or []:
        if re.search(substitute(pattern, vars, escape=True), out, re.M):
            problems.append(f"unwanted /{pattern}/")
    if step.get("table"):
        bad = columns_line_up(out)
        if bad:
            problems.append(bad)
    if "traffic" in step:
        want = step["traffic"]
        counts = {k: v for k, v in sess.traffic().get("pods", {}).items() if v}
        total = sum(counts.values())
        if len(counts) != want.get("pods", len(counts)):
            problems.append(f"traffic reached {len(counts)} pods, want {want['pods']}: {counts}")
        elif total and min(counts.values()) / total < want.get("min_share", 0):
            problems.append(f"traffic uneven: {counts}")
    return out, problems


def replay(scenario: dict, seed: int, sess: Session | None = None) -> Session:
    """Write the scenario's files, then run its steps in order; raise StepFailed at the first
    step whose checks fail after `retry_for` simulated seconds."""
    sess = sess or Session(seed)
    vars: dict[str, str] = {}
    for name, body in (scenario.get("files") or {}).items():
        text = body if body.endswith("\n") else body + "\n"
        written = sess.run(f"cat > {name} <<'EOF'\n{text}EOF")
        if written.exit_code != 0:
            raise StepFailed(f"could not write {name}: {written.output!r}")
    for number, step in enumerate(scenario["steps"], 1):
        waited = 0
        while True:
            out, problems = check_step(sess, step, vars)
            if not problems:
                break
            if waited >= float(step.get("retry_for", 0)):
                cmd = substitute(step["cmd"], vars, escape=False)
                shown = "\n".join("    | " + line for line in out.splitlines()[:40])
                raise StepFailed(f"[{scenario['id']} step {number}, seed {seed}] $ {cmd}\n"
                                 + "\n".join("  - " + p for p in problems) + f"\n  output:\n{shown}", cmd)
            sess.clock.advance(1.0)
            waited += 1
    return sess


def load_corpus(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f) or []


def corpus_params(paths: list[Path]) -> list:
    """One pytest param per (file, scenario, seed)."""
    params = []
    for path in paths:
        for scenario in load_corpus(path):
            for seed in seeds():
                params.append(pytest.param(scenario, seed, id=f"{path.stem}::{scenario['id']}::seed{seed}"))
    return params


def replay_or_known_gap(scenario: dict, seed: int, gaps: dict[str, Gap]) -> None:
    """Replay; a listed gap must fail exactly at its first failing command (then xfail), and a
    listed scenario that passes fails so that the list is kept short and true."""
    gap = gaps.get(scenario["id"])
    if gap is None:
        replay(scenario, seed)
        return
    try:
        replay(scenario, seed)
    except StepFailed as failure:
        if re.search(gap.first_failing, failure.cmd):
            pytest.xfail(f"simulator gap: {gap.reason}")
        raise
    pytest.fail(f"{scenario['id']} passes now: remove it from the gap list")


DOC_FILES = sorted(CORPUS_DIR.glob("*.yaml"))


@pytest.mark.parametrize(("scenario", "seed"), corpus_params(DOC_FILES))
def test_docs_scenario(scenario: dict, seed: int) -> None:
    replay_or_known_gap(scenario, seed, SIMULATOR_GAPS)


# ---------------------------------------------------------------------------- the corpus itself

def test_corpus_covers_every_docs_page() -> None:
    assert {p.stem for p in DOC_FILES} >= {
        "connect-applications-service", "debug-service", "dns-debugging-resolution",
        "dns-pod-service", "service-concept", "kubernetes-basics"}


def test_corpus_is_well_formed() -> None:
    """Unique ids, known keys, patterns that compile, captures defined before use."""
    ids = set()
    for path in DOC_FILES:
        for scenario in load_corpus(path):
            sid = scenario.get("id")
            assert sid and sid not in ids, f"{path.name}: duplicate or missing id {sid!r}"
            ids.add(sid)
            assert set(scenario) <= SCENARIO_KEYS, f"{sid}: unknown keys {set(scenario) - SCENARIO_KEYS}"
            assert scenario["steps"], sid
            known: set[str] = set()
            for step in scenario["steps"]:
                assert set(step) <= STEP_KEYS, f"{sid}: unknown step keys {set(step) - STEP_KEYS}"
                texts = [step["cmd"], *(step.get("expect") or []), *(step.get("not") or []),
                         *(step.get("capture") or {}).values()]
                for text in texts:
                    for name in re.findall(r"\$\{(\w+)\}", text):
                        assert name in known, f"{sid}: ${{{name}}} used before it is captured"
                for pattern in texts[1:]:
                    re.compile(pattern.replace("${", "{"), re.M)
                known |= set(step.get("capture") or {})
    assert set(SIMULATOR_GAPS) <= ids, "SIMULATOR_GAPS names a scenario that does not exist"


def test_replay_reports_the_failing_step() -> None:
    """The harness itself: a wrong expectation fails with the command and the output shown."""
    scenario = {"id": "harness", "steps": [
        {"cmd": "echo hello", "expect": ["^hello$"], "exit_code": 0, "capture": {"word": "(h\\w+)"}},
        {"cmd": "echo ${word} again", "expect": ["^goodbye$"]}]}
    with pytest.raises(StepFailed, match=r"(?s)step 2.*\$ echo hello again.*missing /\^goodbye\$/.*\| hello again"):
        replay(scenario, 7)


def test_retry_advances_the_manual_clock() -> None:
    """`retry_for` moves simulated time forward one second per attempt, never wall time."""
    sess = Session(7)
    start = sess.clock.now()
    scenario = {"id": "harness-retry", "steps": [{"cmd": "echo tick", "expect": ["^tock$"], "retry_for": 5}]}
    with pytest.raises(StepFailed):
        replay(scenario, 7, sess)
    assert sess.clock.now() == start + 5
