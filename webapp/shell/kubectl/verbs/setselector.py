"""`kubectl set selector`: replace a Service's selector (the Endpoints follow at once)."""
from __future__ import annotations

import copy

from ..errors import error
from ..flags import Flag
from ..registry import verb
from . import _common as c
from .label import split_pairs


@verb("set selector", "Replace the label selector of a resource", complete_args="types",
      usage="(-f FILENAME | TYPE NAME) EXPRESSIONS [--resource-version=version]",
      long="Give a resource a new selector. The pairs you pass replace the old selector as a whole; "
           "they do not add to it.\n\nA Service's Endpoints are recomputed from the pods the new selector matches.",
      examples="""
      # Point the shop Service at the pods labelled app=shop
      kubectl set selector svc shop app=shop
      """,
      flags=(c.DRY_RUN, c.FILENAME, *c.PRINT_FLAGS,
             Flag("all", "bool", help="Act on every resource of the given types in the namespace"),
             Flag("local", "bool", help="When true, work on the local manifest only and leave the API server alone."),
             Flag("resource-version", help="Change the resource only if it still has this resourceVersion.")))
def set_selector(inv) -> int:
    resources, pairs = split_pairs(inv.args, "selector")
    if not resources:
        raise error("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if not pairs:
        raise error("at least one selector must be specified")
    selector = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        selector[key] = value
    mode = c.dry_run(inv)
    fmt = c.check_output(inv)
    for t in c.targets_with_names(inv, resources):
        obj = c.fetch(inv, t)
        updated = copy.deepcopy(obj)
        if t.rtype.plural == "services":
            updated["spec"]["selector"] = selector
        else:
            updated["spec"]["selector"] = {"matchLabels": selector}
        if inv.flags.get("resource-version"):
            updated["metadata"]["resourceVersion"] = inv.flags["resource-version"]
        if mode == "none" and updated != obj:
            updated = inv.cluster.replace(updated)
        if fmt:
            c.print_object(inv, updated, fmt, t.rtype)
        else:
            inv.print(f"{t.rtype.ref(t.name)} selector updated{c.dry_suffix(mode)}")
    return 0
