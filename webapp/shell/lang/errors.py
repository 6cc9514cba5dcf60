"""The shell's own errors, worded like busybox ash (default), bash or dash."""
from __future__ import annotations


class ParseError(Exception):
    """The line is not valid sh; `message` is what the shell prints (exit status 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IncompleteInput(Exception):
    """The line ends inside a construct (open quote, heredoc, `for` without `done`, trailing `|`):
    the terminal shows a `> ` continuation prompt and parses again with the next line added."""


class ShellExit(Exception):
    """`exit [N]` in the top-level shell: the terminal leaves the (pod) shell with status `code`."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def shell_name(flavor: str) -> str:
    return "bash" if flavor == "bash" else "sh"


def shell_prefix(flavor: str) -> str:
    """What the shell puts before its own messages: 'bash: ', 'sh: ' or dash's 'sh: 1: '."""
    if flavor == "bash":
        return "bash: "
    if flavor == "dash":
        return "sh: 1: "
    return "sh: "


def syntax_message(flavor: str, token: str, expecting: str | None = None) -> str:
    """`token` is the offending token's text ('done', ')', 'newline', 'end of file', 'word')."""
    if flavor == "bash":
        if token == "end of file":
            return "bash: syntax error: unexpected end of file"
        return f"bash: syntax error near unexpected token `{token}'"
    shown = token if token in ("end of file", "newline", "word", "redirection") else f'"{token}"'
    tail = f' (expecting "{expecting}")' if expecting else ""
    if flavor == "dash":
        return f"sh: 1: Syntax error: {shown} unexpected{tail}"
    return f"sh: syntax error: unexpected {shown}{tail}"


def plain_syntax_message(flavor: str, what: str) -> str:
    """A syntax error without a token, e.g. 'bad substitution'."""
    if flavor == "dash":
        return f"sh: 1: Syntax error: {what}"
    return f"{shell_prefix(flavor)}syntax error: {what}"
