"""`kubectl get`: tables (server-side columns), -o yaml|json|name|jsonpath|custom-columns, watch.

The flow follows kubectl 1.24's get.go: resolve the types and names, read the objects (NotFound
for missing names is reported after the found ones are printed, exit 1), then either print the
human-readable tables (one per type, kind-prefixed names and a blank line between tables when
several types are printed) or hand everything to a generic printer as one object or a `List`.
"""
from __future__ import annotations

from webapp.cluster.errors import ApiError, BadRequest

from ..errors import KubectlError, error
from ..flags import Flag
from ..printers import jsonpath
from ..printers.output import OutputError, TemplatePrintError, parse_output, print_generic, sort_objects
from ..printers.table import TableOptions, new_table_writer, table_lines
from ..printers.watch import watch_rows
from ..registry import verb
from ..resources import ResourceType, parse_targets
from . import _common as c

NO_TYPE = ('You must specify the type of resource to get. Use "kubectl api-resources" for a complete '
           "list of supported resources.\n\n"
           "error: Required resource not specified.\n"
           'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl '
           "explain pods).\nSee 'kubectl get -h' for help and examples")

GET_FLAGS = (
    Flag("all-namespaces", "bool", short="A", help="When set, look in every namespace; the current "
         "context's namespace, and any --namespace, are ignored."),
    c.TEMPLATE_KEYS,
    Flag("chunk-size", "int", default=500, help="Fetch long lists a piece at a time, this many items per "
         "request; 0 fetches everything at once. A beta flag that may still change."),
    Flag("field-selector", help="Only list objects whose fields match this query; '=', '==' and '!=' are "
         "understood (e.g. --field-selector status.phase=Running). Each type allows only a few fields "
         "here."),
    Flag("ignore-not-found", "bool", help="Exit with status 0, printing nothing, when the object does "
         "not exist."),
    Flag("label-columns", "stringSlice", short="L", help="Labels to show as extra columns, comma separated or with "
         "the flag repeated (-L app -L tier). Label keys are case sensitive."),
    Flag("no-headers", "bool", help="Leave out the header line of the default and "
         "custom-columns tables (they have one unless you say so)."),
    Flag("output", short="o", values=("json", "yaml", "name", "wide", "jsonpath=", "custom-columns="),
         help="How to print the result: (json, yaml, name, go-template, go-template-file, template, "
         "templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, "
         "wide). The syntaxes are documented at [https://kubernetes.io/docs/reference/kubectl/#custom-columns], "
         "[http://golang.org/pkg/text/template/#pkg-overview] and "
         "[https://kubernetes.io/docs/reference/kubectl/jsonpath/]."),
    Flag("output-watch-events", "bool", help="With --watch or --watch-only, print whole watch events; "
         "objects that already exist come first as ADDED events."),
    c.SELECTOR,
    Flag("server-print", "bool", default=True, help="When true, the API server lays out the table "
         "columns itself, which also covers extension APIs and CRDs."),
    Flag("show-kind", "bool", help="When set, put the resource type in front of each object's name."),
    Flag("show-labels", "bool", help="Add a last column with every label of each object (off "
         "unless asked for)"),
    c.SHOW_MANAGED,
    Flag("sort-by", help="When set, order the list by the field this JSONPath expression "
         "names (e.g. '{.metadata.name}'); that field has to hold an integer or a string."),
    c.TEMPLATE,
    Flag("watch", "bool", short="w", help="Print the objects, then keep printing them as they change."),
    Flag("watch-only", "bool", help="Print only changes to the objects, not their "
         "state at the start."),
)

# field selectors the API server accepts per resource (besides metadata.name / metadata.namespace)
FIELD_LABELS = {
    "pods": ("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
             "status.phase", "status.podIP", "status.nominatedNodeName"),
    "events": ("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
               "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
               "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"),
    "namespaces": ("status.phase",),
    "nodes": ("spec.unschedulable",),
    "replicasets": ("status.replicas",),
}


def _field_value(obj: dict, path: str) -> str:
    if path == "source":
        return ((obj.get("source") or {}).get("component")) or ""
    value = obj
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def parse_field_selector(text: str, rtype: ResourceType, label_selector: str) -> list[tuple[str, str, str]]:
    """`a=b,c!=d` as (field, op, value) triples; unsupported fields get the server's BadRequest."""
    reqs = []
    for part in (p for p in text.split(",") if p.strip() != "") if text else ():
        for op in ("!=", "==", "="):
            if op in part:
                key, _, value = part.partition(op)
                break
        else:
            raise error(f"invalid selector: '{text}'; can't understand '{part}'")
        key = key.strip()
        if key not in ("metadata.name", "metadata.namespace") and key not in FIELD_LABELS.get(rtype.plural, ()):
            gvr = f"{rtype.group}/{rtype.version}, Resource={rtype.plural}"
            raise BadRequest(f'Unable to find "{gvr}" that match label selector "{label_selector}", '
                             f'field selector "{text}": field label not supported: {key}')
        reqs.append((key, "!=" if op == "!=" else "=", value.strip()))
    return reqs


