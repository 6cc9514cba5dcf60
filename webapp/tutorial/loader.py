"""Reads lessons/*.md (YAML front matter + Markdown in both languages) into validated Lessons.

Body layout: `<!-- ja -->` and `<!-- en -->` open a language; inside one, text before the first
`<!-- step: ID -->` is the introduction and each marker opens that step's text.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from webapp.tutorial.checks import LessonError, normalize, reacts_to_last_command
from webapp.tutorial.model import LANGS, Hint, Lesson, Step

LESSONS_DIR = Path(__file__).resolve().parents[2] / "lessons"
_FRONT = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.S)
_MARKER = re.compile(r"^<!--\s*(?:(ja|en)|step:\s*(\S+))\s*-->\s*$", re.M)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_KEYS = {"slug", "number", "kind", "title", "namespace", "start", "steps", "hints", "solution",
         "in_real_work"}
_STEP_KEYS = {"id", "goal", "checks", "hints"}


def _texts(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise LessonError(f"{where}: expected a mapping with {' and '.join(LANGS)}")
    missing = [lang for lang in LANGS if not (isinstance(value.get(lang), str)
                                              and value[lang].strip())]
    if missing:
        raise LessonError(f"{where}: missing text in {', '.join(missing)}")
    extra = set(value) - set(LANGS)
    if extra:
        raise LessonError(f"{where}: unknown language {sorted(extra)}")
    return {lang: value[lang].strip() for lang in LANGS}


def _commands(value: Any, where: str, allow_empty: bool) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(c, str) and c.strip() for c in value):
        raise LessonError(f"{where}: expected a list of commands")
    if not value and not allow_empty:
        raise LessonError(f"{where}: must list at least one command")
    return tuple(value)


def _hints(value: Any, where: str) -> tuple[Hint, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise LessonError(f"{where}: expected a list of hints")
    hints = []
    for i, h in enumerate(value):
        w = f"{where}[{i}]"
        if not isinstance(h, dict) or "when" not in h:
            raise LessonError(f"{w}: a hint needs `when` and text in {' and '.join(LANGS)}")
        when = normalize(h["when"], f"{w}.when")
        hints.append(Hint(when, _texts({k: v for k, v in h.items() if k != "when"}, w),
                          reacts_to_last_command(when)))
    return tuple(hints)


def _split_body(body: str, where: str) -> dict[str, dict[str | None, str]]:
    """{lang: {None: intro, step_id: text}} from the marked-up Markdown body."""
    sections: dict[str, dict[str | None, str]] = {}
    lang: str | None = None
    part: str | None = None
    pos = 0
    chunks: list[tuple[str | None, str | None, int, int]] = []
    for m in _MARKER.finditer(body):
        chunks.append((lang, part, pos, m.start()))
        if m.group(1):
            lang, part = m.group(1), None
            if lang in sections:
                raise LessonError(f"{where}: language section <!-- {lang} --> appears twice")
            sections[lang] = {}
        else:
            if lang is None:
                raise LessonError(f"{where}: step marker {m.group(2)!r} before any language marker")
            part = m.group(2)
            if part in sections[lang]:
                raise LessonError(f"{where}: step {part!r} appears twice in {lang}")
            sections[lang][part] = ""
        pos = m.end()
    chunks.append((lang, part, pos, len(body)))
    for c_lang, c_part, start, end in chunks:
        text = body[start:end].strip()
        if c_lang is None:
            if text:
                raise LessonError(f"{where}: text before the first language marker")
            continue
        sections[c_lang][c_part] = text
    return sections


def parse_lesson(text: str, where: str = "<lesson>") -> Lesson:
    """Parse and validate one lesson file's text; raise LessonError naming `where`."""
    m = _FRONT.match(text.replace("\r\n", "\n"))
    if not m:
        raise LessonError(f"{where}: no YAML front matter (a file starts with a line '---')")
    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError as e:
        raise LessonError(f"{where}: front matter is not valid YAML: {e}") from None
    if not isinstance(meta, dict):
        raise LessonError(f"{where}: front matter must be a mapping")
    unknown = set(meta) - _KEYS
    if unknown:
        raise LessonError(f"{where}: unknown front matter keys {sorted(unknown)}")
    for key in ("slug", "number", "title", "steps", "solution", "in_real_work"):
        if key not in meta:
            raise LessonError(f"{where}: missing `{key}`")
    slug = meta["slug"]
    if not isinstance(slug, str) or not _ID.match(slug):
        raise LessonError(f"{where}: slug must be lower-case words joined by '-', got {slug!r}")
    if not isinstance(meta["number"], int) or isinstance(meta["number"], bool):
        raise LessonError(f"{where}: number must be an integer")
    kind = meta.get("kind", "lesson")
    if kind not in ("lesson", "sandbox"):
        raise LessonError(f"{where}: kind must be lesson or sandbox, got {kind!r}")
    start = meta.get("start") or {}
    if isinstance(start, list):
        start = {"setup": start}
    if not isinstance(start, dict) or set(start) - {"setup"}:
        raise LessonError(f"{where}: start must be a mapping with `setup` (a list of commands)")
    setup = _commands(start.get("setup", []), f"{where}: start.setup", allow_empty=True)
    sections = _split_body(m.group(2), where)
    for lang in LANGS:
        if lang not in sections:
            raise LessonError(f"{where}: the body has no <!-- {lang} --> section")
    if not isinstance(meta["steps"], list) or not meta["steps"]:
        raise LessonError(f"{where}: steps must be a non-empty list")
    steps, seen = [], set()
    for i, raw in enumerate(meta["steps"]):
        w = f"{where}: steps[{i}]"
        if not isinstance(raw, dict):
            raise LessonError(f"{w}: a step is a mapping")
        unknown = set(raw) - _STEP_KEYS
        if unknown:
            raise LessonError(f"{w}: unknown keys {sorted(unknown)}")
        sid = raw.get("id")
        if not isinstance(sid, str) or not _ID.match(sid) or sid in seen:
            raise LessonError(f"{w}: id must be a unique lower-case word, got {sid!r}")
        seen.add(sid)
        w = f"{where}: step {sid}"
        checks = raw.get("checks")
        if not isinstance(checks, list) or not checks:
            raise LessonError(f"{w}: checks must be a non-empty list")
        bodies = {}
        for lang in LANGS:
            if sid not in sections[lang]:
                raise LessonError(f"{w}: no text in {lang} (<!-- step: {sid} -->)")
            bodies[lang] = sections[lang][sid]
        steps.append(Step(sid, _texts(raw.get("goal"), f"{w}: goal"),
                          tuple(normalize(c, f"{w}: checks[{j}]") for j, c in enumerate(checks)),
                          _hints(raw.get("hints"), f"{w}: hints"), bodies))
    for lang in LANGS:
        stray = [p for p in sections[lang] if p is not None and p not in seen]
        if stray:
            raise LessonError(f"{where}: text for unknown steps {stray} in {lang}")
    return Lesson(
        slug=slug, number=meta["number"], kind=kind,
        titles=_texts(meta["title"], f"{where}: title"),
        namespace=meta.get("namespace", "test"),
        setup=setup, steps=tuple(steps), hints=_hints(meta.get("hints"), f"{where}: hints"),
        solution=_commands(meta["solution"], f"{where}: solution", allow_empty=False),
        intros={lang: sections[lang].get(None, "") for lang in LANGS},
        real_work=_texts(meta["in_real_work"], f"{where}: in_real_work"), path=where)


