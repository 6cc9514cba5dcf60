"""`kubectl wait --for=...`: hold until objects meet a condition, are deleted, or a JSONPath matches.

Nobody should sit in front of a simulated cluster: instead of sleeping, the session's time skips
forward (`world.advance`) to the cluster's next due change, again and again, until the condition
holds or the timeout has passed. Objects are waited for one after the other, as kubectl does.
"""
from __future__ import annotations

from dataclasses import dataclass

from webapp.cluster.errors import ApiError

from ..errors import KubectlError, error
from ..flags import Flag, go_quote
from ..registry import verb
from . import _common as c
from .annotate import finish, select_objects

WEEK = 168 * 3600.0   # a negative --timeout means "a week"
MAX_STEPS = 2000      # due changes looked at per object: keeps a wait bounded whatever the cluster does


@dataclass(frozen=True)
class Condition:
    kind: str           # "delete" | "condition" | "jsonpath"
    name: str = ""      # condition type, or the parsed JSONPath template
    value: str = ""


def parse_for(text: str) -> Condition:
    """conditionFuncFor: delete, condition=NAME[=VALUE] (default true), jsonpath='{...}'=VALUE."""
    if text.lower() == "delete":
        return Condition("delete")
    if text.startswith("condition="):
        name, _, value = text[len("condition="):].partition("=")
        return Condition("condition", name, value if "=" in text[len("condition="):] else "true")
    if text.startswith("jsonpath="):
        parts = text.split("=")
        if len(parts) != 3:
            raise error("jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3")
        from ..printers.jsonpath import JSONPathError, parse, relaxed
        try:
            expr = relaxed(parts[1])
        except JSONPathError as e:
            raise error(str(e)) from None
        if not parts[2]:
            raise error("jsonpath wait condition cannot be empty")
        if not expr:
            raise error("jsonpath expression cannot be empty")
        try:
            parse(expr)
        except JSONPathError as e:
            raise error(str(e)) from None
        return Condition("jsonpath", expr, parts[2].strip("'\""))
    raise error(f"unrecognized condition: {go_quote(text)}")


def condition_met(cond: Condition, obj: dict) -> bool:
    """checkCondition: the named status condition has the wanted status (case-insensitive)."""
    if cond.kind == "jsonpath":
        return _jsonpath_met(cond, obj)
    generation = obj["metadata"].get("generation")
    for item in (obj.get("status") or {}).get("conditions") or ():
        if str(item.get("type", "")).lower() != cond.name.lower() or "status" not in item:
            continue
        observed = item.get("observedGeneration", (obj.get("status") or {}).get("observedGeneration"))
        if generation is not None and observed is not None and observed < generation:
            return False
        return str(item["status"]).lower() == cond.value.lower()
    return False


def _jsonpath_met(cond: Condition, obj: dict) -> bool:
    from ..printers.jsonpath import JSONPathError, find_results, go_v, parse
    try:
        results = find_results(parse(cond.name), obj, allow_missing=False)
    except JSONPathError as e:
        raise error(str(e)) from None
    if not results:
        raise error("given jsonpath expression does not match any value")
    if len(results) > 1:
        raise error("given jsonpath expression matches more than one list")
    if len(results[0]) > 1:
        raise error("given jsonpath expression matches more than one value")
    if not results[0]:
        raise error("given jsonpath expression does not match any value")
    value = results[0][0]
    if isinstance(value, (dict, list)):
        raise error("jsonpath leads to a nested object or list which is not supported")
    return go_v(value).strip() == cond.value.strip()


