"""`kubectl scale`: set .spec.replicas of deployments and replica sets (preconditions first)."""
from __future__ import annotations

from ..errors import error
from ..flags import Flag
from ..registry import verb
from ..resources import parse_targets
from . import _common as c

_SCALABLE = ("deployments", "replicasets")


@verb("scale", "Set a new size for a deployment, replica set, or replication controller",
      group="Deploy Commands", complete_args="types",
      usage="[--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)",
      long="Set a new size for a deployment, replica set, replication controller, or stateful set.\n\n"
           "Scale also allows users to specify one or more preconditions for the scale action.\n\n"
           "If --current-replicas or --resource-version is specified, it is validated before the scale is "
           "attempted, and it is guaranteed that the precondition holds true when the scale is sent to the server.",
      examples="""
      # Scale a replica set named 'foo' to 3
      kubectl scale --replicas=3 rs/foo

      # If the deployment named mysql's current size is 2, scale mysql to 3
      kubectl scale --current-replicas=2 --replicas=3 deployment/mysql

      # Scale multiple deployments
      kubectl scale --replicas=5 deploy/example1 deploy/example2
      """,
      flags=(c.DRY_RUN, c.FILENAME, c.SELECTOR, *c.PRINT_FLAGS,
             Flag("all", "bool", help="Select all resources in the namespace of the specified resource types"),
             Flag("replicas", "int", required=True, help="The new desired number of replicas. Required."),
             Flag("current-replicas", "int", default=-1, help="Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition."),
             Flag("resource-version", help="Precondition for resource version. Requires that the current resource version match this value in order to scale."),
             Flag("timeout", "duration", help="The length of time to wait before giving up on a scale operation, zero means don't wait. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h)."),
             Flag("record", "bool", help="Record current kubectl command in the resource annotation."),
             Flag("recursive", "bool", short="R", help="Process the directory used in -f, --filename recursively.")))
def scale(inv) -> int:
    replicas, current = inv.flags["replicas"], inv.flags["current-replicas"]
    if replicas < 0:
        raise error("The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0")
    if current < -1:
        raise error("The --current-replicas must specify an integer of -1 or greater")
    mode = c.dry_run(inv)
    fmt = c.check_output(inv)
    objects = _objects(inv)
    if not objects:
        raise error("no objects passed to scale")
    status = 0
    for rtype, obj in objects:
        if rtype.plural not in _SCALABLE:
            inv.warn(f'Error from server (NotFound): the server could not find the requested resource')
            status = 1
            continue
        name = obj["metadata"]["name"]
        have = obj["spec"].get("replicas", 1)
        if current != -1 and have != current:
            raise error(f"Expected replicas to be {current}, was {have}")
        rv = inv.flags["resource-version"]
        if rv and rv != obj["metadata"].get("resourceVersion"):
            raise error(f"Expected resourceVersion to be {rv}, was {obj['metadata'].get('resourceVersion')}")
        if mode == "none":
            obj = inv.cluster.scale(rtype.plural, obj["metadata"].get("namespace"), name, replicas)
        if fmt:
            c.print_object(inv, obj, fmt, rtype)
        else:
            inv.print(f"{rtype.ref(name)} scaled{c.dry_suffix(mode)}")
    return status


def _objects(inv) -> list:
    if inv.flags["filename"]:
        from ._manifests import load_manifests
        out = []
        for m in load_manifests(inv, inv.flags["filename"]):
            o = m.with_namespace(inv)
            out.append((m.rtype, inv.cluster.get(m.rtype.plural, o["metadata"].get("namespace"), m.name)))
        return out
    if inv.flags["all"] or inv.flags["selector"]:
        targets = parse_targets(inv.args, allow_all=False)
        if not targets:
            raise error(c.NO_RESOURCES)
        sel = c.parse_selector(inv.flags["selector"]) if inv.flags["selector"] else None
        out = []
        for t in targets:
            ns = c.namespace_for(inv, t.rtype)
            out += [(t.rtype, o) for o in inv.cluster.list(t.rtype.plural, ns, sel)
                    if t.name is None or o["metadata"]["name"] == t.name]
        return out
    return [(t.rtype, c.fetch(inv, t)) for t in c.targets_with_names(inv, inv.args)]
