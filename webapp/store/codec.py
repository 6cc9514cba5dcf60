"""Stored values: compact JSON, zlib-compressed (a workspace shrinks to a few KB).

orjson and zlib level 1: a command's save is on every request's path, and these two choices cut
its cost about fivefold against the standard library's json with level 6 (bench/web_bench.py)."""
from __future__ import annotations

import zlib
from typing import Any

import orjson


def encode(value: Any) -> bytes:
    return zlib.compress(orjson.dumps(value), 1)


def decode(blob: bytes) -> Any:
    return orjson.loads(zlib.decompress(blob))
