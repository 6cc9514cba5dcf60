"""The lesson loader: front matter validation, body sections, rendering, the check table."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from webapp.tutorial import CHECKS, LessonError, describe_checks, load_lessons, parse_lesson
from webapp.tutorial.render import command_blocks, render

GOOD = textwrap.dedent("""\
    ---
    slug: tiny
    number: 9
    title: {ja: 小さな課, en: A tiny lesson}
    start:
      setup: [kubectl create namespace test]
    steps:
      - id: first
        goal: {ja: 最初, en: First}
        checks:
          - namespace_current: test
        hints:
          - when: {ran: {program: nslookup, in: workstation, last: true}}
            ja: ポッドの中で
            en: Inside a pod
    solution:
      - kubectl config set-context --current --namespace=test
    in_real_work: {ja: 現場で, en: At work}
    ---
    <!-- ja -->
    はじめに
    <!-- step: first -->
    ```command
    kubectl get ns
    ```
    <!-- en -->
    Intro
    <!-- step: first -->
    Step text <script>alert(1)</script>
    ```command
    echo "<b>" && kubectl get ns
    ```
    ```output
    NAME   STATUS
    ```
    """)


def broken(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


def test_a_good_lesson_parses():
    lesson = parse_lesson(GOOD, "tiny.md")
    assert (lesson.slug, lesson.number, lesson.kind) == ("tiny", 9, "lesson")
    assert lesson.title("ja") == "小さな課" and lesson.title("en") == "A tiny lesson"
    assert lesson.setup == ("kubectl create namespace test",)
    assert [s.id for s in lesson.steps] == ["first"]
    assert lesson.steps[0].goal("en") == "First"
    assert lesson.steps[0].checks == (("namespace_current", {"namespace": "test"}),)
    assert lesson.steps[0].hints[0].text("ja") == "ポッドの中で"
    assert lesson.namespace == "test"


def test_an_unknown_language_falls_back_to_english():
    lesson = parse_lesson(GOOD, "tiny.md")
    assert lesson.title("fr") == "A tiny lesson"


@pytest.mark.parametrize("old,new,message", [
    ("namespace_current: test", "namespace_currnet: test", "unknown check 'namespace_currnet'"),
    ("{ja: 最初, en: First}", "{en: First}", "step first: goal: missing text in ja"),
    ("solution:\n  - kubectl config set-context --current --namespace=test\n", "",
     "missing `solution`"),
    ("solution:\n  - kubectl config set-context --current --namespace=test\n", "solution: []\n",
     "solution: must list at least one command"),
    ("title: {ja: 小さな課, en: A tiny lesson}", "title: {ja: 小さな課}", "title: missing text in en"),
    ("<!-- en -->", "<!-- en-x -->", "step 'first' appears twice in ja"),
    ("```output", "<!-- step: ghost -->\n```output", "text for unknown steps ['ghost'] in en"),
    ("- namespace_current: test", "- {service: {name: nginx, headles: true}}",
     "service has no parameter 'headles'"),
    ("- namespace_current: test", "- {endpoints_count: {service: nginx, at_least: two}}",
     "endpoints_count.at_least must be int"),
    ("- namespace_current: test", "- {object_exists: {kind: gadget, name: x}}",
     "object_exists.kind 'gadget' is not a kind kubectl knows"),
    ("- namespace_current: test", "- {ran: {program: curl, arg_matches: '('}}",
     "ran.arg_matches: bad regular expression"),
    ("- namespace_current: test", "- {context: moon}", "context.is must be one of workstation|pod"),
    ("- namespace_current: test", "- {traffic: {pods_at_least: 2}}", "traffic needs service"),
    ("- namespace_current: test", "- {all: []}", "all takes a non-empty list of checks"),
    ("- namespace_current: test", "- {not: {bogus: 1}}", "checks[0].not: unknown check 'bogus'"),
    ("- namespace_current: test", "- {namespace_current: test, service: nginx}",
     "exactly one key"),
    ("when: {ran:", "when: {rann:", "hints[0].when: unknown check 'rann'"),
    ("        en: Inside a pod\n", "", "hints[0]: missing text in en"),
    ("slug: tiny", "slug: Tiny Lesson", "slug must be lower-case"),
    ("number: 9", "number: nine", "number must be an integer"),
    ("number: 9", "number: 9\ncolour: red", "unknown front matter keys ['colour']"),
    ("- id: first", "- id: first\n    check: []", "unknown keys ['check']"),
    ("<!-- step: first -->\nStep text", "Step text", "step first: no text in en"),
    ("<!-- en -->\n", "", "step 'first' appears twice in ja"),
    ("  setup: [kubectl create namespace test]", "  setup: kubectl", "expected a list of commands"),
    ("start:", "kind: quiz\nstart:", "kind must be lesson or sandbox"),
])
def test_a_broken_lesson_is_rejected_with_a_clear_message(old, new, message):
    with pytest.raises(LessonError) as e:
        parse_lesson(broken(old, new), "tiny.md")
    assert message in str(e.value)
    assert str(e.value).startswith("tiny.md")


def test_a_file_without_front_matter_is_rejected():
    with pytest.raises(LessonError, match="no YAML front matter"):
        parse_lesson("# just markdown\n", "x.md")


def test_a_file_with_bad_yaml_is_rejected():
    with pytest.raises(LessonError, match="front matter is not valid YAML"):
        parse_lesson("---\nslug: [\n---\n", "x.md")


def test_missing_language_section_is_rejected():
    body_start = GOOD.index("<!-- en -->")
    with pytest.raises(LessonError, match="no <!-- en --> section"):
        parse_lesson(GOOD[:body_start], "tiny.md")


def test_a_folder_with_duplicate_slugs_is_rejected(tmp_path: Path):
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.md").write_text(GOOD.replace("number: 9", "number: 10"), encoding="utf-8")
    with pytest.raises(LessonError, match="duplicate lesson slug tiny"):
        load_lessons(tmp_path)


def test_a_folder_loads_in_number_order_and_skips_readme(tmp_path: Path):
    (tmp_path / "z.md").write_text(GOOD.replace("number: 9", "number: 1"), encoding="utf-8")
    (tmp_path / "a.md").write_text(GOOD.replace("slug: tiny", "slug: other"), encoding="utf-8")
    (tmp_path / "README.md").write_text("# how to write lessons\n", encoding="utf-8")
    assert [le.slug for le in load_lessons(tmp_path)] == ["tiny", "other"]


def test_html_in_lesson_text_is_escaped_and_commands_are_runnable():
    lesson = parse_lesson(GOOD, "tiny.md")
    soup = BeautifulSoup(lesson.steps[0].html("en"), "html.parser")
    assert soup.find("script") is None
    assert "<script>alert(1)</script>" in soup.get_text()
    command = soup.find("pre", class_="command")
    assert command["data-command"] == 'echo "<b>" && kubectl get ns'
    assert command.get_text() == 'echo "<b>" && kubectl get ns\n'
    output = soup.find("pre", class_="output")
    assert output.get("data-command") is None and output.get_text() == "NAME   STATUS\n"


def test_intro_renders_separately_from_steps():
    lesson = parse_lesson(GOOD, "tiny.md")
    assert BeautifulSoup(lesson.html("ja"), "html.parser").get_text().strip() == "はじめに"
    assert BeautifulSoup(lesson.html("en"), "html.parser").get_text().strip() == "Intro"


def test_wrapped_japanese_lines_join_without_a_space_but_english_keeps_one():
    html = render("日本語の文が\n続きます。\nEnglish wraps\nhere.")
    assert "日本語の文が続きます。" in html
    assert "English wraps\nhere." in html


def test_a_multi_line_command_keeps_its_lines():
    text = "```command\ncat <<EOF\nhello\nEOF\n```\n"
    assert command_blocks(text) == ["cat <<EOF\nhello\nEOF"]
    soup = BeautifulSoup(render(text), "html.parser")
    assert soup.pre["data-command"] == "cat <<EOF\nhello\nEOF"


def test_hint_html_renders_code_and_escapes_markup():
    lesson = parse_lesson(GOOD.replace("en: Inside a pod", "en: 'Use `kubectl exec` <i>now</i>'"),
                          "tiny.md")
    html = lesson.steps[0].hints[0].html("en")
    assert html == "Use <code>kubectl exec</code> &lt;i&gt;now&lt;/i&gt;"


def test_every_check_kind_has_a_one_line_description():
    lines = describe_checks().splitlines()
    assert len(lines) == len(CHECKS)
    for kind in CHECKS.values():
        assert kind.description and "\n" not in kind.description
    assert any(line.startswith("ran_kubectl ") for line in lines)
