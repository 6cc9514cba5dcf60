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


@verb("rollout", "Manage the rollout of a resource", group="Deploy Commands", usage="SUBCOMMAND",
      long="Manage the rollout of a resource.\n\nValid resource types include:\n\n"
           "  *  deployments\n  *  daemonsets\n  *  statefulsets",
      examples="""
      # Rollback to the previous deployment
      kubectl rollout undo deployment/abc

      # Check the rollout status of a daemonset
      kubectl rollout status daemonset/foo
      """)
def rollout(inv) -> int:
    from ..registry import _group_without_handler
    return _group_without_handler(inv.verb, inv.args, inv.err)


@verb("rollout status", "Show the status of the rollout", usage="(TYPE NAME | TYPE/NAME) [flags]",
      complete_args="types", long="Show the status of the rollout.",
      examples="# Watch the rollout status of a deployment\nkubectl rollout status deployment/nginx",
      flags=(c.FILENAME, c.SELECTOR))
def rollout_status(inv) -> int:
    for dep in _deployments(inv):
        inv.print(status_line(dep)[0])
    return 0


def _owned_replicasets(inv, dep: dict) -> list[dict]:
    uid = dep["metadata"].get("uid")
    return [rs for rs in inv.cluster.list("replicasets", dep["metadata"]["namespace"])
            if any(o.get("uid") == uid for o in rs["metadata"].get("ownerReferences") or ())]


def _revision(rs: dict) -> int:
    try:
        return int((rs["metadata"].get("annotations") or {}).get(REVISION, "0"))
    except ValueError:
        return 0


@verb("rollout history", "View rollout history", usage="(TYPE NAME | TYPE/NAME) [flags]",
      complete_args="types", long="View previous rollout revisions and configurations.",
      examples="# View the rollout history of a deployment\nkubectl rollout history deployment/abc",
      flags=(c.FILENAME, c.SELECTOR, *c.PRINT_FLAGS,
             c.Flag("revision", "int", help="See the details, including podTemplate of the revision specified")))
def rollout_history(inv) -> int:
    for dep in _deployments(inv):
        sets = sorted(_owned_replicasets(inv, dep), key=_revision)
        inv.print(f"deployment.apps/{dep['metadata']['name']} ")
        rows = [["REVISION", "CHANGE-CAUSE"]]
        for rs in sets:
            cause = (rs["metadata"].get("annotations") or {}).get(CHANGE_CAUSE) or "<none>"
            rows.append([str(_revision(rs)), cause])
        widths = [max(len(r[0]) for r in rows)]
        inv.out.write("".join(r[0].ljust(widths[0] + 2) + r[1] + "\n" for r in rows))
        inv.print()
    return 0


def _change_template(inv, dep: dict, template: dict, word: str) -> None:
    updated = copy.deepcopy(dep)
    updated["spec"]["template"] = template
    inv.cluster.replace(updated)
    inv.print(f"deployment.apps/{dep['metadata']['name']} {word}")


@verb("rollout restart", "Restart a resource", usage="RESOURCE", complete_args="types",
      long="Restart a resource.\n\n Resource rollout will be restarted.",
      examples="# Restart a deployment\nkubectl rollout restart deployment/nginx",
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


@verb("rollout undo", "Undo a previous rollout", usage="(TYPE NAME | TYPE/NAME) [flags]",
      complete_args="types", long="Roll back to a previous rollout.",
      examples="# Roll back to the previous deployment\nkubectl rollout undo deployment/abc",
      flags=(c.FILENAME, c.SELECTOR, c.DRY_RUN, *c.PRINT_FLAGS,
             c.Flag("to-revision", "int", help="The revision to rollback to. Default to 0 (last revision).")))
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


@verb("rollout pause", "Mark the provided resource as paused", usage="RESOURCE", complete_args="types",
      long="Mark the provided resource as paused.", flags=(c.FILENAME, c.SELECTOR, c.FIELD_MANAGER))
def rollout_pause(inv) -> int:
    return _set_paused(inv, True, "paused")


@verb("rollout resume", "Resume a paused resource", usage="RESOURCE", complete_args="types",
      long="Resume a paused resource.", flags=(c.FILENAME, c.SELECTOR, c.FIELD_MANAGER))
def rollout_resume(inv) -> int:
    return _set_paused(inv, False, "resumed")


__all__ = ["status_line", "table"]
