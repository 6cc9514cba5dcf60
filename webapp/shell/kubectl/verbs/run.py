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


@verb("run", "Run a particular image on the cluster", group="Basic Commands (Beginner)",
      usage="NAME --image=image [--env=\"key=value\"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...]",
      long="Create and run a particular image in a pod.",
      examples="""
      # Start a nginx pod
      kubectl run nginx --image=nginx

      # Start a hazelcast pod and let the container expose port 5701
      kubectl run hazelcast --image=hazelcast/hazelcast --port=5701

      # Start a busybox pod and keep it in the foreground, don't restart it if it exits
      kubectl run -i -t busybox --image=busybox --restart=Never

      # Start the nginx pod using a different command and custom arguments
      kubectl run nginx --image=nginx --command -- <cmd> <arg1> ... <argN>
      """,
      flags=(c.DRY_RUN, c.FIELD_MANAGER, *c.PRINT_FLAGS,
             Flag("image", help="The image for the container to run."),
             Flag("port", help="The port that this container exposes."),
             Flag("labels", short="l", help="Comma separated labels to apply to the pod. Will override previous values."),
             Flag("restart", default="Always", values=("Always", "OnFailure", "Never"), help="The restart policy for this Pod.  Legal values [Always, OnFailure, Never]."),
             Flag("env", "stringArray", help="Environment variables to set in the container."),
             Flag("command", "bool", help="If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default."),
             Flag("rm", "bool", help="If true, delete the pod after it exits.  Only valid when attaching to the container, e.g. with '--attach' or with '-i/--stdin'."),
             Flag("stdin", "bool", short="i", help="Keep stdin open on the container in the pod, even if nothing is attached."),
             Flag("tty", "bool", short="t", help="Allocate a TTY for the container in the pod."),
             Flag("attach", "bool", help="If true, wait for the Pod to start running, and then attach to the Pod as if 'kubectl attach ...' were called."),
             Flag("quiet", "bool", short="q", help="If true, suppress prompt messages."),
             Flag("expose", "bool", help="If true, create a ClusterIP service associated with the pod.  Requires `--port`."),
             Flag("image-pull-policy", help="The image pull policy for the container."),
             Flag("annotations", "stringArray", help="Annotations to apply to the pod."),
             Flag("pod-running-timeout", "duration", default=60.0, help="The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running")))
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
