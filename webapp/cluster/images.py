"""The image catalog: what each container image learners meet really contains.

`image_info(image)` normalises a reference (`nginx`, `nginx:1.23`, `docker.io/library/nginx:latest`,
`thr3a/debugger`, `registry.k8s.io/echoserver:1.4`, ...) and answers an `ImageInfo`: pull time and
size, digest, OS, shell, tools and their flavours, environment, what it serves on which ports, and
how its main process behaves (runs forever or exits, handles SIGTERM or not).

Unknown images behave as a plain container: a POSIX shell (`sh`, busybox flavour), no other tools,
no served ports, the default command exits at once (so the pod goes Completed -> CrashLoopBackOff
unless a command such as `sleep infinity` keeps it running).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from webapp.cluster.images_catalog import ALIASES, CATALOG, PATH_DEFAULT, PLAIN, servers_for_argv

# Programs whose process, as PID 1 with no signal handler, ignores SIGTERM (kubelet waits the grace period).
_NO_SIGTERM_HANDLER = frozenset({"sleep", "tail", "sh", "ash", "bash", "dash", "cat", "yes", "top", "watch"})
# Shell-script shapes that never end.
_FOREVER_SCRIPT = re.compile(r"while\s+(true|:)|sleep\s+infinity|tail\s+-f|sleep\s+\d{4,}|until\s+false")


@dataclass(frozen=True)
class ImageInfo:
    """Everything the simulation needs to know about one image reference."""

    ref: str                         # as the kubelet reports it: docker.io/library/nginx:latest
    repo: str                        # docker.io/library/nginx
    tag: str                         # latest
    kind: str                        # catalog key: "nginx", "debugger", "busybox", ... or "plain"
    pull_seconds: float
    size_bytes: int
    digest: str                      # sha256:<64 hex>
    os: str                          # "alpine" | "debian" | "busybox" | "scratch"
    os_release: str | None           # /etc/os-release text, None when the image has none
    shell: str                       # what `sh` is: "ash" (busybox) or "dash" (debian)
    has_bash: bool
    user: str                        # the image's USER
    home: str
    workdir: str
    tools: dict[str, str]            # program -> flavour ("busybox", "gnu", "bind916", "7.83.1", ...)
    env: tuple[tuple[str, str], ...]  # the image's ENV, in Dockerfile order (PATH first)
    entrypoint: tuple[str, ...]
    cmd: tuple[str, ...]
    serves: dict[int, str] = field(default_factory=dict)   # default process: port -> server kind
    handles_sigterm: bool = False    # the default process exits promptly on SIGTERM
    version: str = ""                # the server's version when it has one (nginx 1.23.1)
    ps1: str | None = None           # a PS1 the image sets in its ENV (busyboxplus)

    @property
    def image_id(self) -> str:
        """The imageID kubelet shows in containerStatuses: docker.io/library/nginx@sha256:..."""
        return f"{self.repo}@{self.digest}"

    @property
    def ports(self) -> tuple[int, ...]:
        return tuple(sorted(self.serves))

    # -- the main process -----------------------------------------------------------------

    def argv(self, command: list[str] | None, args: list[str] | None) -> list[str]:
        """The process kubelet starts: `command` replaces ENTRYPOINT, `args` replaces CMD, and a
        `command` without `args` drops the image's CMD (the Kubernetes rule)."""
        entry = list(command) if command else list(self.entrypoint)
        if args is not None and (args or command is None):
            rest = list(args)
        elif command:
            rest = []
        else:
            rest = list(self.cmd)
        return entry + rest

    def serves_for(self, command: list[str] | None, args: list[str] | None) -> dict[int, str]:
        """Ports the container listens on when started with this command/args -> server kind."""
        argv = self.argv(command, args)
        if argv == self.argv(None, None):
            return dict(self.serves)
        return servers_for_argv(self, argv)

    def run_seconds(self, command: list[str] | None, args: list[str] | None) -> float | None:
        """How long the main process runs before it exits; None = until it is killed."""
        argv = self.argv(command, args)
        if self.serves_for(command, args) or self.kind in _DAEMONS:
            return None
        return _run_seconds(tuple(argv))

    def runs_forever(self, command: list[str] | None, args: list[str] | None) -> bool:
        """True when the main process keeps running (a server, `sleep infinity`, `sleep 3600`,
        `tail -f /dev/null`, a `while true` script); False when it exits on its own at once."""
        secs = self.run_seconds(command, args)
        return secs is None or secs >= 60

    def exit_code(self, command: list[str] | None, args: list[str] | None) -> int:
        """The exit status the main process ends with when it ends on its own."""
        argv = self.argv(command, args)
        if not argv:
            return 0
        prog = argv[0].rsplit("/", 1)[-1]
        if prog == "false":
            return 1
        if prog in ("sh", "ash", "bash", "dash") and len(argv) >= 3 and argv[1] == "-c":
            m = re.search(r"\bexit\s+(\d+)\s*$", argv[2])
            if m:
                return int(m.group(1)) % 256
            words = argv[2].split()
            if words and words[0] not in self.tools and words[0] not in _SHELL_BUILTINS:
                return 127
            return 0
        if prog == "curl" and len(argv) == 1:
            return 2                  # "curl: try 'curl --help' ..."
        return 0

    def start_error(self, command: list[str] | None, args: list[str] | None) -> str | None:
        """The runtime's message when the executable does not exist in the image (the container
        then fails with reason StartError / RunContainerError, exit code 128), else None."""
        argv = self.argv(command, args)
        if not argv:
            return None
        prog = argv[0]
        name = prog.rsplit("/", 1)[-1]
        if name in self.tools or name in _IMAGE_BINARIES.get(self.kind, ()) or name in ("sh",):
            return None
        if self.kind == "plain" or self.kind in _DAEMONS:
            return None              # unknown or distroless image: we cannot list what it ships
        where = "" if "/" in prog else ' in $PATH'
        return (f'failed to create containerd task: failed to create shim task: OCI runtime create '
                f'failed: runc create failed: unable to start container process: exec: "{prog}": '
                f'executable file not found{where}: unknown')

    def stops_on_sigterm(self, command: list[str] | None, args: list[str] | None) -> bool:
        """Whether PID 1 ends promptly on SIGTERM (else kubelet waits terminationGracePeriodSeconds)."""
        argv = self.argv(command, args)
        if argv == self.argv(None, None):
            return self.handles_sigterm
        if self.serves_for(command, args):
            return True
        return bool(argv) and argv[0].rsplit("/", 1)[-1] not in _NO_SIGTERM_HANDLER

    # -- the interactive shell ------------------------------------------------------------

    def has_program(self, name: str) -> bool:
        return name.rsplit("/", 1)[-1] in self.tools

    def tool_flavor(self, name: str) -> str | None:
        return self.tools.get(name.rsplit("/", 1)[-1])

    def prompt(self, shell: str, hostname: str, cwd: str, user: str | None = None) -> str:
        """The prompt an interactive shell in this image shows (kubectl exec is not a login
        shell, so /etc/profile's PS1 does not apply): busybox ash `/ # `, dash `# `, Debian bash
        `root@<host>:/# `, Alpine bash `bash-5.1# `."""
        user = user or self.user
        sigil = "#" if user == "root" else "$"
        shown = "~" + cwd[len(self.home):] if cwd == self.home or cwd.startswith(self.home + "/") else cwd
        if self.home == "/":
            shown = cwd
        name = shell.rsplit("/", 1)[-1]
        if name == "sh":
            name = self.shell
        if self.ps1 and name in ("sh", "ash"):
            return self.ps1.replace("\\u", user).replace("\\h", hostname.split(".")[0]).replace("\\w", shown)
        if name == "bash":
            if self.os == "debian":
                return f"{user}@{hostname.split('.')[0]}:{shown}{sigil} "
            return f"bash-{self.tools.get('bash', '5.1')}{sigil} "
        if name == "dash":
            return f"{sigil} "
        return f"{shown} {sigil} "


