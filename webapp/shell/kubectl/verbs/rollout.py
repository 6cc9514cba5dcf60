"""`kubectl rollout status|history|restart|undo|pause|resume` for deployments.

`status` does not block: it prints the status line the deployment is at now (the controllers
move it forward as the clock advances), as one `kubectl rollout status` poll would.
"""
from __future__ import annotations

import copy

from webapp.cluster.clock import rfc3339

from ..errors import error
from ..registry import verb
from . import _common as c
from .config import table

REVISION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE = "kubernetes.io/change-cause"


def _deployments(inv) -> list[dict]:
    out = []
    for t in c.targets_with_names(inv, inv.args):
        if t.rtype.plural != "deployments":
            kind = t.rtype.kind + (f".{t.rtype.group}" if t.rtype.group else "")
            raise error(f"no status viewer has been implemented for {kind}"
                        if inv.verb.name == "status" else f"no {inv.verb.name} has been implemented for {kind}")
        out.append(c.fetch(inv, t))
    return out


def status_line(dep: dict) -> tuple[str, bool]:
    """kubectl's DeploymentStatusViewer: the message and whether the rollout is complete."""
    name, spec, st = dep["metadata"]["name"], dep["spec"], dep.get("status", {})
    if dep["metadata"].get("generation", 1) > st.get("observedGeneration", 0):
        return "Waiting for deployment spec update to be observed...", False
    for cond in st.get("conditions") or ():
        if cond.get("type") == "Progressing" and cond.get("reason") == "ProgressDeadlineExceeded":
            raise error(f'deployment "{name}" exceeded its progress deadline')
    want, updated = spec.get("replicas", 1), st.get("updatedReplicas", 0)
    if updated < want:
        return (f'Waiting for deployment "{name}" rollout to finish: {updated} out of {want} new replicas '
                "have been updated..."), False
    if st.get("replicas", 0) > updated:
        return (f'Waiting for deployment "{name}" rollout to finish: {st["replicas"] - updated} old replicas '
                "are pending termination..."), False
    if st.get("availableReplicas", 0) < updated:
        return (f'Waiting for deployment "{name}" rollout to finish: {st.get("availableReplicas", 0)} of '
                f"{updated} updated replicas are available..."), False
    return f'deployment "{name}" successfully rolled out', True


@verb("rollout", "Follow, pause, restart or undo rollouts", group="Deploy Commands", usage="SUBCOMMAND",
      long="Follow, pause, restart or undo the rollout of a workload.\n\nWorks with these types:\n\n"
           "  *  deployments\n  *  daemonsets\n  *  statefulsets",
      examples="""
      # Go back to the nginx deployment's previous revision
      kubectl rollout undo deployment/nginx

      # Wait until the nginx deployment has finished rolling out
      kubectl rollout status deployment/nginx
      """)
def rollout(inv) -> int:
    from ..registry import _group_without_handler
    return _group_without_handler(inv.verb, inv.args, inv.err)


@verb("rollout status", "Follow a rollout until it is done", usage="(TYPE NAME | TYPE/NAME) [flags]",
      complete_args="types", long="Report the progress of a rollout and wait until it is complete.",
      examples="# Follow the nginx deployment's rollout\nkubectl rollout status deployment/nginx",
      flags=(c.FILENAME, c.SELECTOR,
             c.Flag("watch", "bool", short="w", default=True, help="Follow the rollout until it is done."),
             c.Flag("revision", "int", help="Follow this revision; 0 (the default) means the latest."),
             c.Flag("timeout", "duration", help="How long to follow before giving up; 0 means no limit.")))
def rollout_status(inv) -> int:
    for dep in _deployments(inv):
        _follow(inv, dep)
    return 0


FOLLOW_HORIZON = 600.0   # simulated seconds a follow without --timeout may cover
FOLLOW_STEPS = 500       # due changes looked at, at most


