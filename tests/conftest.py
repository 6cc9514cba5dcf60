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


def free_port() -> int:
    """A free TCP port on loopback for a server a test starts."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def redis_port(tmp_path_factory):
    """One real redis-server for the whole run (no persistence); tests flush the db they use."""
    import shutil
    import socket
    import subprocess
    import time
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed on this machine")
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path_factory.mktemp("redis"))],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
    yield port
    proc.terminate()
    proc.wait(timeout=10)
