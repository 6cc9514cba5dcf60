"""`kubectl` on the learner's workstation: hands the words to the kubectl verb table."""
from __future__ import annotations

from webapp.shell.kubectl import registry

from . import Proc, program


@program("kubectl", "Kubernetes command-line client (v1.24)", where=("workstation",),
         usage="kubectl [command] [TYPE] [NAME] [flags]")
def kubectl(proc: Proc) -> int:
    return registry.run(proc.argv[1:], proc.world, proc.out, proc.err, stdin=proc.stdin,
                        interactive=proc.interactive)
