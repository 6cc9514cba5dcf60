"""A container in a pod, as a shell inside it sees it: the image's programs and shell, the files
kubelet and the runtime generate (/etc/resolv.conf, /etc/hosts, /etc/hostname), the image's
/etc/os-release, and the environment kubelet sets (service links of the Services that existed
when the container started)."""
from __future__ import annotations

from webapp.cluster.clock import parse_rfc3339
from webapp.cluster.images import image_info

from .fs import FileTree, LayeredFS
from .host import Host, Resolver
from .programs import load_all

CLUSTER_DOMAIN = "cluster.local"
DEFAULT_DNS = "10.96.0.10"
NODE_RESOLVER = Resolver(nameserver="192.168.0.1", search=(), ndots=1)   # the node's own resolv.conf
_DIRS = ("/bin", "/dev", "/etc", "/home", "/lib", "/media", "/mnt", "/opt", "/proc", "/root", "/run",
         "/sbin", "/srv", "/sys", "/tmp", "/usr", "/usr/bin", "/usr/lib", "/usr/local", "/usr/local/bin",
         "/usr/sbin", "/usr/share", "/var", "/var/log", "/var/tmp")


class PodHost(Host):
    """One container of one pod. `tree` holds what the learner wrote in it (kept by the terminal)."""

    kind = "pod"

    def __init__(self, cluster, pod: dict, container: str | None = None, tree: FileTree | None = None,
                 shell: str = "sh") -> None:
        self.cluster = cluster
        self.pod = pod
        self._hosts: dict[str, str] | None = None
        spec = pod["spec"]
        containers = spec.get("containers") or [{}]
        self.spec = next((c for c in containers if c.get("name") == container), containers[0])
        self.container = self.spec.get("name")
        self.image = image_info(self.spec.get("image") or "")
        meta = pod["metadata"]
        self.namespace, self.pod_name = meta.get("namespace", "default"), meta["name"]
        self.hostname = (spec.get("hostname") or self.pod_name)[:63]
        status = pod.get("status") or {}
        self.ip = status.get("podIP") or ""
        self.user = self.image.user
        self.home = self.image.home
        self.workdir = self.spec.get("workingDir") or self.image.workdir
        name = (shell or "sh").rsplit("/", 1)[-1]
        self.shell_name = name
        self.shell_flavor = self.image.shell if name == "sh" else name
        self.sh_flavor = self.image.shell
        self.resolver = pod_resolver(cluster, pod)
        generated = {"/etc/resolv.conf": self.resolv_conf, "/etc/hosts": self.etc_hosts,
                     "/etc/hostname": lambda: self.hostname + "\n",
                     "/var/run/secrets/kubernetes.io/serviceaccount/namespace": lambda: self.namespace}
        if self.image.os_release is not None:
            generated["/etc/os-release"] = lambda: self.image.os_release
        generated.update(_image_files(self.image))
        writable = ("/",) if self.user == "root" else (self.home, "/tmp")
        self.fs = LayeredFS(tree if tree is not None else FileTree(), generated, dirs=_DIRS + (self.home,),
                            user=self.user, writable=writable, clock=cluster.clock)

    # ---- programs and the shell
    def has_program(self, name: str) -> bool:
        base = name.rsplit("/", 1)[-1]
        if self.image.has_program(base):
            return True
        spec = load_all().get(base)
        return spec is not None and "everywhere" in spec.where and bool(self.image.shell)

    def tool_flavor(self, name: str) -> str:
        flavor = self.image.tool_flavor(name)
        if flavor is not None:
            return flavor
        return "gnu" if self.image.os == "debian" else "busybox"

    def program_path(self, name: str) -> str:
        return ("/bin/" if self.image.tools.get(name) == "busybox" else "/usr/bin/") + name

    def prompt(self, cwd: str, exit_code: int = 0) -> str:
        return self.image.prompt(self.shell_name, self.hostname, cwd, self.user)

    # ---- files
    def read_file(self, path: str) -> str | None:
        return self.fs.read(path)

    def write_file(self, path: str, text: str, append: bool = False) -> str | None:
        if path == "/etc/hosts":
            self._hosts = None
        return self.fs.write(path, text, append)

    def is_dir(self, path: str) -> bool:
        return self.fs.is_dir(path)

    def list_dir(self, path: str) -> list[str] | None:
        return self.fs.list_dir(path)

    # ---- generated files
    def resolv_conf(self) -> str:
        return resolv_conf_text(*pod_dns_config(self.cluster, self.pod))

    @property
    def fqdn(self) -> str:
        sub = self.pod["spec"].get("subdomain")
        if sub:
            return f"{self.hostname}.{sub}.{self.namespace}.svc.{CLUSTER_DOMAIN}"
        return self.hostname

    def etc_hosts(self) -> str:
        """kubelet's managed hosts file (pods without hostNetwork)."""
        if self.pod["spec"].get("hostNetwork"):
            return "127.0.0.1 localhost\n127.0.1.1 ubuntu01\n"
        lines = ["# Kubernetes-managed hosts file.", "127.0.0.1\tlocalhost",
                 "::1\tlocalhost ip6-localhost ip6-loopback", "fe00::0\tip6-localnet",
                 "fe00::0\tip6-mcastprefix", "fe00::1\tip6-allnodes", "fe00::2\tip6-allrouters"]
        if self.ip:
            lines.append(f"{self.ip}\t{self.fqdn}\t{self.hostname}" if self.fqdn != self.hostname
                         else f"{self.ip}\t{self.hostname}")
        aliases = self.pod["spec"].get("hostAliases") or []
        if aliases:
            lines += ["", "# Entries added by HostAliases."]
            lines += [f"{a.get('ip', '')}\t" + "\t".join(a.get("hostnames") or ()) for a in aliases]
        return "\n".join(lines) + "\n"

    def hosts_entries(self) -> dict[str, str]:
        """name -> address from /etc/hosts (what getaddrinfo reads before DNS)."""
        if self._hosts is not None:
            return self._hosts
        out: dict[str, str] = {}
        for line in (self.read_file("/etc/hosts") or "").splitlines():
            words = line.split("#", 1)[0].split()
            if len(words) >= 2 and ":" not in words[0]:
                for name in words[1:]:
                    out.setdefault(name.lower(), words[0])
        self._hosts = out
        return out

    # ---- environment
    def initial_env(self, tty: bool = False) -> dict[str, str]:
        """The container's environment as kubelet and the runtime set it (`env` in the pod)."""
        env: dict[str, str] = {}
        image_env = dict(self.image.env)
        env["PATH"] = image_env.pop("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        env["HOSTNAME"] = self.hostname
        env.update(image_env)
        explicit = container_env(self.cluster, self.pod, self.spec)
        links = service_links_for(self.cluster, self.pod, self.container)
        for k, v in links.items():
            if k not in explicit:
                env[k] = v
        env.update(explicit)
        if tty:
            env["TERM"] = "xterm"
        env["HOME"] = self.home
        return env

    def default_env(self) -> dict[str, str]:
        return self.initial_env()


MAX_NAMESERVERS, MAX_SEARCH_PATHS, MAX_SEARCH_CHARS = 3, 6, 256   # kubelet 1.24 (ExpandedDNSConfig off)


def pod_dns_config(cluster, pod: dict) -> tuple[list[str], list[str], list[str]]:
    """(nameservers, searches, options) kubelet gives the pod, as its GetPodDNS builds them: a base
    from dnsPolicy (ClusterFirst: kube-dns + the cluster search list + `ndots:5`; Default or a
    hostNetwork ClusterFirst pod: the node's resolv.conf; None: nothing), then dnsConfig appended
    with duplicates dropped (an option named again replaces the base's value), then the limits."""
    spec = pod["spec"]
    policy = spec.get("dnsPolicy") or "ClusterFirst"
    ns = pod["metadata"].get("namespace", "default")
    if policy == "Default" or (policy == "ClusterFirst" and spec.get("hostNetwork")):
        servers, search = [NODE_RESOLVER.nameserver], list(NODE_RESOLVER.search)
        options: dict[str, str] = {}
    elif policy == "None":
        servers, search, options = [], [], {}
    else:
        dns = cluster.find("services", "kube-system", "kube-dns")
        servers = [((dns or {}).get("spec") or {}).get("clusterIP") or DEFAULT_DNS]
        search = [f"{ns}.svc.{CLUSTER_DOMAIN}", f"svc.{CLUSTER_DOMAIN}", CLUSTER_DOMAIN] + list(NODE_RESOLVER.search)
        options = {"ndots": "5"}
    cfg = spec.get("dnsConfig") if isinstance(spec.get("dnsConfig"), dict) else {}
    servers = _unique(servers + [s for s in cfg.get("nameservers") or () if isinstance(s, str) and s])
    search = _unique(search + [s for s in cfg.get("searches") or () if isinstance(s, str) and s])
    for opt in cfg.get("options") or ():
        if isinstance(opt, dict) and isinstance(opt.get("name"), str) and opt["name"]:
            value = opt.get("value")
            options[opt["name"]] = "" if value is None else str(value)
    # kubelet keeps 6 search paths of at most 253 characters, then drops the last ones past 256
    search = [s for s in search[:MAX_SEARCH_PATHS] if len(s) <= 253]
    while search and len(" ".join(search)) > MAX_SEARCH_CHARS:
        search.pop()
    # kubelet's option map has no order in 1.24 (Go map); the base-then-dnsConfig order is the one
    # the docs show (`options ndots:2 edns0`)
    return (servers[:MAX_NAMESERVERS], search,
            [f"{k}:{v}" if v else k for k, v in options.items()])


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def resolv_conf_text(servers: list[str], search: list[str], options: list[str]) -> str:
    """The file containerd writes from kubelet's DNS config: search, nameservers, options."""
    lines = ["search " + " ".join(search)] if search else []
    lines += [f"nameserver {s}" for s in servers]
    if options:
        lines.append("options " + " ".join(options))
    return "\n".join(lines) + "\n"


def pod_resolver(cluster, pod: dict) -> Resolver:
    """What the pod's libc resolver uses: the first nameserver, the search list and ndots."""
    servers, search, options = pod_dns_config(cluster, pod)
    ndots = 1
    for opt in options:
        name, _, value = opt.partition(":")
        if name == "ndots" and value.isdigit():
            ndots = min(int(value), 15)          # glibc and musl cap ndots at 15
    return Resolver(servers[0] if servers else "", tuple(search), ndots)


def container_env(cluster, pod: dict, spec: dict) -> dict[str, str]:
    """The container's `env:` list resolved: values, `$(VAR)` references, fieldRef, configMapKeyRef."""
    out: dict[str, str] = {}
    for item in spec.get("env") or ():
        if not isinstance(item, dict) or not item.get("name"):
            continue
        if "value" in item:
            value = str(item.get("value") or "")
            for k, v in out.items():
                value = value.replace(f"$({k})", v)
            out[item["name"]] = value
            continue
        src = item.get("valueFrom") or {}
        field = (src.get("fieldRef") or {}).get("fieldPath")
        if field:
            out[item["name"]] = _field(pod, field)
        elif src.get("configMapKeyRef"):
            ref = src["configMapKeyRef"]
            cm = cluster.find("configmaps", pod["metadata"].get("namespace"), ref.get("name", ""))
            value = ((cm or {}).get("data") or {}).get(ref.get("key", ""))
            if value is not None:
                out[item["name"]] = value
    return out


def _field(pod: dict, path: str) -> str:
    meta, spec, status = pod["metadata"], pod["spec"], pod.get("status") or {}
    return {"metadata.name": meta.get("name", ""), "metadata.namespace": meta.get("namespace", ""),
            "metadata.uid": meta.get("uid", ""), "spec.nodeName": spec.get("nodeName", ""),
            "spec.serviceAccountName": spec.get("serviceAccountName", "default"),
            "status.podIP": status.get("podIP", ""), "status.hostIP": status.get("hostIP", "")}.get(path, "")


def service_links_for(cluster, pod: dict, container: str | None) -> dict[str, str]:
    """The service variables this container got when it started. Uses the snapshot kubelet took
    (`cluster.meta["service_env"][pod_uid]`) when there is one, else the Services created no later
    than the container's start that still exist."""
    snap = (cluster.meta.get("service_env") or {}).get(pod["metadata"].get("uid", ""))
    if snap is not None:
        return dict(snap)
    from webapp.cluster.network import service_env
    started = None
    for cs in (pod.get("status") or {}).get("containerStatuses") or ():
        if cs.get("name") == container:
            ts = ((cs.get("state") or {}).get("running") or {}).get("startedAt")
            started = parse_rfc3339(ts) if ts else None
    return service_env(cluster, pod["metadata"].get("namespace", "default"), started,
                       pod["spec"].get("enableServiceLinks", True))


def _image_files(info) -> dict:
    from webapp.cluster import servers
    if info.kind == "nginx":
        page = servers.NGINX_WELCOME if servers._version_tuple(info.version) >= (1, 21) else servers.NGINX_WELCOME_OLD
        return {"/usr/share/nginx/html/index.html": lambda: page,
                "/usr/share/nginx/html/50x.html": lambda: servers.NGINX_50X}
    if info.kind == "httpd":
        return {"/usr/local/apache2/htdocs/index.html": lambda: servers.HTTPD_BODY}
    return {}
