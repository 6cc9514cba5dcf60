"""`kubectl set image`: change container images; a deployment then rolls out a new ReplicaSet."""
from __future__ import annotations

import copy

from ..errors import error
from ..flags import Flag
from ..registry import verb
from . import _common as c
from .label import split_pairs


@verb("set", "Set specific features on objects", group="Basic Commands (Beginner)", usage="SUBCOMMAND",
      long="Configure application resources.\n\nThese commands help you make changes to existing application resources.")
def set_(inv) -> int:
    from ..registry import _group_without_handler
    return _group_without_handler(inv.verb, inv.args, inv.err)


@verb("set image", "Update the image of a pod template", complete_args="types",
      usage="(-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N",
      long="Update existing container image(s) of resources.\n\nPossible resources include (case insensitive):\n\n"
           "  pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), "
           "cronjob (cj), replicaset (rs)",
      examples="""
      # Set a deployment's nginx container image to 'nginx:1.9.1', and its busybox container image to 'busybox'
      kubectl set image deployment/nginx busybox=busybox nginx=nginx:1.9.1

      # Update image of all containers of daemonset abc to 'nginx:1.9.1'
      kubectl set image daemonset abc *=nginx:1.9.1
      """,
      flags=(c.DRY_RUN, c.FIELD_MANAGER, c.FILENAME, c.SELECTOR, *c.PRINT_FLAGS,
             Flag("all", "bool", help="Select all resources, in the namespace of the specified resource types"),
             Flag("local", "bool", help="If true, set image will NOT contact api-server but run locally."),
             Flag("record", "bool", help="Record current kubectl command in the resource annotation.")))
def set_image(inv) -> int:
    resources, pairs = split_pairs(inv.args, "image")
    if not resources:
        raise error("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if not pairs:
        raise error("at least one image update is required")
    images = {}
    for p in pairs:
        name, _, image = p.partition("=")
        if not image:
            raise error(f"invalid image update: {p}")
        images[name] = image
    mode = c.dry_run(inv)
    fmt = c.check_output(inv)
    for t in c.targets_with_names(inv, resources):
        obj = c.fetch(inv, t)
        updated = copy.deepcopy(obj)
        spec = updated["spec"] if t.rtype.plural == "pods" else updated["spec"]["template"]["spec"]
        containers = spec.get("containers") or []
        for name, image in images.items():
            hits = [x for x in containers if name in ("*", x["name"])]
            if not hits:
                raise error(f'unable to find container named "{name}"')
            for x in hits:
                x["image"] = image
        if mode == "none" and updated != obj:
            updated = inv.cluster.replace(updated)
        if fmt:
            c.print_object(inv, updated, fmt, t.rtype)
        else:
            inv.print(f"{t.rtype.ref(t.name)} image updated{c.dry_suffix(mode)}")
    return 0