def lesson_files(path: Path) -> list[Path]:
    """The lesson files in a folder: every *.md except README.md and _drafts."""
    return sorted(p for p in path.glob("*.md")
                  if not p.name.startswith("_") and p.name.upper() != "README.MD")


def load_lessons(path: str | Path | None = None) -> list[Lesson]:
    """All lessons in `path` (default: the repository's lessons/), ordered by number.

    Raises LessonError for the first malformed file, or for duplicate slugs or numbers."""
    return list(_load(str(Path(path).resolve() if path else LESSONS_DIR)))


@lru_cache(maxsize=8)
def _load(folder: str) -> tuple[Lesson, ...]:
    lessons = []
    files = lesson_files(Path(folder))
    if not files:
        raise LessonError(f"{folder}: no lesson files")
    for f in files:
        lessons.append(parse_lesson(f.read_text(encoding="utf-8"), f.name))
    for attr in ("slug", "number"):
        values = [getattr(le, attr) for le in lessons]
        dup = sorted({str(v) for v in values if values.count(v) > 1})
        if dup:
            raise LessonError(f"{folder}: duplicate lesson {attr} {', '.join(dup)}")
    return tuple(sorted(lessons, key=lambda le: le.number))


def lesson_by_slug(slug: str, path: str | Path | None = None) -> Lesson:
    """The lesson (or the sandbox) with this slug; KeyError when there is none."""
    for lesson in load_lessons(path):
        if lesson.slug == slug:
            return lesson
    raise KeyError(slug)
