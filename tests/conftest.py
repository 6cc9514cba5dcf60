"""The few fixtures everything uses: a manual clock, a seeded cluster, a seeded terminal, and the
Flask `app` (SQLite store under tmp_path) with its test `client`."""
from __future__ import annotations

from pathlib import Path

import pytest

from webapp.cluster.clock import ManualClock

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLDEN = SHARED / "reference" / "golden"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(1661342400.0)  # 2022-08-24T12:00:00Z


@pytest.fixture
def cluster(clock):
    from webapp.cluster.cluster import Cluster
    return Cluster.new(7, clock)


class Sh:
    """Run lines on a seeded terminal; `advance` moves the clock (pods start within seconds)."""

    def __init__(self, terminal, clock: ManualClock) -> None:
        self.terminal, self.clock = terminal, clock

    def run(self, line: str):
        return self.terminal.run(line)

    def __call__(self, line: str) -> str:
        return self.terminal.run(line).output

    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)

    @property
    def cluster(self):
        return self.terminal.cluster


@pytest.fixture
def term(clock):
    from webapp.shell.terminal import Terminal
    return Terminal.new(7, clock)


@pytest.fixture
def sh(term, clock) -> Sh:
    return Sh(term, clock)


@pytest.fixture
def app(tmp_path):
    from webapp.web import create_app
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(tmp_path),
                       "KUBETUTOR_STORE": f"sqlite:///{tmp_path / 'sessions.db'}"})


@pytest.fixture
def client(app):
    return app.test_client()
