"""The lessons themselves: every file validates, every reference solution solves its lesson."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

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
