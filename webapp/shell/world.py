"""What a running program may reach beyond its own host: the cluster, the kubeconfig, the
terminal's context stack (`kubectl exec -it` enters a pod shell) and the workstation's files."""
from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from webapp.cluster.errors import NotFound

from .programs import Budget, LimitExceeded, Stream

if TYPE_CHECKING:
    from .terminal import Terminal

SHELLS = ("sh", "ash", "bash", "dash", "zsh")


class World:
    def __init__(self, terminal: "Terminal", host) -> None:
        self.terminal = terminal
        self.host = host                      # the host the command line runs on
        self.cluster = terminal.cluster
        self.clock = terminal.cluster.clock
        self.kubeconfig = terminal.kubeconfig
        self.limits = terminal.limits
        self.pushes: list[dict] = []          # pod shells to enter when the line ends
        self.exit_requested = False
        self.clear_requested = False
        self.budget: Budget | None = None     # the command line's budget, shared by `kubectl exec`

    # ---- terminal actions
    def advance(self, seconds: float) -> None:
        """`sleep N`: the session's time jumps ahead instead of the learner waiting."""
        from .terminal import MAX_SKIP
        self.terminal.skew += max(0.0, min(float(seconds), MAX_SKIP))
        self.cluster.sync()

    def next_change(self) -> float | None:
        """When the cluster next changes by itself (a pod starts, a deletion ends), or None."""
        return self.cluster.next_due()

    def skip_to_next_change(self, deadline: float) -> bool:
        """Move the session's time just past the next due change, never beyond `deadline`;
        False when nothing is due before it."""
        due, now = self.next_change(), self.clock.now()
        if due is None or due > deadline or now >= deadline:
            return False
        self.advance(max(0.0, due - now) + 0.001)
        return True

    def wait_until(self, done, timeout: float, max_steps: int = 2000) -> bool:
        """What kubectl blocks on (a pod running, objects gone): skip time change by change until
        `done()` holds or `timeout` seconds of session time have passed."""
        deadline = self.clock.now() + timeout
        for _ in range(max_steps):  # bounded whatever the cluster schedules
            if done():
                return True
            if not self.skip_to_next_change(deadline):
                break
        return done()

    def wait_for_pod_running(self, namespace: str, pod_name: str, timeout: float = 60.0) -> bool:
        """`kubectl run --attach` waits for the pod to run."""
        from webapp.cluster.lifecycle import pod_ready

        def running() -> bool:
            pod = self.cluster.find("pods", namespace, pod_name)
            return pod is not None and (pod.get("status", {}).get("phase") == "Running" or pod_ready(pod))
        return self.wait_until(running, timeout)

    def wait_until_gone(self, objects: list[tuple[str, str | None, str, str]], timeout: float = 600.0) -> bool:
        """`kubectl delete` waits for the objects (resource, namespace, name, uid) to disappear."""
        def gone() -> bool:
            return all((cur := self.cluster.find(o[0], o[1], o[2])) is None or cur["metadata"].get("uid") != o[3]
                       for o in objects)
        return self.wait_until(gone, timeout)

    def request_clear(self) -> None:
        self.clear_requested = True

    def log_command(self, argv: list[str], exit_code: int, host=None) -> None:
        host = host or self.host
        self.terminal.log_command(argv, host.context_label(), exit_code)

    def enter_pod(self, namespace: str, pod_name: str, container: str, argv: list[str],
                  attach_rm: bool = False, attached: bool | None = None) -> tuple[str, int] | None:
        """Start an interactive shell in a container (after this line). Returns (message, exit code)
        when the container cannot start that program, as the runtime words it."""
        pod = self.cluster.get("pods", namespace, pod_name)
        program = argv[0].rsplit("/", 1)[-1] if argv else "sh"
        from .pod_host import PodHost
        host = PodHost(self.cluster, pod, container, self.terminal._tree(pod["metadata"]["uid"]), shell=program)
        if program not in SHELLS or not host.has_program(program):
            return None
        self.pushes.append({"kind": "pod", "namespace": namespace, "pod": pod_name, "uid": pod["metadata"]["uid"],
                            "container": container, "shell_name": program, "attach_rm": attach_rm,
                            "attached": attach_rm if attached is None else attached,
                            "shell": _initial_shell_state(host, tty=True)})
        return ("", 0)

    def run_in_pod(self, namespace: str, pod_name: str, container: str, argv: list[str],
                   stdin: str = "", out: Stream | None = None, err: Stream | None = None) -> int:
        """`kubectl exec POD -- CMD ARGS`: run one program in the container, its output to out/err."""
        from .lang import execute, parse
        from .pod_host import PodHost
        from .terminal import quote_argv
        pod = self.cluster.get("pods", namespace, pod_name)
        host = PodHost(self.cluster, pod, container, self.terminal._tree(pod["metadata"]["uid"]), shell="sh")
        state = _initial_shell_state_obj(host)
        script = parse(quote_argv(argv), flavor=host.shell_flavor)
        out = out or Stream()
        err = err or out
        sub_world = World(self.terminal, host)
        sub_world.budget = self.budget
        try:
            return execute(script, state, host, sub_world, out=out, err=err,
                           budget=_shared_budget(self), stdin=stdin)
        finally:
            self.pushes.extend(sub_world.pushes)

    def end_attached_run(self, namespace: str, pod_name: str, container: str, code: int,
                         attach_rm: bool) -> tuple[str, int]:
        """What kubectl prints when an attached `kubectl run` process ends, and its exit status."""
        frame = {"namespace": namespace, "pod": pod_name, "container": container, "attach_rm": attach_rm}
        return self.terminal.end_attached_run(frame, code)

    def host_for_pod(self, namespace: str, pod_name: str, container: str):
        from .pod_host import PodHost
        pod = self.cluster.get("pods", namespace, pod_name)
        return PodHost(self.cluster, pod, container, self.terminal._tree(pod["metadata"]["uid"]))

    # ---- files on the learner's workstation (kubectl apply -f)
    def read_workstation_file(self, path: str) -> str | None:
        host = self.host if self.host.kind == "workstation" else None
        if host is None:
            from .hosts import WorkstationHost
            host = WorkstationHost(self.terminal._tree("workstation"))
        if not path.startswith("/"):
            cwd = self.terminal.frames[0]["shell"].get("cwd", "/home/learner")
            path = cwd.rstrip("/") + "/" + path
        return host.read_file(posixpath.normpath(path))


def _shared_budget(world: World) -> Budget:
    return world.budget or Budget(world.limits.loop_iterations, world.limits.command_seconds)


def _initial_shell_state_obj(host, tty: bool = False):
    from .lang import ShellState
    return ShellState(cwd=host.workdir or "/", env=dict(host.initial_env(tty=tty)))


def _initial_shell_state(host, tty: bool = False) -> dict:
    d = _initial_shell_state_obj(host, tty).to_dict()
    d["history"] = []
    return d


__all__ = ["World", "LimitExceeded", "NotFound"]
