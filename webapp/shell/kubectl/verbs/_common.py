"""What several verbs share: common flags, dry-run and -o handling, object lookup, printing.

kubectl builds objects client-side in Go struct order; `yaml_text` prints them the way
sigs.k8s.io/yaml does (sorted keys, indentless lists, `{}` for empty maps, double quotes).
"""
from __future__ import annotations

import json

from ..errors import KubectlError, error
from ..flags import Flag
from ..resources import ResourceType, Target, parse_targets

DRY_RUN = Flag("dry-run", default="none", no_opt="unchanged", values=("none", "client", "server"),
               help='One of "none", "server" or "client". With client, print the object kubectl '
                    "would send and send nothing. With server, the API server checks the request "
                    "but stores nothing.")
OUTPUT_FORMATS = ("go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json",
                  "jsonpath-file", "name", "template", "templatefile", "yaml")
OUTPUT = Flag("output", short="o", values=("json", "yaml", "name"),
              help="How to print the result: (json, yaml, name, go-template, go-template-file, "
                   "template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).")
SELECTOR = Flag("selector", short="l", help="Only act on objects whose labels match this query; "
                "'=', '==' and '!=' are understood (e.g. -l app=nginx,tier=web). Every listed "
                "condition has to hold.")
FILENAME = Flag("filename", "stringSlice", short="f",
                help="A file, folder or URL holding the manifests of the objects to use.")
TEMPLATE_KEYS = Flag("allow-missing-template-keys", "bool", default=True,
                     help="When true, a field or map key that a template names but the object lacks "
                          "is not an error. Used by the golang and jsonpath output formats only.")
SHOW_MANAGED = Flag("show-managed-fields", "bool", help="When true, JSON and YAML output keeps the "
                    "managedFields of each object.")
TEMPLATE = Flag("template", help="The template itself, or the path of a file holding it, for "
                "-o=go-template and -o=go-template-file. The syntax is Go's text/template "
                "[http://golang.org/pkg/text/template/#pkg-overview].")
FIELD_MANAGER = Flag("field-manager", default="kubectl-create",
                     help="The manager name recorded as owner of the fields this command sets.")
VALIDATE = Flag("validate", default="strict", no_opt="strict",
                help='How to check the object against the schema: strict (or true), warn, or ignore (or false).')
SAVE_CONFIG = Flag("save-config", "bool", help="When true, keep this object's configuration in an "
                   "annotation on it (useful if you mean to run kubectl apply on it later); when "
                   "false, the annotation is left as it was.")
PRINT_FLAGS = (OUTPUT, TEMPLATE_KEYS, SHOW_MANAGED, TEMPLATE)

_NO_DRY_RUN_MSG = 'Invalid dry-run value ({}). Must be "none", "server", or "client".'


def dry_run(inv) -> str:
    """'none', 'client' or 'server' from --dry-run (a bare --dry-run means client, as in 1.24)."""
    value = inv.flags.get("dry-run", "none")
    if value in ("unchanged", "true"):
        return "client"
    if value == "false":
        return "none"
    if value not in ("none", "client", "server"):
        raise error(_NO_DRY_RUN_MSG.format(value))
    return value


def dry_suffix(mode: str) -> str:
    return {"client": " (dry run)", "server": " (server dry run)"}.get(mode, "")


def check_output(inv, allowed=OUTPUT_FORMATS) -> str:
    """The -o value, validated by the shared printers (kubectl's wording on a bad format)."""
    from ..printers.output import OutputError, parse_output
    fmt = inv.flags.get("output", "")
    try:
        if fmt and parse_output(fmt, inv.flags.get("template", ""), inv.world.read_workstation_file).human:
            raise OutputError(f'unable to match a printer suitable for the output format "{fmt}", '
                              f"allowed formats are: {','.join(allowed)}")
    except OutputError as e:
        raise error(str(e)) from None
    return fmt


# ---- printing objects -------------------------------------------------------------------------

def yaml_text(obj) -> str:
    """YAML as kubectl prints it (`-o yaml`), by the shared Go-style emitter."""
    from ..printers.goyaml import to_yaml
    return to_yaml(obj)


def json_text(obj) -> str:
    """JSON as kubectl prints it (`-o json`): 4-space indent, HTML-safe escapes off."""
    return json.dumps(obj, indent=4, ensure_ascii=False) + "\n"


