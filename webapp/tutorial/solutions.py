"""`kubetutor lessons check`: validate every lesson file and play each reference solution."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from webapp.cluster.clock import ManualClock
from webapp.tutorial.checks import LessonError
from webapp.tutorial.loader import LESSONS_DIR, lesson_files, load_lessons, parse_lesson
from webapp.tutorial.model import Lesson

SECONDS_BETWEEN_COMMANDS = 5  # roughly a learner reading the output before typing on


def play_solution(lesson: Lesson, seed: int = 1, lessons_path: str | Path | None = None,
                  transcript: list[str] | None = None) -> list[str]:
    """Play the lesson's solution on a fresh workspace; return what went wrong (empty: solved).

    `transcript`, when given, receives each command's output."""
    from webapp.tutorial.workspace import Workspace  # needs the shell; keep loading light

    clock = ManualClock()
    ws = Workspace.new(lesson.slug, seed, clock, lessons_path)
    problems = [f"step {s} is already done in the start state" for s in ws.refresh()]
    transcript = [] if transcript is None else transcript
    for command in lesson.solution:
        clock.advance(SECONDS_BETWEEN_COMMANDS)
        result = ws.run(command)
        transcript.append(result.output)
    pending = [s for s, done in ws.progress.items() if not done]
    if pending:
        problems.append(f"steps still pending after the solution: {', '.join(pending)}")
        problems.append("output of the last 3 commands:\n" + "".join(transcript[-3:]))
    return problems


def check_all(out: TextIO = sys.stdout, path: str | Path | None = None, seed: int = 1) -> int:
    """Validate every lesson file and play each solution. Prints a line per lesson; 0 when all pass."""
    folder = Path(path) if path else LESSONS_DIR
    failures = 0
    for f in lesson_files(folder):
        try:
            parse_lesson(f.read_text(encoding="utf-8"), f.name)
        except LessonError as e:
            out.write(f"FAIL {e}\n")  # the message starts with the file name
            failures += 1
    if failures:
        return 1
    try:
        lessons = load_lessons(folder)
    except LessonError as e:
        out.write(f"FAIL {e}\n")
        return 1
    for lesson in lessons:
        problems = play_solution(lesson, seed, folder)
        if problems:
            failures += 1
            out.write(f"FAIL {lesson.path}: " + "\n  ".join(problems) + "\n")
        else:
            out.write(f"ok   {lesson.path}: {len(lesson.steps)} steps, "
                      f"{len(lesson.solution)} commands\n")
    out.write(f"{len(lessons) - failures} of {len(lessons)} lessons pass\n")
    return 1 if failures else 0