def _matches_fields(obj: dict, reqs) -> bool:
    return all((_field_value(obj, k) == v) == (op == "=") for k, op, v in reqs)


class Group:
    """The objects of one resource type, in the order kubectl prints them."""

    def __init__(self, rtype: ResourceType, objects: list[dict], listed: bool) -> None:
        self.rtype, self.objects, self.listed = rtype, objects, listed


def _read(inv, targets, selector, selector_text: str, field_text: str):
    cluster, all_ns = inv.cluster, inv.all_namespaces
    groups: list[Group] = []
    errors: list[str] = []
    for t in targets:
        ns = None if (all_ns or not t.rtype.namespaced) else inv.namespace
        fields = parse_field_selector(field_text, t.rtype, selector_text)
        if t.name is None:
            objs = [o for o in cluster.list(t.rtype.plural, ns, selector) if _matches_fields(o, fields)]
            groups.append(Group(t.rtype, objs, True))
            continue
        try:
            obj = cluster.get(t.rtype.plural, ns, t.name)
        except ApiError as e:
            errors.append(e.kubectl_text())
            continue
        if not _matches_fields(obj, fields):
            continue
        if groups and not groups[-1].listed and groups[-1].rtype == t.rtype:
            groups[-1].objects.append(obj)
        else:
            groups.append(Group(t.rtype, [obj], False))
    return groups, errors


def _table_options(inv, rtype: ResourceType, wide: bool, with_kind: bool) -> TableOptions:
    f = inv.flags
    return TableOptions(wide=wide, no_headers=f["no-headers"],
                        with_namespace=inv.all_namespaces and rtype.namespaced,
                        kind_prefix=rtype.name_prefix if with_kind else "",
                        show_labels=f["show-labels"], label_columns=list(f["label-columns"]))


@verb("get", "List resources, or show one in a chosen format", flags=GET_FLAGS, group="Basic Commands (Intermediate)",
      complete_args="types",
      usage="[(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|"
            "jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] "
            "[NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]",
      long="List resources, or show one in a chosen format.\n\n"
           "The default is a table with the key facts about each object. A label selector given with "
           "--selector narrows the list down. For namespaced types, only the current namespace is "
           "searched unless you name another one.\n\n"
           "To print just the fields you care about, choose -o template and pass a Go template with "
           "--template.\n\n"
           'The types you can list are shown by "kubectl api-resources".',
      examples="""
      # The pods of the current namespace, one line each
      kubectl get pods

      # The same with extra columns: pod IP, node, ...
      kubectl get pods -o wide

      # Deployments as JSON, asking for version v1 of the apps group by name
      kubectl get deployments.v1.apps -o json

      # Only the cluster IP of the nginx service
      kubectl get svc nginx -o jsonpath='{.spec.clusterIP}'

      # Columns of your choosing: each pod's name and image
      kubectl get pods -o custom-columns=NAME:.metadata.name,IMAGE:.spec.containers[0].image

      # Services and their endpoints in one go
      kubectl get svc,ep

      # Objects of different types, each written type/name
      kubectl get service/nginx deployment/debugger

      # Pods of every namespace, kube-system included
      kubectl get pods --all-namespaces""")
def get(inv) -> int:
    f = inv.flags
    if not inv.args:
        raise KubectlError(NO_TYPE)
    if f["show-labels"] and f["output"] not in ("", "wide"):
        raise error(f"--show-labels option cannot be used with {f['output']} printer")
    watching = f["watch"] or f["watch-only"]
    if f["output-watch-events"] and not watching:
        raise error("--output-watch-events option can only be used with --watch or --watch-only")
    targets = parse_targets(inv.args)
    named = any(t.name for t in targets)
    if named and inv.all_namespaces:
        raise error("a resource cannot be retrieved by name across all namespaces")
    selector = c.parse_selector(f["selector"]) if f["selector"] else None
    if named and f["selector"]:
        raise error("name cannot be provided when a selector is specified")
    try:
        spec = parse_output(f["output"], f["template"], inv.world.read_workstation_file,
                            f["allow-missing-template-keys"])
        spec_error = None
    except OutputError as e:
        spec, spec_error = None, str(e)
    groups, errors = _read(inv, targets, selector, f["selector"], f["field-selector"])
    if f["ignore-not-found"]:
        errors = [e for e in errors if not e.startswith("Error from server (NotFound)")]
    single = len(targets) == 1 and targets[0].name is not None
    if spec_error is not None:
        if single and errors:
            return _fail(inv, errors)
        raise error(spec_error)
    if watching and spec.human:
        return _watch(inv, groups, errors, spec.kind == "wide")
    if not spec.human:
        return _generic(inv, groups, errors, single, spec)
    return _tables(inv, groups, errors, spec.kind == "wide")


def _fail(inv, errors: list[str]) -> int:
    for e in errors:
        inv.warn(e)
    return 1