# images whose only purpose is one long-running daemon, whatever its flags
_DAEMONS = frozenset({"coredns", "kube-apiserver", "control-plane", "pause"})
_SHELL_BUILTINS = frozenset({"echo", "exit", "true", "false", "cd", "export", "printf", "test", "[",
                             "read", "set", "unset", "trap", "exec", ":", "."})
_IMAGE_BINARIES = {
    "nginx": ("nginx", "/docker-entrypoint.sh", "docker-entrypoint.sh"),
    "httpd": ("httpd-foreground", "httpd", "apachectl"),
    "agnhost": ("agnhost",),
    "serve_hostname": ("serve_hostname",),
    "hello_app": ("hello-app",),
    "echoserver": ("run.sh", "nginx"),
    "curl": ("entrypoint.sh", "/entrypoint.sh"),
}


def _run_seconds(argv: tuple[str, ...]) -> float | None:
    if not argv:
        return 0.0
    prog = argv[0].rsplit("/", 1)[-1]
    if prog == "sleep":
        return _sleep_seconds(argv[1:])
    if prog == "tail" and "-f" in argv[1:]:
        return None
    if prog in ("sh", "ash", "bash", "dash", "zsh") and len(argv) >= 3 and argv[1] == "-c":
        script = argv[2]
        if _FOREVER_SCRIPT.search(script):
            return None
        m = re.search(r"\bsleep\s+(\S+)", script)
        if m:
            return _sleep_seconds((m.group(1),))
        return 0.0
    if prog == "pause" or prog == "agnhost" and argv[1:2] == ("pause",):
        return None
    if prog in ("yes", "top", "watch"):
        return None
    return 0.0


