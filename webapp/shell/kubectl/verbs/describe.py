"""`kubectl describe`: by name, by name prefix (as kubectl falls back to), by selector, or all of a
type; the 1.24 layouts come from `printers.describe`."""
from __future__ import annotations

from webapp.cluster.errors import NotFound

from ..errors import error
from ..flags import Flag
from ..printers.describe import describe as describe_text
from ..registry import verb
from ..resources import parse_targets
from . import _common as c

NO_TYPE = ('You must specify the type of resource to describe. Use "kubectl api-resources" for a '
           "complete list of supported resources.")

DESCRIBE_FLAGS = (
    Flag("all-namespaces", "bool", short="A", help="When set, look in every namespace; the current "
         "context's namespace, and any --namespace, are ignored."),
    Flag("chunk-size", "int", default=500, help="Fetch long lists a piece at a time, this many items per "
         "request; 0 fetches everything at once. A beta flag that may still change."),
    c.SELECTOR,
    Flag("show-events", "bool", default=True, help="When true, list the events about each described "
         "object."),
)


@verb("describe", "Print a detailed account of one resource or several", flags=DESCRIBE_FLAGS,
      group="Troubleshooting and Debugging Commands", complete_args="types",
      usage="(-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)",
      long="Print a detailed account of one resource or several.\n\n"
           "The report covers the chosen objects and what relates to them, such as their events and "
           "the controllers that own them. Choose one object by name, every object of a type, the "
           "objects whose names start with a prefix, or those matching a label selector. With\n\n"
           "        $ kubectl describe TYPE NAME_PREFIX\n\n"
           "an object of TYPE named exactly NAME_PREFIX is shown if there is one; otherwise every object "
           "of TYPE whose name begins with NAME_PREFIX is shown.\n\n"
           'The types you can describe are listed by "kubectl api-resources".',
      examples="""
      # The cluster's only node
      kubectl describe nodes ubuntu01

      # One service, by type/name
      kubectl describe service/nginx

      # Every pod in the current namespace
      kubectl describe pods

      # The pods labelled app=nginx
      kubectl describe po -l app=nginx

      # Pods whose names start with nginx: a deployment's pods carry its name
      # at the front of theirs
      kubectl describe pods nginx""")
def describe(inv) -> int:
    f = inv.flags
    if not inv.args:
        raise error(NO_TYPE)
    targets = parse_targets(inv.args)
    if any(t.name for t in targets) and inv.all_namespaces:
        raise error("a resource cannot be retrieved by name across all namespaces")
    selector = c.parse_selector(f["selector"]) if f["selector"] else None
    if selector is not None and any(t.name for t in targets):
        raise error("name cannot be provided when a selector is specified")
    cluster, now = inv.cluster, inv.cluster.clock.now()
    found: list[tuple[str, dict]] = []
    errors: list[str] = []
    missing: NotFound | None = None
    for t in targets:
        ns = None if (inv.all_namespaces or not t.rtype.namespaced) else inv.namespace
        if t.name is None:
            found += [(t.rtype.plural, o) for o in cluster.list(t.rtype.plural, ns, selector)]
            continue
        try:
            found.append((t.rtype.plural, cluster.get(t.rtype.plural, ns, t.name)))
        except NotFound as e:
            missing = missing or e
            errors.append(e.kubectl_text())
    if missing is not None and len(inv.args) == 2 and "/" not in inv.args[1] and "," not in inv.args[0]:
        return _by_prefix(inv, targets[0], inv.args[1], missing)
    texts = [describe_text(plural, obj, cluster, now, f["show-events"]) for plural, obj in found]
    if texts:
        inv.out.write("\n\n".join(texts))
    if not found and not errors:
        if inv.all_namespaces:
            inv.warn("No resources found")
        else:
            inv.warn(f"No resources found in {inv.namespace} namespace.")
    for e in errors:
        inv.warn(e)
    return 1 if errors else 0


def _by_prefix(inv, target, prefix: str, missing: NotFound) -> int:
    """DescribeMatchingResources: every object of the type whose name starts with the prefix."""
    rtype = target.rtype
    ns = inv.namespace if rtype.namespaced else None
    matches = [o for o in inv.cluster.list(rtype.plural, ns) if o["metadata"]["name"].startswith(prefix)]
    if not matches:
        inv.warn(missing.kubectl_text())
        return 1
    now = inv.cluster.clock.now()
    for obj in matches:
        inv.out.write(describe_text(rtype.plural, obj, inv.cluster, now, inv.flags["show-events"]) + "\n")
    return 0