def _follow(inv, dep: dict) -> None:
    """Print the status line whenever it changes, letting simulated time run to each due change,
    until the rollout is done (or, with --timeout, the time is up)."""
    cluster, ns, name = inv.cluster, dep["metadata"]["namespace"], dep["metadata"]["name"]
    timeout = inv.flags["timeout"]
    deadline = cluster.clock.now() + (timeout if timeout > 0 else FOLLOW_HORIZON)
    last = None
    for _ in range(FOLLOW_STEPS):
        live = cluster.find("deployments", ns, name)
        if live is None:
            raise error("object has been deleted")
        want = inv.flags["revision"]
        have = (live["metadata"].get("annotations") or {}).get(REVISION, "0")
        if want > 0 and str(want) != have:
            raise error(f"desired revision ({want}) is different from the running revision ({have})")
        line, done = status_line(live)
        if line != last:
            inv.print(line)
            last = line
        if done or not inv.flags["watch"]:
            return
        if not inv.world.skip_to_next_change(deadline):
            break
    if timeout > 0:
        raise error("timed out waiting for the condition")


def _owned_replicasets(inv, dep: dict) -> list[dict]:
    uid = dep["metadata"].get("uid")
    return [rs for rs in inv.cluster.list("replicasets", dep["metadata"]["namespace"])
            if any(o.get("uid") == uid for o in rs["metadata"].get("ownerReferences") or ())]


def _revision(rs: dict) -> int:
    try:
        return int((rs["metadata"].get("annotations") or {}).get(REVISION, "0"))
    except ValueError:
        return 0


@verb("rollout history", "List the revisions of a rollout", usage="(TYPE NAME | TYPE/NAME) [flags]",
      complete_args="types", long="List earlier revisions of a workload, or show the pod template of one of them.",
      examples="# The nginx deployment's revisions\nkubectl rollout history deployment/nginx",
      flags=(c.FILENAME, c.SELECTOR, *c.PRINT_FLAGS,
             c.Flag("revision", "int", help="Show this revision in full, pod template included")))
def rollout_history(inv) -> int:
    for dep in _deployments(inv):
        sets = sorted(_owned_replicasets(inv, dep), key=_revision)
        if inv.flags["revision"] > 0:
            _print_revision(inv, dep, sets, inv.flags["revision"])
            continue
        inv.print(f"deployment.apps/{dep['metadata']['name']} ")
        rows = [["REVISION", "CHANGE-CAUSE"]]
        for rs in sets:
            cause = (rs["metadata"].get("annotations") or {}).get(CHANGE_CAUSE) or "<none>"
            rows.append([str(_revision(rs)), cause])
        widths = [max(len(r[0]) for r in rows)]
        inv.out.write("".join(r[0].ljust(widths[0] + 2) + r[1] + "\n" for r in rows))
        inv.print()
    return 0


