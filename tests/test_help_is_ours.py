"""Help texts are written in our own words: no run of 8 words is lifted from kubectl's own help.

The layout, flag names, defaults, usage lines and example commands are facts and may match the
real tool; the prose around them (descriptions, example comments, flag help) must not.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from webapp.cluster.clock import ManualClock
from webapp.shell.kubectl import registry
from webapp.shell.programs import load_all

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "kubectl-help-v1.32"
RUN = 8
_HEADERS = {"Examples:", "Options:", "Usage:", "Aliases:", "Available Commands:"}
_FLAG_HEAD = re.compile(r"^\s*(-\w, )?--[\w-]+=.*:$")
# a line listing kinds with their short names, "pod (po), service (svc)", is a fact
_KIND_LIST = re.compile(r"([\w-]+ \([\w-]+\)(, )?)+")
# so are lists of values in parentheses, "(json, yaml, name)" or "(none|cpu|heap)", and URLs
_FACT_SPANS = re.compile(r"(\((?:[\w.-]+(?:, |\|))+[\w.-]+\)|\[?https?://\S+)")


def _words(text: str) -> list[str]:
    # case and punctuation do not disguise a copied sentence
    return [w for w in (re.sub(r"[^a-z0-9]", "", t) for t in text.lower().split()) if w]


def _reference_runs() -> set[tuple[str, ...]]:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference help folder absent: {REFERENCE}")
    runs: set[tuple[str, ...]] = set()
    for path in sorted(REFERENCE.glob("*.txt")):
        words = _words(path.read_text())
        runs.update(tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1))
    assert runs, "the reference folder holds no help text"
    return runs


def _is_fact_line(line: str, section: str) -> bool:
    stripped = line.strip()
    if stripped in _HEADERS or _FLAG_HEAD.match(line) or stripped.lower().startswith("usage:"):
        return True
    if section == "Usage:" and line.startswith("  "):
        return True
    if section == "Examples:" and stripped and not stripped.startswith("#"):
        return True
    if _KIND_LIST.fullmatch(stripped):
        return True
    return section == "Aliases:" and bool(stripped)


def prose_segments(help_text: str) -> list[list[str]]:
    """The prose of a help text as runs of words. Facts (headers, flag name lines, the usage
    line, example commands, aliases, lists of values like `(json, yaml)`, URLs) end a run."""
    segments: list[list[str]] = [[]]
    section = ""
    for line in help_text.split("\n"):
        if line.strip() in _HEADERS:
            section = line.strip()
        if _is_fact_line(line, section):
            segments.append([])
            continue
        for piece in _FACT_SPANS.split(line):
            if _FACT_SPANS.fullmatch(piece):
                segments.append([])
            else:
                segments[-1].extend(_words(piece))
    return [seg for seg in segments if len(seg) >= RUN]


def copied_runs(help_text: str, reference: set[tuple[str, ...]]) -> list[str]:
    """Runs of RUN prose words that appear verbatim in the reference."""
    found = []
    for seg in prose_segments(help_text):
        for i in range(len(seg) - RUN + 1):
            if tuple(seg[i:i + RUN]) in reference:
                found.append(" ".join(seg[i:i + RUN]))
    return found


def _kubectl(words: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    registry.run(words, None, out, err)
    return out.getvalue() + err.getvalue()


def _verb_paths() -> list[tuple[str, ...]]:
    registry.load_verbs()
    return sorted(path for path, node in registry.VERBS.items()
                  if node.handler is not None or node.children)


def test_the_detector_finds_a_copied_sentence():
    reference = _reference_runs()
    lines = [line for path in sorted(REFERENCE.glob("*.txt")) for line in path.read_text().split("\n")]
    longest = max((line for line in lines if line.startswith("\t")), key=len)  # a flag's help
    assert copied_runs(f"Options:\n    --x='':\n{longest}\n", reference), "a reference line must count"
    assert not copied_runs("Usage:\n  kubectl expose (-f FILENAME | TYPE NAME) [--port=port] "
                           "[--protocol=TCP|UDP|SCTP] [--target-port=number-or-name]\n", reference)
    assert not copied_runs("\tOne of: (json, yaml, name, go-template, go-template-file, template, "
                           "templatefile, jsonpath).\n", reference)


@pytest.mark.parametrize("path", _verb_paths(), ids=lambda p: " ".join(p) or "kubectl")
def test_kubectl_help_is_in_our_words(path):
    reference = _reference_runs()
    text = _kubectl([*path, "--help"])
    assert "Usage:" in text
    assert copied_runs(text, reference) == []


def test_kubectl_options_list_is_in_our_words():
    reference = _reference_runs()
    text = _kubectl(["options"])
    assert "--namespace" in text
    assert copied_runs(text, reference) == []


@pytest.mark.parametrize("name", sorted(n for n, spec in load_all().items() if spec.usage))
def test_program_help_is_in_our_words(name):
    from webapp.shell.terminal import Terminal
    reference = _reference_runs()
    term = Terminal.new(7, ManualClock(1661342400.0))
    for line in (f"{name} --help", f"{name} -h"):
        result = term.run(line)
        assert copied_runs(result.output, reference) == [], line