@verb("wait", "Hold until resources reach a condition, or are gone", group="Advanced Commands",
      complete_args="types",
      usage="([-f FILENAME] | resource.group/resource.name | resource.group [(-l label | --all)]) "
            "[--for=delete|--for condition=available|--for=jsonpath='{}'=value]",
      long="Hold until each named resource meets a condition, then print that it did.\n\n"
           "--for=condition=NAME checks the status condition of that type (Ready for pods, Available "
           "for deployments); its status must be true unless you write NAME=VALUE. --for=delete waits "
           "for the resource to be gone. --for=jsonpath='{.status.phase}'=Running compares one field "
           "with a value.\n\n"
           "Resources are waited for one after the other, each for at most --timeout (30s unless "
           "given). A resource that is already gone counts as deleted.",
      examples="""
      # Until the pod web-0 is ready
      kubectl wait --for=condition=Ready pod/web-0

      # The same, giving the condition's status explicitly
      kubectl wait --for=condition=Ready=true pod/web-0

      # Until the nginx deployment has enough ready pods
      kubectl wait --for=condition=available deployment/nginx

      # Until the pod's phase field says Running
      kubectl wait --for=jsonpath='{.status.phase}'=Running pod/web-0

      # Every pod of the app, giving up after a minute
      kubectl wait --for=condition=Ready pod -l app=nginx --timeout=60s

      # Delete a pod, then hold until it is really gone
      kubectl delete pod/web-0 --wait=false
      kubectl wait --for=delete pod/web-0 --timeout=60s
      """,
      flags=(c.FILENAME, c.SELECTOR, *c.PRINT_FLAGS,
             Flag("all", "bool", help="Wait for every object of the given types in the namespace."),
             Flag("all-namespaces", "bool", short="A", help="Look for the objects in every namespace."),
             Flag("field-selector", help="Only wait for objects whose fields match this query ('=', '==' and '!=')."),
             Flag("for", help="What to wait for: delete, condition=NAME[=VALUE] (VALUE defaults to true), "
                              "or jsonpath='{EXPRESSION}'=VALUE. Values are compared without regard to case."),
             Flag("local", "bool", help="Only read the manifests given with -f; the cluster is left alone."),
             Flag("recursive", "bool", short="R", help="Also read the folders inside the one given with -f, --filename."),
             Flag("timeout", "duration", default=30.0,
                  help="How long to wait for each object. 0 checks once; a negative value waits a week.")))
def wait(inv) -> int:
    f = inv.flags
    fmt = c.check_output(inv)
    cond = parse_for(f["for"])
    timeout = WEEK if f["timeout"] < 0 else f["timeout"]
    if f["local"]:
        raise error("resource(s) were provided, but no name was specified" if inv.args else c.NO_RESOURCES)
    if not inv.args and not f["filename"]:
        raise error(c.NO_RESOURCES)
    problems: list[str] = []
    found = select_objects(inv, inv.args, problems)
    if cond.kind == "delete":
        problems = [p for p in problems if "(NotFound)" not in p]
    elif not found and not problems:
        raise error("no matching resources found")
    for rtype, obj in found:
        try:
            final, met = _wait_one(inv, rtype, obj, cond, timeout)
        except (KubectlError, ApiError) as e:
            problems.append(e.text if isinstance(e, KubectlError) else e.kubectl_text())
            continue
        if not met:
            problems.append(f"error: timed out waiting for the condition on {rtype.plural}/{obj['metadata']['name']}")
            continue
        if fmt:
            c.print_object(inv, final, fmt, rtype)
        else:
            inv.print(f"{rtype.ref(final['metadata']['name'])} condition met")
    return finish(inv, problems)


def _wait_one(inv, rtype, obj: dict, cond: Condition, timeout: float) -> tuple[dict, bool]:
    """Skip time to each due change until the condition holds; (last object seen, met?)."""
    cluster, clock = inv.cluster, inv.world.clock
    meta = obj["metadata"]
    ns = meta.get("namespace") if rtype.namespaced else None
    deadline = clock.now() + timeout
    last = obj
    for _ in range(MAX_STEPS):
        cluster.sync()
        live = cluster.find(rtype.plural, ns, meta["name"])
        if cond.kind == "delete":
            if live is None or live["metadata"].get("uid") != meta.get("uid"):
                return last, True
        elif live is not None and condition_met(cond, live):
            return live, True
        last = live or last
        due, now = inv.world.next_change(), clock.now()
        if now >= deadline - 1e-6:
            return last, False
        step_to = min(due, deadline) if due is not None else deadline  # nothing due: the timeout runs out
        inv.world.advance(step_to - now + (0.001 if due is not None and step_to < deadline else 0.0))
    return last, False
