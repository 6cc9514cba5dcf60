"""Browser test harness: the real server (gunicorn through `webapp.web.serve`) and Debian's Chromium
driven by Playwright. Fixtures: `server` (restartable, one per module), `browser`, `page` (fails the
test on any console error), and `Terminal` helpers to type commands and read the output."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KUBETUTOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`kubetutor serve` in a subprocess on a free loopback port; restart keeps the same store."""

    def __init__(self, instance: Path, workers: int = 2) -> None:
        self.instance, self.workers = instance, workers
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.log = instance / "server.log"

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "KUBETUTOR_INSTANCE": str(self.instance),
               "KUBETUTOR_STORE": f"sqlite:///{self.instance / 'kubetutor.db'}",
               "KUBETUTOR_SECRET_KEY": "browser-tests-secret"}
        code = f"from webapp.web import serve; serve('127.0.0.1', {self.port}, workers={self.workers})"
        with open(self.log, "ab") as log:  # the child keeps its own copy of the descriptor
            self.proc = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=ROOT,
                                         stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90  # a loaded 2-core machine starts gunicorn slowly
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if requests.get(self.url + "/", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("server did not answer GET / within 30 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("instance"))
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (the CI script does)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh browser context (no cookies); any console error or page error fails the test."""
    lang = getattr(request, "param", "en")
    context = browser.new_context(locale="ja-JP" if lang == "ja" else "en-US", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda msg: problems.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None)
    pg.on("pageerror", lambda exc: problems.append(f"pageerror: {exc}"))
    pg.set_default_timeout(15_000)
    yield pg
    context.close()
    assert problems == [], problems


class Terminal:
    """Drive the in-page terminal like a person: type, press Enter, read what came back."""

    def __init__(self, page) -> None:
        self.page = page

    def entries(self) -> int:
        return self.page.locator("#terminal-output .entry").count()

    def run(self, command: str, timeout: float = 15_000) -> str:
        """Type `command`, press Enter, wait for its entry, return its output text."""
        before = self.entries()
        box = self.page.locator("#terminal-input")
        box.click()
        box.fill(command)
        box.press("Enter")
        return self.wait_entry(before, timeout)

    def wait_entry(self, before: int, timeout: float = 15_000) -> str:
        self.page.wait_for_function(
            "n => document.querySelectorAll('#terminal-output .entry').length > n", arg=before, timeout=timeout)
        last = self.page.locator("#terminal-output .entry").last
        out = last.locator(".output")
        return out.text_content() if out.count() else ""

    def prompt(self) -> str:
        return self.page.locator("#terminal-prompt").text_content()


@pytest.fixture
def terminal(page) -> Terminal:
    return Terminal(page)