def print_object(inv, obj: dict, fmt: str, rtype: ResourceType | None = None) -> None:
    """Print an object for -o yaml|json|name|jsonpath=... (the printers kubectl get uses)."""
    from ..printers.jsonpath import JSONPathError
    from ..printers.output import OutputError, TemplatePrintError, parse_output, print_generic
    try:
        spec = parse_output(fmt, inv.flags.get("template", ""), inv.world.read_workstation_file,
                            inv.flags.get("allow-missing-template-keys", True))
        inv.out.write(print_generic([obj], True, spec))
    except TemplatePrintError as e:  # kubectl prints the template's debugging dump on stdout
        inv.out.write(e.stdout)
        raise error(e.message) from None
    except OutputError as e:
        raise error(str(e)) from None
    except JSONPathError as e:
        raise error(f"error executing jsonpath {fmt.partition('=')[2]!r}: {e}".replace("'", '"', 2)) from None


def print_list(inv, objs: list[dict], fmt: str) -> None:
    """Several objects for -o yaml|json print as one v1 List, as kubectl does."""
    if len(objs) == 1 or fmt == "name":
        for o in objs:
            print_object(inv, o, fmt)
        return
    doc = {"apiVersion": "v1", "items": objs, "kind": "List",
           "metadata": {"resourceVersion": ""}}
    print_object(inv, doc, fmt)


def report(inv, obj: dict, rtype: ResourceType, verb_done: str, mode: str = "none") -> None:
    """`deployment.apps/nginx created (dry run)`, or the object in the -o format."""
    fmt = inv.flags.get("output", "")
    if fmt:
        print_object(inv, obj, fmt, rtype)
    else:
        inv.print(f"{rtype.ref(obj['metadata']['name'])} {verb_done}{dry_suffix(mode)}")


# ---- finding objects -------------------------------------------------------------------------

NO_RESOURCES = ("You must provide one or more resources by argument or filename.\n"
                "Example resource specifications include:\n"
                "   '-f rsrc.yaml'\n"
                "   '--filename=rsrc.json'\n"
                "   '<resource> <name>'\n"
                "   '<resource>'")


def targets_with_names(inv, args: list[str]) -> list[Target]:
    """Targets that must each name one object (expose, scale, rollout, exec...)."""
    targets = parse_targets(args, allow_all=False)
    if not targets:
        raise error(NO_RESOURCES)
    if any(t.name is None for t in targets):
        raise error("resource(s) were provided, but no name was specified")
    return targets


def namespace_for(inv, rtype: ResourceType) -> str | None:
    return inv.namespace if rtype.namespaced else None


def fetch(inv, target: Target) -> dict:
    """The live object a target names (NotFound propagates with the server's wording)."""
    return inv.cluster.get(target.rtype.plural, namespace_for(inv, target.rtype), target.name)


def parse_selector(text: str):
    """A label selector, or kubectl's error wording."""
    from webapp.cluster.selectors import SelectorError, parse_selector as parse
    try:
        return parse(text)
    except SelectorError as e:
        raise error(str(e)) from None


def parse_label_map(text: str) -> dict[str, str]:
    """`a=b,c=d` as kubectl's ParseLabels reads --labels and --selector of expose/run."""
    labels: dict[str, str] = {}
    for spec in text.split(","):
        parts = spec.split("=")
        if len(parts) != 2:
            raise error(f"unexpected label spec: {spec}")
        if not parts[0]:
            raise error("unexpected empty label key")
        labels[parts[0]] = parts[1]
    return labels


def container_name_from_image(image: str, rng=None) -> str:
    """The last path part of the image without tag/digest; `.`/`_` made DNS-safe with a suffix."""
    name = image.split("/")[-1].split(":")[0].split("@")[0]
    if "_" in name or "." in name:
        name = name.replace("_", "-").replace(".", "-")
        if rng is not None:
            from webapp.cluster.names import SUFFIX_ALPHABET
            name += "-" + "".join(rng.choice(SUFFIX_ALPHABET) for _ in range(5))
    return name


def exactly_one_name(inv) -> str:
    """NameFromCommandArgs: the single NAME positional."""
    if len(inv.args) != 1:
        raise inv.usage_error(f"exactly one NAME is required, got {len(inv.args)}")
    return inv.args[0]


def server_error_text(e) -> str:
    """err.Error() of a server error (what kubectl wraps with `failed to create ...: `)."""
    return e.message


__all__ = ["KubectlError", "error"]
