"""Reading a Flask response's HTML the way the web tests assert it: through a parser."""
from __future__ import annotations

from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def pre_text(element) -> str:
    """A <pre>'s text as a browser shows it: HTML drops one newline right after the start tag."""
    text = element.get_text()
    return text[1:] if text.startswith("\n") else text
