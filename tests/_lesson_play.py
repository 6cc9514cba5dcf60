"""Playing lines into a lesson workspace and reading a lesson's hint texts (tutorial tests share these)."""
from __future__ import annotations

from pathlib import Path

from webapp.cluster.clock import ManualClock
from webapp.tutorial import Workspace, lesson_by_slug

LESSONS_DIR = Path(__file__).parent.parent / "lessons"


def play(ws: Workspace, clock: ManualClock, *lines: str, pause: float = 5) -> None:
    for line in lines:
        clock.advance(pause)
        ws.run(line)


def hint_for(slug: str, step: str | None, index: int, lang: str = "en") -> str:
    lesson = lesson_by_slug(slug, LESSONS_DIR)
    hints = lesson.step(step).hints if step else lesson.hints
    return hints[index].text(lang)
