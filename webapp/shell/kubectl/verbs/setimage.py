"""`kubectl set image`: change container images; a deployment then rolls out a new ReplicaSet."""
from __future__ import annotations

import copy

from ..errors import error
from ..flags import Flag
from ..registry import verb
from . import _common as c
from .label import split_pairs


@verb("set", "Change chosen settings of existing objects", group="Basic Commands (Beginner)", usage="SUBCOMMAND",
      long="Change settings of workloads that already exist.\n\nEach subcommand edits one kind of setting in place.")
def set_(inv) -> int:
    from ..registry import _group_without_handler
    return _group_without_handler(inv.verb, inv.args, inv.err)


@verb("set image", "Change the image a pod template runs", complete_args="types",
      usage="(-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N",
      long="Give containers of existing resources a new image.\n\nResources you can name here (case does not matter):\n\n"
           "  pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), "
           "cronjob (cj), replicaset (rs)",
      examples="""
      # Move the nginx container of the nginx deployment to nginx:1.23 (a rollout follows)
      kubectl set image deployment/nginx nginx=nginx:1.23

      # Every container of the deployment gets the same image
      kubectl set image deployment nginx *=nginx:1.23
      """,
      flags=(c.DRY_RUN, c.FIELD_MANAGER, c.FILENAME, c.SELECTOR, *c.PRINT_FLAGS,
             Flag("all", "bool", help="Act on every resource of the given types in the namespace"),
             Flag("local", "bool", help="When true, work on the local manifest only and leave the API server alone."),
             Flag("record", "bool", help="Store the kubectl command line in an annotation on the resource.")))
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