def _sleep_seconds(args: tuple[str, ...] | list[str]) -> float | None:
    total = 0.0
    for a in args:
        if a in ("infinity", "inf"):
            return None
        m = re.fullmatch(r"(\d+(?:\.\d*)?)([smhd]?)", a)
        if not m:
            return 0.0            # sleep: invalid number -> exits 1 at once
        total += float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    return total


def normalize(image: str) -> tuple[str, str, str]:
    """`nginx` -> ("docker.io/library/nginx", "latest", ""); keeps a `@sha256:` digest apart."""
    image = image.strip()
    digest = ""
    if "@" in image:
        image, digest = image.split("@", 1)
    name, tag = image, ""
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        name, tag = name[:colon], name[colon + 1:]
    first = name.split("/", 1)[0]
    if "/" not in name:
        name = f"docker.io/library/{name}"
    elif not ("." in first or ":" in first or first == "localhost"):
        name = f"docker.io/{name}"
    if not tag and not digest:
        tag = "latest"
    return name, tag, digest


def _fake_digest(seed: str) -> str:
    return "sha256:" + hashlib.sha256(("kubetutor:" + seed).encode()).hexdigest()


@lru_cache(maxsize=512)
def image_info(image: str) -> ImageInfo:
    """The catalog entry for an image reference (or a plain container for unknown images)."""
    repo, tag, digest = normalize(image)
    short = repo.split("/", 1)[1] if repo.startswith("docker.io/") else repo
    key = ALIASES.get(short) or ALIASES.get(short.removeprefix("library/"))
    if key is None and tag:
        key = ALIASES.get(f"{short}:{tag}")
    spec = CATALOG.get(key) if key else None
    if spec is None:
        spec = PLAIN
        key = "plain"
    ref = f"{repo}:{tag}" if tag else f"{repo}@{digest}"
    kw = dict(spec)
    variant = kw.pop("variants", {}).get(tag)
    if variant:
        kw.update(variant)
    kw.pop("aliases", None)
    known_digest = kw.pop("digest", "")
    if key == "busybox" and busybox_version(tag) < (1, 29):
        # busybox rewrote nslookup in 1.29; older builds print the libc-based `Address 1:` form
        kw["tools"] = {**kw["tools"], "nslookup": "busybox-old"}
    return ImageInfo(ref=ref, repo=repo, tag=tag or "", kind=key,
                     digest=digest or known_digest or _fake_digest(f"{repo}:{tag}"), **kw)


def busybox_version(tag: str) -> tuple[int, int]:
    """(major, minor) a busybox image tag names: `1.28`, `1.28.4-glibc`, `1.35-musl`;
    `latest`, `musl`, `stable` or an unreadable tag count as current (1.35)."""
    m = re.match(r"(\d+)\.(\d+)", tag or "")
    return (int(m.group(1)), int(m.group(2))) if m else (1, 35)


__all__ = ["ImageInfo", "image_info", "normalize", "PATH_DEFAULT"]
