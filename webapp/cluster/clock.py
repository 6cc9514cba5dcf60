"""Injected clocks. The cluster never reads the system time itself."""
from __future__ import annotations

import time
from datetime import datetime, timezone
from functools import lru_cache
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds since the epoch (UTC)."""


class SystemClock:
    def now(self) -> float:
        return time.time()


class ManualClock:
    """A clock that moves only when told to; tests and benchmarks use it."""

    def __init__(self, start: float = 1661342400.0) -> None:  # 2022-08-24T12:00:00Z
        self.t = float(start)

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


class OffsetClock:
    """Another clock shifted by a fixed offset (a lesson's start state is built in the past)."""

    def __init__(self, base: Clock, offset: float) -> None:
        self.base, self.offset = base, offset

    def now(self) -> float:
        return self.base.now() + self.offset


def rfc3339(t: float) -> str:
    """Kubernetes' timestamp form: whole seconds, UTC, 'Z'."""
    return datetime.fromtimestamp(int(t), tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@lru_cache(maxsize=4096)
def parse_rfc3339(s: str) -> float:
    return datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()
