"""The rest of kubectl 1.24's top-level commands.

`top` answers as on a kubeadm cluster without metrics-server, `api-versions` lists the groups the
simulated server serves and `plugin list` finds no plugins. Commands the simulation does not model
are still known (help lists them in kubectl's groups, no "unknown command"); each answers with
one honest `kubetutor:` line saying what to use instead, and exits 1.
"""
from __future__ import annotations

from ..errors import KubectlError, error
from ..flags import Flag
from ..registry import verb
from ..resources import RESOURCE_TYPES
from . import _common as c

NO_METRICS = "error: Metrics API not available"


def _not_here(text: str):
    """A handler that says, in our words, why the command does nothing in this terminal."""
    def handler(inv) -> int:
        raise KubectlError(f"kubetutor: {text}")
    return handler


# ---- top: kubeadm installs no metrics-server --------------------------------------------------

def _no_metrics(inv) -> int:
    raise KubectlError(NO_METRICS)


verb("top", "Show CPU and memory use of nodes or pods", group="Cluster Management Commands",
     long="Show how much CPU and memory nodes or pods use.\n\nThe numbers come from the Metrics API, "
          "which a metrics server must provide; a fresh kubeadm cluster has none.")(None)
verb("top node", "Show CPU and memory use of nodes", aliases=("nodes", "no"), usage="[NAME | -l label]",
     long="Show how much CPU and memory each node uses, as reported by the Metrics API.",
     examples="""
     # Every node
     kubectl top node

     # One node
     kubectl top node NODE_NAME
     """,
     flags=(c.SELECTOR, Flag("no-headers", "bool", help="Leave out the header line."),
            Flag("show-capacity", "bool", help="Show the node's capacity instead of what it can give to pods."),
            Flag("sort-by", help="Sort the list by cpu or memory."),
            Flag("use-protocol-buffers", "bool", default=True, help="Ask the Metrics API for protocol buffers.")))(_no_metrics)
verb("top pod", "Show CPU and memory use of pods", aliases=("pods", "po"), usage="[NAME | -l label]",
     long="Show how much CPU and memory pods use, as reported by the Metrics API. Recent figures may "
          "take a few minutes to appear.",
     examples="""
     # Every pod of the namespace
     kubectl top pod

     # The pods of the nginx app, with one line per container
     kubectl top pod -l app=nginx --containers
     """,
     flags=(c.SELECTOR, Flag("all-namespaces", "bool", short="A", help="List pods of every namespace."),
            Flag("containers", "bool", help="One line per container."),
            Flag("field-selector", help="Only pods whose fields match this query ('=', '==' and '!=')."),
            Flag("no-headers", "bool", help="Leave out the header line."),
            Flag("sort-by", help="Sort the list by cpu or memory."),
            Flag("use-protocol-buffers", "bool", default=True, help="Ask the Metrics API for protocol buffers.")))(_no_metrics)


# ---- api-versions and plugin: real answers ---------------------------------------------------

@verb("api-versions", "List the API group versions the server offers", group="Other Commands",
      long="List the API group versions the server offers, one group/version a line.",
      examples="""
      # Every API version
      kubectl api-versions
      """)
def api_versions(inv) -> int:
    if inv.args:
        raise error(f"unexpected arguments: [{' '.join(inv.args)}]")
    for v in sorted({r.api_version for r in RESOURCE_TYPES}):
        inv.print(v)
    return 0


verb("plugin", "Work with kubectl plugins", group="Other Commands",
     long="Work with plugins: programs named kubectl-NAME on your PATH that add the command 'kubectl NAME'.")(None)


@verb("plugin list", "List the kubectl plugins found on your PATH",
      long="List every kubectl plugin program found on your PATH.",
      examples="""
      # Every plugin on the PATH
      kubectl plugin list
      """,
      flags=(Flag("name-only", "bool", help="Print only the file name of each plugin."),))
def plugin_list(inv) -> int:
    raise error("unable to find any kubectl plugins in your PATH")


# ---- known, but not simulated --------------------------------------------------------------------

_PATCH_INSTEAD = "use kubectl patch, or kubectl apply -f with a manifest, instead."
_FROM_A_POD = ("to reach a pod or service, run curl inside the cluster instead, e.g. "
               "kubectl exec -it POD -- sh, then curl SERVICE:PORT.")
