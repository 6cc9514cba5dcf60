"""Lessons (lessons/*.md) as data, their step checks, and the Workspace a lesson page runs on.

No Flask here. The web layer calls `load_lessons()`, `Workspace.new/run/from_dict`, and
`check_all()` backs `kubetutor lessons check`.
"""
from webapp.tutorial.checks import CHECKS, LessonError, describe_checks
from webapp.tutorial.loader import lesson_by_slug, load_lessons, parse_lesson
from webapp.tutorial.model import LANGS, Hint, Lesson, Step

__all__ = ["CHECKS", "LANGS", "Hint", "Lesson", "LessonError", "Step", "check_all",
           "describe_checks", "lesson_by_slug", "load_lessons", "parse_lesson", "Workspace"]


def __getattr__(name: str):
    # Workspace and check_all need the shell; import them only when asked for.
    if name == "Workspace":
        from webapp.tutorial.workspace import Workspace
        return Workspace
    if name == "check_all":
        from webapp.tutorial.solutions import check_all
        return check_all
    raise AttributeError(name)
