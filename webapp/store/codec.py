"""Stored values: compact JSON, zlib-compressed (a workspace shrinks to a few KB)."""
from __future__ import annotations

import json
import zlib
from typing import Any


def encode(value: Any) -> bytes:
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return zlib.compress(text.encode("utf-8"), 6)


def decode(blob: bytes) -> Any:
    return json.loads(zlib.decompress(blob).decode("utf-8"))