_NODES = "node scheduling (cordon, drain, taints) is not simulated in this cluster."

_UNSIMULATED = (
    ("edit", "Change a resource in your text editor", "Basic Commands (Intermediate)",
     "(RESOURCE/NAME | -f FILENAME)",
     '"kubectl edit" needs an interactive editor, which this terminal does not have; ' + _PATCH_INSTEAD,
     (c.FILENAME, *c.PRINT_FLAGS, c.VALIDATE, c.SAVE_CONFIG,
      Flag("field-manager", default="kubectl-edit", help="The manager name recorded as owner of the fields this command sets."),
      Flag("output-patch", "bool", help="Print the patch made from your edit."),
      Flag("recursive", "bool", short="R", help="Also read the folders inside the one given with -f, --filename."),
      Flag("subresource", help="Edit this subresource (status) instead of the object; an alpha feature."),
      Flag("windows-line-endings", "bool", help="Use Windows line endings in the file you edit."))),
    ("autoscale", "Let a HorizontalPodAutoscaler scale a workload", "Deploy Commands",
     "(-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU]",
     '"kubectl autoscale" needs a metrics server, which this cluster does not have; set the number of '
     "replicas with kubectl scale instead.",
     (c.FILENAME, c.DRY_RUN, *c.PRINT_FLAGS,
      Flag("cpu-percent", "int", default=-1, help="The average CPU use, in percent of the request, to aim for."),
      Flag("max", "int", default=-1, help="The most pods the autoscaler may run."),
      Flag("min", "int", default=-1, help="The fewest pods the autoscaler may run."),
      Flag("name", help="The name of the autoscaler to create."))),
    ("certificate", "Approve or deny certificate signing requests", "Cluster Management Commands", "",
     '"kubectl certificate" is not simulated: this cluster has no certificate signing requests.', ()),
    ("cordon", "Keep new pods off a node", "Cluster Management Commands", "NODE",
     '"kubectl cordon": ' + _NODES, (c.DRY_RUN, c.SELECTOR)),
    ("uncordon", "Let new pods onto a node again", "Cluster Management Commands", "NODE",
     '"kubectl uncordon": ' + _NODES, (c.DRY_RUN, c.SELECTOR)),
    ("drain", "Empty a node before maintenance", "Cluster Management Commands", "NODE",
     '"kubectl drain": ' + _NODES + " To move pods, delete them and let their deployment create new ones.",
     (c.DRY_RUN, c.SELECTOR, Flag("delete-emptydir-data", "bool", help="Go on even when pods keep data in emptyDir volumes."),
      Flag("force", "bool", help="Go on even when pods belong to no controller."),
      Flag("grace-period", "int", default=-1, help="Seconds each pod is given to stop; -1 keeps the pod's own setting."),
      Flag("ignore-daemonsets", "bool", help="Leave pods of daemon sets alone."),
      Flag("pod-selector", help="Only evict pods matching this label query."),
      Flag("timeout", "duration", help="How long to go on before giving up; 0 means as long as it takes."))),
    ("taint", "Set or remove taints on nodes", "Cluster Management Commands",
     "NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N",
     '"kubectl taint": ' + _NODES,
     (c.DRY_RUN, c.SELECTOR, *c.PRINT_FLAGS, Flag("all", "bool", help="Act on every node."),
      Flag("overwrite", "bool", help="Let a taint replace one with the same key and effect."))),
    ("port-forward", "Forward local ports to a pod", "Troubleshooting and Debugging Commands",
     "TYPE/NAME [options] [LOCAL_PORT:]REMOTE_PORT [...[LOCAL_PORT_N:]REMOTE_PORT_N]",
     '"kubectl port-forward" would open ports on your own computer, which this browser terminal '
     "cannot do; " + _FROM_A_POD,
     (Flag("address", "stringSlice", default=["localhost"], help="Local addresses to listen on, comma separated."),
      Flag("pod-running-timeout", "duration", default=60.0,
           help="How long (above zero, e.g. 5s, 2m or 3h) to wait for at least one pod to run"))),
    ("proxy", "Serve the Kubernetes API on a local port", "Troubleshooting and Debugging Commands",
     "[--port=PORT] [--www=static-dir] [--www-prefix=prefix] [--api-prefix=prefix]",
     '"kubectl proxy" would serve the API on a port of your own computer, which this browser terminal '
     "cannot do; " + _FROM_A_POD,
     (Flag("address", default="127.0.0.1", help="The address to listen on."),
      Flag("accept-hosts", default="^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$", help="Hosts allowed to connect, as regular expressions."),
      Flag("api-prefix", default="/", help="The path the API is served under."),
      Flag("port", "int", short="p", default=8001, help="The port to listen on; 0 picks one."),
      Flag("www", short="w", help="Also serve the files of this folder."),
      Flag("www-prefix", short="P", default="/static/", help="The path the files of --www are served under."))),
    ("cp", "Copy files between your computer and containers", "Troubleshooting and Debugging Commands",
     "<file-spec-src> <file-spec-dest>",
     '"kubectl cp" is not simulated here; to read a file in a container use kubectl exec POD -- cat FILE.',
     (Flag("container", short="c", help="Which container to copy to or from."),
      Flag("no-preserve", "bool", help="Do not keep the owner and permissions of the files."),
      Flag("retries", "int", help="How often to retry a copy that broke off; a negative value retries forever."))),
    ("auth", "Check what you are allowed to do", "Troubleshooting and Debugging Commands", "",
     '"kubectl auth" is not simulated; in this session you are kubernetes-admin, who may do everything.', ()),
    ("debug", "Start a debugging container next to a workload", "Troubleshooting and Debugging Commands",
     "(POD | TYPE[[.VERSION].GROUP]/NAME) [ -- COMMAND [args...] ]",
     '"kubectl debug" is not simulated; use kubectl exec -it POD -- sh, or start a helper pod with '
     "kubectl run -it --rm debug --image=busybox -- sh.",
     (Flag("attach", "bool", help="Wait for the container to start and join it."),
      Flag("container", short="c", help="The name of the debugging container."),
      Flag("copy-to", help="Debug a copy of the pod under this name."),
      Flag("image", help="The image of the debugging container."),
      Flag("quiet", "bool", short="q", help="Print nothing but what the remote process writes"),
      Flag("stdin", "bool", short="i", help="Keep the container's standard input open."),
      Flag("target", help="Share the process namespace of this container."),
      Flag("tty", "bool", short="t", help="Give the container a terminal (TTY)."))),
    ("diff", "Show what applying manifests would change", "Advanced Commands", "-f FILENAME",
     '"kubectl diff" is not simulated; compare kubectl get TYPE NAME -o yaml with your manifest, or try '
     "kubectl apply -f FILE --dry-run=server -o yaml.",
     (c.FILENAME, c.SELECTOR, Flag("field-manager", default="kubectl-client-side-apply", help="The manager name recorded as owner of the fields."),
      Flag("server-side", "bool", help="Let the API server work out the changes."))),
    ("kustomize", "Build a kustomization folder into manifests", "Advanced Commands", "DIR",
     '"kubectl kustomize" is not simulated; write the manifests out and use kubectl apply -f.', ()),
    ("completion", "Print a shell completion script", "Settings Commands", "SHELL",
     "this terminal completes kubectl commands itself when you press Tab, so no completion script is needed.", ()),
)

for _name, _summary, _group, _usage, _text, _flags in _UNSIMULATED:
    verb(_name, _summary, group=_group, usage=_usage, flags=_flags, complete_args="types" if "TYPE" in _usage else "",
         long=f"{_summary}.\n\nThis simulated cluster does not model it: the command is known, but only says "
              "what to use instead.")(_not_here(_text))

verb("alpha", "Commands still in alpha", group="Other Commands",
     long="Commands that are still in alpha: they may change or go away.")(None)
verb("alpha events", "List events", usage="[(-o|--output=)json|yaml|name|go-template|go-template-file|template|"
     "templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--event=Normal,Warning]",
     long="List events, oldest first.\n\nThis simulated cluster does not model the alpha command: the command "
          "is known, but only says what to use instead.",
     flags=(*c.PRINT_FLAGS, Flag("all-namespaces", "bool", short="A", help="List events of every namespace."),
            Flag("for", help="Only events about this object (TYPE/NAME)."),
            Flag("watch", "bool", short="w", help="Keep printing new events.")))(
    _not_here('"kubectl alpha events" is not simulated; kubectl get events lists the same events.'))
