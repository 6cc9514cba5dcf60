"""Reading a Flask response's HTML the way the web tests assert it: through a parser."""
from __future__ import annotations

from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")
