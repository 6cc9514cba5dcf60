"""Lesson Markdown -> HTML: raw HTML in the source is escaped, command blocks become runnable.

A fenced block whose info string is `command` is something to type: it renders as
`<pre class="command" data-command="...">` so the page can run it on click and copy it.
A block marked `output` is what the terminal printed; anything else is plain code.
"""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml


def _fence(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    info = (token.info or "").strip().split()
    kind = info[0] if info else ""
    text = token.content
    code = escapeHtml(text)
    if kind == "command":
        command = text.rstrip("\n")
        return (f'<pre class="command" data-command="{escapeHtml(command)}">'
                f"<code>{code}</code></pre>\n")
    if kind == "output":
        return f'<pre class="output"><code>{code}</code></pre>\n'
    css = f' class="language-{escapeHtml(kind)}"' if kind else ""
    return f"<pre><code{css}>{code}</code></pre>\n"


def _wide(ch: str) -> bool:
    """Japanese/Chinese script and full-width punctuation: no space belongs between them."""
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def _softbreak(self, tokens, idx, options, env) -> str:
    # A wrapped line in Japanese must not become a visible space between two characters.
    before = next((t.content[-1:] for t in reversed(tokens[:idx]) if t.content), "")
    after = next((t.content[:1] for t in tokens[idx + 1:] if t.content), "")
    if before and after and _wide(before) and _wide(after):
        return ""
    return "\n"


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.add_render_rule("fence", _fence)
    md.add_render_rule("softbreak", _softbreak)
    return md


def render(text: str) -> str:
    """Render a Markdown block to HTML; any HTML in the source shows as text."""
    return _markdown().render(text)


def render_inline(text: str) -> str:
    """Render one line (a goal, a hint) without a wrapping paragraph."""
    return _markdown().renderInline(text)


def command_blocks(text: str) -> list[str]:
    """The commands a Markdown block offers to run, in order (what data-command will hold)."""
    return [t.content.rstrip("\n") for t in _markdown().parse(text)
            if t.type == "fence" and (t.info or "").strip().split()[:1] == ["command"]]
