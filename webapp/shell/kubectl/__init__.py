"""kubectl for the simulated cluster: the verb table (`registry`), flag grammar (`flags`),
resource kinds (`resources`), the kubeconfig (`kubeconfig`) and the verbs (`verbs/`).

`run(words, world, out, err, stdin)` runs one `kubectl` command line; `complete(words)` gives
Tab completion candidates.
"""
from .registry import complete, run

__all__ = ["run", "complete"]