def _sorted(inv, objs: list[dict]) -> list[dict]:
    if not inv.flags["sort-by"]:
        return objs
    try:
        return sort_objects(objs, inv.flags["sort-by"])
    except OutputError as e:
        raise error(str(e)) from None


def _generic(inv, groups, errors, single: bool, spec) -> int:
    items = [o for g in groups for o in g.objects]
    if single and not items:
        return _fail(inv, errors)
    if not items and inv.flags["ignore-not-found"] and not errors:
        return 0
    try:
        inv.out.write(print_generic(_sorted(inv, items), single, spec, inv.flags["no-headers"]))
    except jsonpath.JSONPathError as e:
        raise KubectlError(_jsonpath_failure(spec.raw, str(e), items, single)) from None
    except TemplatePrintError as e:  # kubectl prints the template's debugging dump on stdout
        inv.out.write(e.stdout)
        raise KubectlError(f"error: {e.message}") from None
    return _fail(inv, errors) if errors else 0


def _jsonpath_failure(template: str, message: str, items, single: bool) -> str:
    from ..printers.output import as_list
    data = items[0] if single and len(items) == 1 else as_list(items)
    return (f'error: error executing jsonpath "{_go_quote(template)}": Error executing template: {message}. '
            "Printing more information for debugging the template:\n"
            f"\ttemplate was:\n\t\t{template}\n"
            f"\tobject given to jsonpath engine was:\n\t\t{_go_sharp(data)}\n\n\n")


def _go_quote(s: str) -> str:
    from ..flags import go_quote
    return go_quote(s)[1:-1]


def _go_sharp(value) -> str:
    """fmt's %#v of unstructured data."""
    from ..flags import go_quote
    if isinstance(value, dict):
        inner = ", ".join(f"{go_quote(k)}:{_go_sharp(value[k])}" for k in sorted(value))
        return "map[string]interface {}{" + inner + "}"
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(_go_sharp(v) for v in value) + "}"
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return go_quote(value)
    return str(value)


def _tables(inv, groups: list[Group], errors: list[str], wide: bool) -> int:
    with_kind = inv.flags["show-kind"] or len({g.rtype.plural for g in groups}) > 1
    now = inv.cluster.clock.now()
    writer = new_table_writer()
    written, pending_blank = False, False
    for i, group in enumerate(groups):
        same = i > 0 and groups[i - 1].rtype == group.rtype
        if not same:
            text = writer.flush()
            written |= bool(text)
            inv.out.write(text)
            writer.reset_widths()
            if i > 0 and not inv.flags["no-headers"] and written:
                pending_blank = True
        opts = _table_options(inv, group.rtype, wide, with_kind)
        headers = not opts.no_headers and not same
        lines = table_lines(group.rtype.plural, _sorted(inv, group.objects), now, opts, headers)
        if lines and pending_blank:
            writer.write("\n")
            pending_blank = False
        for line in lines:
            writer.write(line + "\n")
    text = writer.flush()
    written |= bool(text)
    inv.out.write(text)
    if not written and not inv.flags["ignore-not-found"] and not errors:
        namespaced = not inv.all_namespaces and all(g.rtype.namespaced for g in groups)
        if namespaced:
            inv.warn(f"No resources found in {inv.namespace} namespace.")
        else:
            inv.warn("No resources found")
    return _fail(inv, errors) if errors else 0


def _watch(inv, groups: list[Group], errors: list[str], wide: bool) -> int:
    if errors:
        return _fail(inv, errors)
    if len(groups) != 1:
        raise error(f"watch is only supported on individual resources and resource collections, but "
                    f"{len(groups)} resources were found")
    group = groups[0]
    opts = _table_options(inv, group.rtype, wide, inv.flags["show-kind"])
    writer = new_table_writer()
    if not inv.flags["watch-only"]:
        for line in table_lines(group.rtype.plural, group.objects, inv.cluster.clock.now(), opts,
                                not opts.no_headers):
            writer.write(line + "\n")
        inv.out.write(writer.flush())
    rtype = group.rtype
    ns = None if (inv.all_namespaces or not rtype.namespaced) else inv.namespace
    names = {o["metadata"]["name"] for o in group.objects} if not group.listed else None
    selector = c.parse_selector(inv.flags["selector"]) if inv.flags["selector"] else None

    def current() -> list[dict]:
        objs = inv.cluster.list(rtype.plural, ns, selector)
        return [o for o in objs if names is None or o["metadata"]["name"] in names]

    watch_rows(inv.cluster, inv.world, rtype.plural, current, opts, _FlushingWriter(writer, inv.out),
               group.objects)
    return 0


class _FlushingWriter:
    """Each watch event is flushed on its own (widths are remembered across flushes)."""

    def __init__(self, writer, out) -> None:
        self.writer, self.out = writer, out

    def write(self, text: str) -> None:
        self.writer.write(text)
        self.out.write(self.writer.flush())
