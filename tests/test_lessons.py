"""The lessons themselves: every file validates, every reference solution solves its lesson."""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from webapp.cluster.clock import ManualClock

from webapp.tutorial import LANGS, load_lessons
from webapp.tutorial.render import command_blocks
from webapp.tutorial.solutions import check_all, play_solution

LESSONS_DIR = Path(__file__).parent.parent / "lessons"
LESSONS = load_lessons(LESSONS_DIR)


def test_six_lessons_and_a_sandbox_in_order():
    assert [(le.number, le.kind) for le in LESSONS] == [
        (1, "lesson"), (2, "lesson"), (3, "lesson"), (4, "lesson"), (5, "lesson"), (6, "lesson"),
        (7, "sandbox")]
    assert LESSONS[-1].slug == "sandbox"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda le: le.slug)
def test_both_languages_offer_the_same_commands(lesson):
    # Each language is written on its own, but the commands to click must be the same.
    assert command_blocks(lesson.intros["ja"]) == command_blocks(lesson.intros["en"])
    for step in lesson.steps:
        assert command_blocks(step.bodies["ja"]) == command_blocks(step.bodies["en"]), step.id


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda le: le.slug)
def test_every_text_is_written_in_both_languages(lesson):
    for lang in LANGS:
        assert lesson.title(lang) and lesson.real_work[lang]
        for step in lesson.steps:
            assert step.goal(lang) and step.bodies[lang].strip(), (step.id, lang)
            for hint in step.hints:
                assert hint.texts[lang]
    # Japanese text is Japanese, English text is not.
    assert any("\u3040" <= ch <= "\u30ff" for ch in lesson.title("ja") + lesson.real_work["ja"])
    assert not any("\u3040" <= ch <= "\u30ff" for ch in lesson.steps[0].bodies["en"])


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda le: le.slug)
def test_the_reference_solution_completes_the_lesson(lesson):
    assert play_solution(lesson, seed=1, lessons_path=LESSONS_DIR) == []


def _output_blocks(text: str) -> list[str]:
    return [t.content for t in MarkdownIt("commonmark").parse(text)
            if t.type == "fence" and t.info.strip() == "output"]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda le: le.slug)
def test_outputs_quoted_in_the_text_are_what_the_simulator_prints(lesson):
    transcript: list[str] = []
    play_solution(lesson, seed=1, lessons_path=LESSONS_DIR, transcript=transcript)
    printed = "".join(transcript)
    for lang in LANGS:
        for text in (lesson.intros[lang], *(s.bodies[lang] for s in lesson.steps)):
            for block in _output_blocks(text):
                assert block in printed, (lang, block)


@pytest.mark.parametrize("seed", [2, 7, 12345])
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda le: le.slug)
def test_solutions_do_not_depend_on_the_seed(lesson, seed):
    assert play_solution(lesson, seed=seed, lessons_path=LESSONS_DIR) == []


def test_check_all_reports_every_lesson():
    out = io.StringIO()
    assert check_all(out, LESSONS_DIR) == 0
    lines = out.getvalue().splitlines()
    assert lines[-1] == f"{len(LESSONS)} of {len(LESSONS)} lessons pass"
    assert sum(line.startswith("ok   ") for line in lines) == len(LESSONS)


def test_check_all_fails_on_a_broken_lesson_file(tmp_path: Path):
    shutil.copy(LESSONS_DIR / "01-what-is-a-service.md", tmp_path / "01.md")
    text = (tmp_path / "01.md").read_text(encoding="utf-8")
    (tmp_path / "01.md").write_text(text.replace("namespace_current: test",
                                                 "namespace_is: test", 1), encoding="utf-8")
    out = io.StringIO()
    assert check_all(out, tmp_path) == 1
    assert "FAIL 01.md: step namespace: checks[1]: unknown check 'namespace_is'" in out.getvalue()


def test_check_all_fails_when_a_solution_leaves_a_step_pending(tmp_path: Path):
    text = (LESSONS_DIR / "01-what-is-a-service.md").read_text(encoding="utf-8")
    text = text.replace("  - kubectl get svc nginx\n", "")
    (tmp_path / "01.md").write_text(text, encoding="utf-8")
    out = io.StringIO()
    assert check_all(out, tmp_path) == 1
    assert "steps still pending after the solution: look" in out.getvalue()


# ---------------------------------------------------------------------------- what the prose claims
# Outputs the text or a hint describes in words (not in an ```output block), checked against
# the simulator on the path where the learner meets them.