class _PlainPrefixWriter:
    """describe's PrefixWriter over a plain buffer: `rollout history --revision` keeps the raw tabs."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        self.parts.append("  " * level + text)

    def line(self, text: str) -> None:
        self.parts.append(text + "\n")

    def flush(self) -> None:
        pass

    def text(self) -> str:
        return "".join(self.parts)


def _print_revision(inv, dep: dict, sets: list[dict], revision: int) -> None:
    from ..printers.describe_apps import pod_template_block
    match = [rs for rs in sets if _revision(rs) == revision]
    if not match:
        raise error("unable to find the specified revision")
    template = copy.deepcopy(match[-1]["spec"].get("template") or {})
    cause = (match[-1]["metadata"].get("annotations") or {}).get(CHANGE_CAUSE)
    if cause:
        template.setdefault("metadata", {}).setdefault("annotations", {})[CHANGE_CAUSE] = cause
    w = _PlainPrefixWriter()
    pod_template_block(w, template)
    inv.out.write(f"deployment.apps/{dep['metadata']['name']} with revision #{revision}\n{w.text()}\n")


def _change_template(inv, dep: dict, template: dict, word: str) -> None:
    updated = copy.deepcopy(dep)
    updated["spec"]["template"] = template
    inv.cluster.replace(updated)
    inv.print(f"deployment.apps/{dep['metadata']['name']} {word}")


@verb("rollout restart", "Replace the pods of a workload with new ones", usage="RESOURCE", complete_args="types",
      long="Replace the pods of a workload with new ones.\n\n A new rollout starts, as if the pod template had changed.",
      examples="# New pods for the nginx deployment\nkubectl rollout restart deployment/nginx",
      flags=(c.FILENAME, c.SELECTOR, c.FIELD_MANAGER, *c.PRINT_FLAGS))
def rollout_restart(inv) -> int:
    for dep in _deployments(inv):
        if dep["spec"].get("paused"):
            raise error(f"deployments.apps \"{dep['metadata']['name']}\" can't restart paused deployment (run rollout resume first)")
        template = copy.deepcopy(dep["spec"]["template"])
        ann = template.setdefault("metadata", {}).setdefault("annotations", {})
        ann["kubectl.kubernetes.io/restartedAt"] = rfc3339(inv.cluster.clock.now()).replace("Z", "Z")
        _change_template(inv, dep, template, "restarted")
    return 0


@verb("rollout undo", "Go back to an earlier revision", usage="(TYPE NAME | TYPE/NAME) [flags]",
      complete_args="types", long="Roll a workload back to an earlier revision.",
      examples="# Back to the revision before the current one\nkubectl rollout undo deployment/nginx",
      flags=(c.FILENAME, c.SELECTOR, c.DRY_RUN, *c.PRINT_FLAGS,
             c.Flag("to-revision", "int", help="Which revision to go back to; 0 (the default) means the one before the current.")))
def rollout_undo(inv) -> int:
    for dep in _deployments(inv):
        name = dep["metadata"]["name"]
        sets = sorted(_owned_replicasets(inv, dep), key=_revision)
        want = inv.flags["to-revision"]
        if want:
            match = [rs for rs in sets if _revision(rs) == want]
            if not match:
                raise error(f"unable to find specified revision {want} in history")
            target = match[0]
        else:
            if len(sets) < 2:
                raise error(f'no rollout history found for deployment "{name}"')
            target = sets[-2]
        template = copy.deepcopy(target["spec"]["template"])
        template.get("metadata", {}).get("labels", {}).pop("pod-template-hash", None)
        if template == dep["spec"]["template"]:
            inv.print(f"deployment.apps/{name} skipped rollback (current template already matches revision "
                      f"{_revision(target)})")
            continue
        _change_template(inv, dep, template, "rolled back")
    return 0


def _set_paused(inv, paused: bool, word: str) -> int:
    for dep in _deployments(inv):
        name = dep["metadata"]["name"]
        if bool(dep["spec"].get("paused")) == paused:
            raise error(f"deployments.apps \"{name}\" is {'already' if paused else 'not'} paused")
        updated = copy.deepcopy(dep)
        updated["spec"]["paused"] = paused
        if not paused:
            updated["spec"].pop("paused")
        inv.cluster.replace(updated)
        inv.print(f"deployment.apps/{name} {word}")
    return 0


@verb("rollout pause", "Hold a workload's rollouts", usage="RESOURCE", complete_args="types",
      long="Hold a workload: changes to its pod template wait until it is resumed.", flags=(c.FILENAME, c.SELECTOR, c.FIELD_MANAGER))
def rollout_pause(inv) -> int:
    return _set_paused(inv, True, "paused")


@verb("rollout resume", "Let a paused workload roll out again", usage="RESOURCE", complete_args="types",
      long="Let a paused workload roll out again, starting with any change made while it was held.", flags=(c.FILENAME, c.SELECTOR, c.FIELD_MANAGER))
def rollout_resume(inv) -> int:
    return _set_paused(inv, False, "resumed")


__all__ = ["status_line", "table"]
