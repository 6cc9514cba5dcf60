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
    Flag("all-namespaces", "bool", short="A", help="If present, list the requested object(s) across all "
         "namespaces. Namespace in current context is ignored even if specified with --namespace."),
    Flag("chunk-size", "int", default=500, help="Return large lists in chunks rather than all at once. "
         "Pass 0 to disable. This flag is beta and may change in the future."),
    c.SELECTOR,
    Flag("show-events", "bool", default=True, help="If true, display events related to the described "
         "object."),
)


@verb("describe", "Show details of a specific resource or group of resources", flags=DESCRIBE_FLAGS,
      group="Troubleshooting and Debugging Commands", complete_args="types",
      usage="(-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)",
      long="Show details of a specific resource or group of resources.\n\n"
           "Print a detailed description of the selected resources, including related resources such as "
           "events or controllers. You may select a single object by name, all objects of that type, "
           "provide a name prefix, or label selector. For example:\n\n"
           "        $ kubectl describe TYPE NAME_PREFIX\n\n"
           "will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it "
           "will output details for every resource that has a name prefixed with NAME_PREFIX.\n\n"
           'Use "kubectl api-resources" for a complete list of supported resources.',
      examples="""
      # Describe a node
      kubectl describe nodes ubuntu01

      # Describe a pod
      kubectl describe pods/nginx

      # Describe all pods
      kubectl describe pods

      # Describe pods by label name=myLabel
      kubectl describe po -l name=myLabel

      # Describe all pods managed by the 'frontend' replication controller
      # (rc-created pods get the name of the rc as a prefix in the pod name)
      kubectl describe pods frontend""")
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
