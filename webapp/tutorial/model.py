"""Lessons as immutable values: steps with goals and checks, hints, the start state, the solution."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from webapp.tutorial.render import render, render_inline

LANGS = ("ja", "en")


def pick(texts: dict[str, str], lang: str) -> str:
    """The text in `lang`, or English when that language is not one we write."""
    return texts.get(lang) or texts["en"]


@dataclass(frozen=True)
class Hint:
    """Shown beside the terminal while its `when` check holds and its step is pending.

    A reactive hint answers what the latest line ran or printed (a wrong turn just taken); one
    that is not stands for a state that lasts, and yields to a reactive one."""

    when: tuple[str, Any]
    texts: dict[str, str]
    reactive: bool = False

    def text(self, lang: str) -> str:
        return pick(self.texts, lang)

    def html(self, lang: str) -> str:
        return render_inline(self.text(lang))


@dataclass(frozen=True)
class Step:
    id: str
    goals: dict[str, str]
    checks: tuple[tuple[str, Any], ...]   # all must pass
    hints: tuple[Hint, ...]
    bodies: dict[str, str]                # Markdown per language

    def goal(self, lang: str) -> str:
        return pick(self.goals, lang)

    def goal_html(self, lang: str) -> str:
        return render_inline(self.goal(lang))

    def html(self, lang: str) -> str:
        return render(pick(self.bodies, lang))


@dataclass(frozen=True)
class Lesson:
    slug: str
    number: int
    kind: str                              # "lesson" or "sandbox"
    titles: dict[str, str]
    namespace: str                         # checks that name objects look here by default
    setup: tuple[str, ...]                 # commands played in the past to build the start state
    steps: tuple[Step, ...]
    hints: tuple[Hint, ...]                # lesson-wide, after the pending step's own hints
    solution: tuple[str, ...]
    intros: dict[str, str]                 # Markdown before the first step
    real_work: dict[str, str]              # the closing line: where this shows up in real work
    path: str = ""

    @property
    def is_sandbox(self) -> bool:
        return self.kind == "sandbox"

    def title(self, lang: str) -> str:
        return pick(self.titles, lang)

    def html(self, lang: str) -> str:
        """The lesson's introduction (the steps render separately, each with its status)."""
        return render(pick(self.intros, lang))

    def real_work_html(self, lang: str) -> str:
        return render_inline(pick(self.real_work, lang))

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)