def _workspace(slug: str, clock: ManualClock, seed: int = 1):
    from webapp.tutorial import Workspace
    return Workspace.new(slug, seed, clock, LESSONS_DIR)


def _cell(table: str, row_prefix: str, column: str) -> str:
    """The cell under `column` in the first row starting with `row_prefix` (kubectl's aligned table)."""
    header, *rows = table.splitlines()
    start = header.index(column)
    rest = header[start + len(column):]
    end = start + len(column) + (len(rest) - len(rest.lstrip())) if rest.strip() else None
    row = next(r for r in rows if r.startswith(row_prefix))
    return row[start:end].strip()


@pytest.mark.parametrize("seed", [1, 3, 12345])
def test_lesson2_endpoints_read_empty_until_the_replacement_is_ready(seed):
    # The replace-pod hint says the ENDPOINTS cell is empty while the new pod starts: `<none>`
    # before it has an IP (no subsets), blank once it has one but is not Ready.
    clock = ManualClock()
    ws = _workspace("clusterip-and-endpoints", clock, seed)
    ws.run("kubectl delete pod -l app=nginx")
    seen = set()
    for _ in range(240):
        pods = ws.run("kubectl get pods -o wide").output
        new = [r for r in pods.splitlines()[1:] if "Terminating" not in r]
        cell = _cell(ws.run("kubectl get ep nginx").output, "nginx", "ENDPOINTS")
        if new and " 1/1 " in new[0]:
            assert cell == new[0].split()[5] + ":80"
            break
        ip = new[0].split()[5] if new else "<none>"
        assert cell == ("<none>" if ip == "<none>" else ""), (ip, cell)
        seen.add(cell)
        clock.advance(0.25)
    else:
        pytest.fail("the replacement pod never became Ready")
    assert "" in seen


def test_lesson3_a_debugger_without_sleep_infinity_completes_then_crash_loops():
    # The text: STATUS goes from Completed to CrashLoopBackOff and RESTARTS climbs. Each start
    # is Running for a blink; the debugger step must not count one of those as done.
    clock = ManualClock()
    ws = _workspace("reach-it-by-name", clock)
    ws.run("kubectl create deploy debugger --image=thr3a/debugger")
    statuses = []
    for _ in range(600):
        clock.advance(0.1)
        statuses.append(_cell(ws.run("kubectl get pods").output, "debugger", "STATUS"))
        assert ws.progress["debugger"] is False, statuses[-5:]
    assert "Running" in statuses  # the blinks happen, so the check above was tested
    assert statuses.index("Completed") < statuses.index("CrashLoopBackOff")
    restarts = _cell(ws.run("kubectl get pods").output, "debugger", "RESTARTS")
    assert int(restarts.split()[0]) >= 2


def test_lesson4_one_address_until_the_second_pod_is_ready():
    clock = ManualClock()
    ws = _workspace("scaling-spreads-the-load", clock)
    ws.run("kubectl scale deploy nginx --replicas=2")
    first = _cell(ws.run("kubectl get pods").output, "nginx", "STATUS")
    assert "ContainerCreating" in ws.run("kubectl get pods").output, first
    assert ws.run("kubectl get ep nginx").output.count(":80") == 1
    clock.advance(60)
    assert ws.run("kubectl get ep nginx").output.count(":80") == 2


@pytest.mark.parametrize("slug,lines,pattern", [
    ("scaling-spreads-the-load", ["kubectl exec -it deploy/debugger -- sh"], None),  # `/ # `
    ("headless-services", ["kubectl delete svc nginx",
                           "kubectl expose deploy nginx --port=80 --cluster-ip=None",
                           "kubectl get svc nginx"], r"\nnginx +ClusterIP +None +<none> +80/TCP"),
    ("dig-and-the-search-list", ["kubectl exec -it deploy/debugger -- sh", "dig nginx"],
     r"status: NXDOMAIN(.|\n)*QUESTION SECTION:\n;nginx\.\t"),
    ("dig-and-the-search-list", ["kubectl exec -it deploy/debugger -- sh", "nslookup nginx."],
     r"can't find nginx\.?: NXDOMAIN"),
    ("sandbox", ["kubectl get ep shop"], r"\nshop +<none> +\d+m\n"),
])
def test_outputs_described_in_words_are_what_the_simulator_prints(slug, lines, pattern):
    clock = ManualClock()
    ws = _workspace(slug, clock)
    for line in lines:
        clock.advance(5)
        result = ws.run(line)
    if pattern is None:
        assert result.prompt == "/ # "
    else:
        assert re.search(pattern, result.output), result.output
