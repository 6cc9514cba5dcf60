"""Names as Kubernetes makes them: pod-template-hash, generateName suffixes, UIDs."""
from __future__ import annotations

import json
from functools import lru_cache

from .rng import Rng

# apimachinery's rand alphabet: no vowels, no 0/1/3, so generated names never spell words
SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
MAX_GENERATED_BASE = 58


@lru_cache(maxsize=1024)
def fnv1a_32(data: bytes) -> int:
    h = 0x811C9DC5
    for b in data:
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def safe_encode(text: str) -> str:
    """apimachinery's SafeEncodeString: every character becomes alphabet[ord(c) % 27]."""
    return "".join(SUFFIX_ALPHABET[ord(c) % len(SUFFIX_ALPHABET)] for c in text)


def pod_template_hash(template: dict, collision_count: int = 0) -> str:
    """FNV-1a of the pod template (canonical JSON here), written in decimal, then safe-encoded.

    The same template always gives the same hash; only the characters 4-9 b c d f can appear."""
    data = json.dumps(template, sort_keys=True, separators=(",", ":")).encode()
    h = fnv1a_32(data)
    if collision_count:
        h = fnv1a_32(data + collision_count.to_bytes(4, "little"))
    return safe_encode(str(h))


def generate_name(base: str, rng: Rng) -> str:
    base = base[:MAX_GENERATED_BASE]
    return base + "".join(SUFFIX_ALPHABET[rng.below(len(SUFFIX_ALPHABET))] for _ in range(5))


def new_uid(rng: Rng) -> str:
    h = rng.hex(32)
    # RFC 4122 version 4 layout
    return f"{h[0:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"
