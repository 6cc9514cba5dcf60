"""`kubectl exec`: run a command in a container, or (`-it ... -- sh`) enter a shell in it."""
from __future__ import annotations

from ..errors import ExitStatus, error
from ..flags import Flag
from ..registry import verb
from ._pods import container_state, pick_container, resolve_pod

USAGE_TEXT = ("expected 'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]'.\n"
              "POD or TYPE/NAME is a required argument for the exec command")
DEPRECATED = ("kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. "
              "Use kubectl exec [POD] -- [COMMAND] instead.")
SHELLS = ("sh", "ash", "bash", "dash", "zsh")


def check_running(pod: dict, container: str) -> None:
    """What the kubelet answers when the container cannot take an exec or attach."""
    phase = pod.get("status", {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise error(f"cannot exec into a container in a completed pod; current phase is {phase}")
    names = [c["name"] for c in pod["spec"].get("containers") or ()]
    if container not in names:
        from webapp.cluster.errors import BadRequest
        raise BadRequest(f"container {container} is not valid for pod {pod['metadata']['name']}")
    if "running" not in container_state(pod, container):
        raise error(f'unable to upgrade connection: container not found ("{container}")')


def run_command(inv, pod: dict, container: str, argv: list[str], interactive_shell: bool,
                attach_rm: bool = False, attached: bool = False) -> int:
    """Enter a shell (interactive) or run argv once; a failing command ends kubectl with its code."""
    ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
    program = argv[0].rsplit("/", 1)[-1]
    host = inv.world.host_for_pod(ns, name, container)
    if not host.has_program(program):
        inv.warn(f'OCI runtime exec failed: exec failed: unable to start container process: exec: '
                 f'"{argv[0]}": executable file not found in $PATH: unknown')
        inv.warn("command terminated with exit code 126")
        return 126
    # `-- sh` opens a shell to type into; `-- sh -c 'cmd'` runs cmd once and returns
    if interactive_shell and program in SHELLS and not any(a.startswith("-c") for a in argv[1:]) \
            and all(a.startswith("-") for a in argv[1:]):
        entered = inv.world.enter_pod(ns, name, container, list(argv), attach_rm=attach_rm, attached=attached)
        if entered is not None:
            message, code = entered
            if message:
                inv.warn(message.rstrip("\n"))
            return code
    code = inv.world.run_in_pod(ns, name, container, list(argv), stdin=inv.stdin if inv.flags.get("stdin") else "",
                                out=inv.out, err=inv.err)
    if attached:  # `kubectl run -it -- CMD`: the command was the container's process, and it has ended
        text, code = inv.world.end_attached_run(ns, name, container, code, attach_rm)
        inv.out.write(text)
        return code
    if code:
        inv.warn(f"command terminated with exit code {code}")
        raise ExitStatus(code)
    return 0


@verb("exec", "Run a command inside a container", group="Troubleshooting and Debugging Commands",
      complete_args="pods", usage="(POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]",
      long="Run a command inside a running container.",
      examples="""
      # Print the date as a pod of the debugger deployment sees it (first container)
      kubectl exec deploy/debugger -- date

      # Choose the container with -c
      kubectl exec deploy/debugger -c debugger -- date

      # An interactive shell: your keystrokes go to sh in the pod, its output comes back
      kubectl exec -it deploy/debugger -- sh

      # Show the DNS settings of one of the nginx deployment's pods
      kubectl exec deploy/nginx -- cat /etc/resolv.conf

      # Run a command in a pod chosen by the nginx service
      kubectl exec svc/nginx -- hostname
      """,
      flags=(Flag("container", short="c", help="Which container to use. When left out, the pod's kubectl.kubernetes.io/default-container annotation decides, or else its first container"),
             Flag("filename", "stringSlice", short="f", help="manifest naming the resource to run the command in"),
             Flag("pod-running-timeout", "duration", default=60.0, help="How long (above zero, e.g. 5s, 2m or 3h) to wait for a pod to be running"),
             Flag("quiet", "bool", short="q", help="Print nothing but what the remote command writes"),
             Flag("stdin", "bool", short="i", help="Connect your standard input to the container"),
             Flag("tty", "bool", short="t", help="Give the command a terminal (TTY) as its stdin")))
def exec_(inv) -> int:
    args = inv.args
    if not args or (inv.dashed and not args):
        raise inv.usage_error(USAGE_TEXT)
    command = list(inv.dash_args) if inv.dashed else args[1:]
    if not inv.dashed and len(args) > 1:
        inv.warn(DEPRECATED)
    if not command:
        raise error("you must specify at least one command for the container")
    tty = inv.flags["tty"] and inv.flags["stdin"]
    if tty and not inv.interactive:
        inv.warn("Unable to use a TTY - input is not a terminal or the right kind of file")
        tty = False
    pod = resolve_pod(inv, args[0], announce=False)
    container = pick_container(inv, pod, inv.flags["container"], announce=not inv.flags["quiet"])
    check_running(pod, container)
    return run_command(inv, pod, container, command, interactive_shell=tty)
