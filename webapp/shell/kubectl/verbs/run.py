"""`kubectl run`: create one pod (the object kubectl 1.24 builds), optionally attached (`--rm -it`)."""
from __future__ import annotations

import re

from ..errors import error
from ..flags import Flag
from ..registry import verb
from ..resources import BY_PLURAL
from . import _common as c
from .exec import run_command

PODS = BY_PLURAL["pods"]
_IMAGE_REF = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?::[0-9]+)?"
                        r"(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                        r"(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$")


def build_pod(inv, name: str) -> dict:
    f = inv.flags
    labels = c.parse_label_map(f["labels"]) if f["labels"] else {"run": name}
    container: dict = {}
    if f["command"] and inv.dash_args:
        container["command"] = list(inv.dash_args)
    elif inv.dash_args or inv.args[1:]:
        container["args"] = list(inv.dash_args or inv.args[1:])
    if f["env"]:
        env = []
        for item in f["env"]:
            key, eq, value = item.partition("=")
            if not eq:
                raise error(f"invalid env: {item}")
            env.append({"name": key, "value": value})
        container["env"] = env
    container["image"] = f["image"]
    if f["image-pull-policy"]:
        container["imagePullPolicy"] = f["image-pull-policy"]
    container["name"] = name
    if f["port"]:
        try:
            port = int(f["port"])
        except ValueError:
            raise error(f'strconv.Atoi: parsing "{f["port"]}": invalid syntax') from None
        container["ports"] = [{"containerPort": port}]
    container["resources"] = {}
    if f["stdin"]:
        container["stdin"] = True
        container["stdinOnce"] = True
    if f["tty"]:
        container["tty"] = True
    meta: dict = {"creationTimestamp": None, "labels": labels, "name": name}
    if inv.namespace_given:
        meta["namespace"] = inv.namespace
    restart = f["restart"] or "Always"
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta,
            "spec": {"containers": [container], "dnsPolicy": "ClusterFirst", "restartPolicy": restart},
            "status": {}}


@verb("run", "Start a pod that runs an image", group="Basic Commands (Beginner)",
      usage="NAME --image=image [--env=\"key=value\"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...]",
      long="Make a pod with one container running the image you name.",
      examples="""
      # A pod called nginx running the nginx image
      kubectl run nginx --image=nginx

      # Declare the port the container listens on
      kubectl run nginx --image=nginx --port=80

      # A throwaway busybox shell in your terminal; it is not restarted once you leave
      kubectl run -i -t busybox --image=busybox --restart=Never

      # Replace the image's command with your own, arguments included
      kubectl run debugger --image=busybox --command -- sleep 3600
      """,
      flags=(c.DRY_RUN, c.FIELD_MANAGER, *c.PRINT_FLAGS,
             Flag("image", help="Image the container runs."),
             Flag("port", help="Port the container declares it listens on."),
             Flag("labels", short="l", help="Labels for the pod, comma separated; they replace any set before."),
             Flag("restart", default="Always", values=("Always", "OnFailure", "Never"), help="When the pod's container gets restarted: one of [Always, OnFailure, Never]."),
             Flag("env", "stringArray", help="An environment variable (NAME=value) for the container; repeat for more."),
             Flag("command", "bool", help="When true, the words after -- become the container's 'command' instead of its 'args' (the usual place)."),
             Flag("rm", "bool", help="When true, remove the pod once it has finished. Only allowed while attached, e.g. with '--attach' or '-i/--stdin'."),
             Flag("stdin", "bool", short="i", help="Hold the container's standard input open, whether or not anyone is attached."),
             Flag("tty", "bool", short="t", help="Give the container a terminal (TTY)."),
             Flag("attach", "bool", help="When true, wait until the pod runs, then connect to it the way 'kubectl attach ...' does."),
             Flag("quiet", "bool", short="q", help="When true, print no prompts or notices."),
             Flag("expose", "bool", help="When true, also make a ClusterIP service for the pod. Needs `--port`."),
             Flag("image-pull-policy", help="When the node pulls the container's image (imagePullPolicy)."),
             Flag("annotations", "stringArray", help="Annotations to put on the pod."),
             Flag("pod-running-timeout", "duration", default=60.0, help="How long (above zero, e.g. 5s, 2m or 3h) to wait for the pod to be running")))
def run(inv) -> int:
    f = inv.flags
    if not inv.args:
        raise inv.usage_error("NAME is required for run")
    name = inv.args[0]
    if not f["image"]:
        raise error("--image is required")
    if not _IMAGE_REF.match(f["image"]):
        raise error(f'Invalid image name "{f["image"]}": invalid reference format')
    if f["restart"] not in ("Always", "OnFailure", "Never"):
        raise error(f"invalid restart policy: {f['restart']}")
    attach = f["attach"] or f["stdin"]
    if f["rm"] and not attach:
        raise error("--rm should only be used for attached containers")
    mode = c.dry_run(inv)
    if mode != "none" and attach:
        raise error("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)")
    if f["expose"] and not f["port"]:
        raise error("--port must be set when exposing a service")
    fmt = c.check_output(inv)
    pod = build_pod(inv, name)
    if mode == "client":
        c.report(inv, pod, PODS, "created", mode)
        return 0
    body = dict(pod, metadata=dict(pod["metadata"], namespace=inv.namespace))
    stored = inv.cluster.create(body, dry_run=(mode == "server"))
    if f["expose"]:
        _expose(inv, stored, mode)
    if not attach:
        c.report(inv, stored, PODS, "created", mode)
        return 0
    if fmt:
        c.print_object(inv, stored, fmt, PODS)
    argv = list(inv.dash_args or inv.args[1:])
    if not argv:
        from webapp.cluster.images import image_info
        argv = list(image_info(f["image"]).argv(None, None)) or ["sh"]
    if not inv.world.wait_for_pod_running(inv.namespace, name):
        raise error("timed out waiting for the condition")
    if not f["quiet"]:
        inv.warn("If you don't see a command prompt, try pressing enter.")
    return run_command(inv, stored, name, argv, interactive_shell=f["tty"] and f["stdin"],
                       attach_rm=f["rm"], attached=True)


def _expose(inv, pod: dict, mode: str) -> None:
    name = pod["metadata"]["name"]
    port = int(inv.flags["port"])
    svc = {"apiVersion": "v1", "kind": "Service",
           "metadata": {"name": name, "namespace": inv.namespace},
           "spec": {"ports": [{"port": port, "protocol": "TCP", "targetPort": port}],
                    "selector": dict(pod["metadata"].get("labels") or {})}}
    inv.cluster.create(svc, dry_run=(mode == "server"))
    inv.print(f"service/{name} created{c.dry_suffix(mode)}")
