"""`kubectl attach POD -it`: join the container's main process.

When that process is a shell reading a TTY (`kubectl run -it ... -- sh`), the terminal enters
it, and leaving it ends the container as it would for real. Any other process would stream its
output until Ctrl-C, which this terminal cannot hold open: after kubectl's own lines it says so.
"""
from __future__ import annotations

from ..errors import error
from ..flags import Flag
from ..registry import verb
from ._pods import container_state, pick_container, resolve_pod
from .exec import SHELLS, check_running

STREAM_NOTE = ("kubetutor: kubectl would now stay attached to {container}'s output, showing new lines as "
               "the process writes them until you press Ctrl-C; this terminal cannot hold a live stream, "
               "so it stops here. 'kubectl logs -f {pod}' shows the same output.")


@verb("attach", "Join the main process of a running container", group="Troubleshooting and Debugging Commands",
      complete_args="pods", usage="(POD | TYPE/NAME) -c CONTAINER",
      long="Join the main process of a container that is already running: see what it writes and, "
           "with -i, type to it.",
      examples="""
      # Join the pod busybox started with kubectl run -it (its first container)
      kubectl attach busybox -i -t

      # Join the container named web of the pod mypod
      kubectl attach mypod -c web

      # Join the first pod of a replica set
      kubectl attach rs/nginx-5c7588df
      """,
      flags=(Flag("container", short="c", help="Which container to join; the pod's default container otherwise."),
             Flag("pod-running-timeout", "duration", default=60.0,
                  help="How long (above zero, e.g. 5s, 2m or 3h) to wait for at least one pod to run"),
             Flag("quiet", "bool", short="q", help="Print nothing but what the remote process writes"),
             Flag("stdin", "bool", short="i", help="Send your keystrokes to the container's process"),
             Flag("tty", "bool", short="t", help="Treat your input as a terminal (TTY)")))
def attach(inv) -> int:
    f = inv.flags
    if not inv.args:
        raise error("at least 1 argument is required for attach")
    if len(inv.args) > 2:
        raise error(f"expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw {len(inv.args)}: "
                    f"[{' '.join(inv.args)}]")
    if f["pod-running-timeout"] <= 0:
        raise error("--pod-running-timeout must be higher than zero")
    word = inv.args[0] if len(inv.args) == 1 else f"{inv.args[0]}/{inv.args[1]}"
    pod = resolve_pod(inv, word, announce=False)
    ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise error(f"cannot attach a container in a completed pod; current phase is {phase}")
    container = pick_container(inv, pod, f["container"], announce=not f["quiet"])
    spec = next((x for x in pod["spec"].get("containers") or () if x.get("name") == container), None)
    if spec is None:
        raise error(f"cannot attach to the container: container {container} not found in pod {name}")
    tty = f["tty"]
    if tty and not spec.get("tty"):
        tty = False
        if not f["quiet"]:
            inv.warn(f"error: Unable to use a TTY - container {container} did not allocate one")
    elif not tty and spec.get("tty"):
        tty = True
    if "running" not in container_state(pod, container):
        inv.world.wait_for_pod_running(ns, name, f["pod-running-timeout"])
        pod = inv.cluster.get("pods", ns, name)
    check_running(pod, container)
    if not f["quiet"]:
        inv.warn("If you don't see a command prompt, try pressing enter.")
    from webapp.cluster.images import image_info
    argv = image_info(spec.get("image", "")).argv(spec.get("command"), spec.get("args"))
    program = argv[0].rsplit("/", 1)[-1] if argv else ""
    if f["stdin"] and spec.get("stdin") and tty and program in SHELLS:
        entered = inv.world.enter_pod(ns, name, container, list(argv), attached=True)
        if entered is not None:
            message, code = entered
            if message:
                inv.warn(message.rstrip("\n"))
            return code
    inv.warn(STREAM_NOTE.format(container=container, pod=name))
    return 0
