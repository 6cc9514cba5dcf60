"""The learner's kubeconfig, as kubeadm writes `admin.conf`: one cluster, one user, one context.

`kubectl config` reads and changes it; every verb takes its default namespace from the current
context. It serializes with `to_dict` / `from_dict` as part of the terminal state.
"""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_CLUSTER = "kubernetes"
DEFAULT_USER = "kubernetes-admin"
DEFAULT_CONTEXT = "kubernetes-admin@kubernetes"
DEFAULT_SERVER = "https://192.168.0.11:6443"  # the control-plane node (bootstrap.NODE_IP)


@dataclass
class Context:
    cluster: str = DEFAULT_CLUSTER
    user: str = DEFAULT_USER
    namespace: str = ""


class Kubeconfig:
    """Contexts, the current context, and the clusters and users they point at."""

    def __init__(self, contexts: dict[str, Context] | None = None,
                 current: str = DEFAULT_CONTEXT, server: str = DEFAULT_SERVER) -> None:
        self.contexts: dict[str, Context] = contexts if contexts is not None else {
            DEFAULT_CONTEXT: Context()}
        self.current = current
        self.server = server
        self.clusters: dict[str, str] = {DEFAULT_CLUSTER: server}
        self.users: list[str] = [DEFAULT_USER]

    @classmethod
    def default(cls, server: str = DEFAULT_SERVER) -> "Kubeconfig":
        """What kubeadm's admin.conf holds right after `kubeadm init`."""
        return cls(server=server)

    # -- reading ---------------------------------------------------------------------------
    def has_context(self, name: str) -> bool:
        return name in self.contexts

    def namespace_of(self, context: str | None = None) -> str:
        """The namespace a context selects ('default' when it names none)."""
        ctx = self.contexts.get(context or self.current)
        return (ctx.namespace if ctx else "") or "default"

    @property
    def namespace(self) -> str:
        """The current context's namespace."""
        return self.namespace_of(None)

    # -- changing --------------------------------------------------------------------------
    def set_context(self, name: str, *, namespace: str | None = None, cluster: str | None = None,
                    user: str | None = None) -> bool:
        """Create or modify a context; returns True when it was created."""
        created = name not in self.contexts
        ctx = self.contexts.setdefault(name, Context(cluster="", user=""))
        if namespace is not None:
            ctx.namespace = namespace
        if cluster is not None:
            ctx.cluster = cluster
        if user is not None:
            ctx.user = user
        return created

    def use_context(self, name: str) -> None:
        self.current = name

    def delete_context(self, name: str) -> None:
        self.contexts.pop(name, None)

    def rename_context(self, old: str, new: str) -> None:
        self.contexts[new] = self.contexts.pop(old)
        if self.current == old:
            self.current = new

    # -- views -----------------------------------------------------------------------------
    def view(self, minify: bool = False, raw: bool = False) -> dict:
        """The document `kubectl config view` prints (secrets shown the way kubectl hides them)."""
        contexts = self.contexts
        clusters, users = dict(self.clusters), list(self.users)
        if minify:
            ctx = contexts.get(self.current)
            contexts = {self.current: ctx} if ctx else {}
            clusters = {k: v for k, v in clusters.items() if ctx and k == ctx.cluster}
            users = [u for u in users if ctx and u == ctx.user]
        ca = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwKY201bGRHVnpNQjRYRFRJeU1EZ3hPVEV5TURBd01Gb1hEVE15TURneE5qRXlNREF3TUZvd0ZURVRNQkVHQTFVRQpBeE1LYTNWaVpYSnVaWFJsY3pDQ0FTSXdEUVlKS29aSWh2Y05BUUVCQlFBRGdnRVBBRENDQVFvQ2dnRUJBTUJaCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K"  # noqa: E501  a stand-in certificate for --raw
        doc: dict = {"apiVersion": "v1", "clusters": [], "contexts": [], "current-context": self.current,
                     "kind": "Config", "preferences": {}, "users": []}
        for name, server in sorted(clusters.items()):
            doc["clusters"].append({"cluster": {"certificate-authority-data": ca if raw else "DATA+OMITTED",
                                                "server": server}, "name": name})
        for name, ctx in sorted(contexts.items()):
            body = {}
            if ctx.cluster:
                body["cluster"] = ctx.cluster
            if ctx.namespace:
                body["namespace"] = ctx.namespace
            if ctx.user:
                body["user"] = ctx.user
            doc["contexts"].append({"context": body, "name": name})
        for name in sorted(users):
            secret = ca if raw else "REDACTED"
            doc["users"].append({"name": name, "user": {"client-certificate-data": secret,
                                                        "client-key-data": secret}})
        if not doc["clusters"]:
            doc["clusters"] = None
        if not doc["contexts"]:
            doc["contexts"] = None
        if not doc["users"]:
            doc["users"] = None
        return doc

    # -- state -----------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return {"current": self.current, "server": self.server,
                "contexts": {n: [c.cluster, c.user, c.namespace] for n, c in self.contexts.items()}}

    @classmethod
    def from_dict(cls, d: dict) -> "Kubeconfig":
        contexts = {n: Context(*v) for n, v in d["contexts"].items()} if "contexts" in d else None
        return cls(contexts=contexts, current=d.get("current", DEFAULT_CONTEXT),
                   server=d.get("server", DEFAULT_SERVER))
