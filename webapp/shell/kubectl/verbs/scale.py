"""`kubectl scale`: set .spec.replicas of deployments and replica sets (preconditions first)."""
from __future__ import annotations

from ..errors import error
from ..flags import Flag
from ..registry import verb
from ..resources import parse_targets
from . import _common as c

_SCALABLE = ("deployments", "replicasets")


@verb("scale", "Change how many replicas a deployment, replica set, or replication controller runs",
      group="Deploy Commands", complete_args="types",
      usage="[--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)",
      long="Change how many replicas a workload runs: a deployment, stateful set, replica set or replication controller.\n\n"
           "You may add conditions that must hold for the change to happen.\n\n"
           "With --current-replicas or --resource-version, kubectl checks the condition first, and the "
           "server applies the new size only if the condition still holds when the request reaches it.",
      examples="""
      # Run three nginx pods
      kubectl scale --replicas=3 deployment/nginx

      # Go from 1 to 3 replicas, but only if there is exactly 1 now
      kubectl scale --current-replicas=1 --replicas=3 deployment/nginx

      # Several deployments at once
      kubectl scale --replicas=2 deploy/nginx deploy/debugger
      """,
      flags=(c.DRY_RUN, c.FILENAME, c.SELECTOR, *c.PRINT_FLAGS,
             Flag("all", "bool", help="Act on every resource of the given types in the namespace"),
             Flag("replicas", "int", required=True, help="How many replicas there should be. Must be given."),
             Flag("current-replicas", "int", default=-1, help="Only scale if the resource has exactly this many replicas now; -1 (the default) means no such check."),
             Flag("resource-version", help="Only scale if the resource's resourceVersion is this one."),
             Flag("timeout", "duration", help="How long to wait for the new size to take hold; 0 does not wait. Other values need a unit (e.g. 1s, 2m, 3h)."),
             Flag("record", "bool", help="Store the kubectl command line in an annotation on the resource."),
             Flag("recursive", "bool", short="R", help="Also read the folders inside the one given with -f, --filename.")))
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
