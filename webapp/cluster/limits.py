"""Per-session limits with safe defaults; the environment may change them (DESIGN.md, Configuration)."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    command_length: int = 16_384        # characters in one submitted command (a pasted heredoc fits)
    objects: int = 400                  # API objects a session may hold (kube-system's included)
    pods: int = 120                     # pods a session may hold; more are refused like a ResourceQuota
    loop_iterations: int = 200_000      # work units of one command line (a loop iteration costs a few)
    command_seconds: int = 5            # wall-clock backstop for one command line
    output_chars: int = 200_000         # characters one command may print
    manifest_bytes: int = 262_144       # one `kubectl apply -f` input
    manifest_depth: int = 40            # nesting depth of a manifest
    log_lines: int = 1_000              # kept per container
    events: int = 200                   # kept per session

    @classmethod
    def from_env(cls, environ=os.environ) -> "Limits":
        """KUBETUTOR_LIMIT_<NAME> (e.g. KUBETUTOR_LIMIT_LOOP_ITERATIONS=50000) overrides a default."""
        values = {}
        for f in fields(cls):
            raw = environ.get(f"KUBETUTOR_LIMIT_{f.name.upper()}")
            if raw and raw.isdigit() and int(raw) > 0:
                values[f.name] = int(raw)
        return cls(**values)


DEFAULT_LIMITS = Limits()
