"""The catalog data behind `webapp.cluster.images.image_info`: one entry per image learners meet
in the article and the Kubernetes docs, with what it really ships (sources: the images' Dockerfiles
and base distributions as of mid-2022; sizes are uncompressed, pull times a typical first pull).

Tool flavours: text tools "busybox" | "gnu" (awk "mawk" on Debian); nslookup/dig/host "bind916"
(BIND 9.16, also used for older BIND whose output has the same shape), "bind918", "busybox"
(busybox >= 1.29 nslookup), "busybox-old" (busybox <= 1.28: libc lookups, `Address 1: ...` style); ping "iputils" |
"busybox"; wget "busybox" | "gnu"; curl: its version string; bash: its major.minor version.
"""
from __future__ import annotations

import re

PATH_DEFAULT = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

_TEXT = ("cat", "grep", "egrep", "fgrep", "wc", "head", "tail", "sort", "uniq", "cut", "tr", "sed",
         "seq", "sleep", "env", "printenv", "hostname", "ls", "date", "id", "whoami", "mkdir", "rm",
         "rmdir", "touch", "cp", "mv", "tee", "xargs", "yes", "basename", "dirname", "find", "echo",
         "printf", "true", "false", "test", "[", "kill", "ln", "pwd", "uname", "more", "clear",
         "which", "sh", "awk", "chmod", "df", "du", "stat", "nproc")
_BUSYBOX_EXTRA = ("ps", "less", "vi", "top", "free", "ip", "ifconfig", "netstat", "route", "nc",
                  "wget", "ping", "nslookup", "traceroute", "ash")


def _busybox(extra: tuple[str, ...] = ()) -> dict[str, str]:
    tools = {t: "busybox" for t in _TEXT + _BUSYBOX_EXTRA + extra}
    tools["sh"] = "ash"
    tools["ash"] = "ash"
    return tools


def _debian(bash: str = "5.1") -> dict[str, str]:
    tools = {t: "gnu" for t in _TEXT}
    tools.update(awk="mawk", which="debianutils", sh="dash", dash="dash", bash=bash)
    return tools


def _with(base: dict[str, str], **more: str) -> dict[str, str]:
    out = dict(base)
    out.update(more)
    return out


ALPINE_316 = """NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.16.2
PRETTY_NAME="Alpine Linux v3.16"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
"""
ALPINE_37 = """NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.7.3
PRETTY_NAME="Alpine Linux v3.7"
HOME_URL="http://alpinelinux.org"
BUG_REPORT_URL="http://bugs.alpinelinux.org"
"""
BULLSEYE = """PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"
NAME="Debian GNU/Linux"
VERSION_ID="11"
VERSION="11 (bullseye)"
VERSION_CODENAME=bullseye
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
"""
STRETCH = """PRETTY_NAME="Debian GNU/Linux 9 (stretch)"
NAME="Debian GNU/Linux"
VERSION_ID="9"
VERSION="9 (stretch)"
VERSION_CODENAME=stretch
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
"""
JESSIE = """PRETTY_NAME="Debian GNU/Linux 8 (jessie)"
NAME="Debian GNU/Linux"
VERSION_ID="8"
VERSION="8 (jessie)"
ID=debian
HOME_URL="http://www.debian.org/"
SUPPORT_URL="http://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
"""

_ROOT = dict(user="root", home="/root", workdir="/")
_PATH = (("PATH", PATH_DEFAULT),)

CATALOG: dict[str, dict] = {
    "debugger": dict(  # thr3a/debugger (2022-07): alpine:3 + curl bind-tools iputils mysql-client
        pull_seconds=4.0, size_bytes=61_342_117, os="alpine", os_release=ALPINE_316, shell="ash",
        has_bash=False, **_ROOT, env=_PATH, entrypoint=(), cmd=("/bin/sh",),
        tools=_with(_busybox(), curl="7.83.1", nslookup="bind916", dig="bind916", host="bind916",
                    ping="iputils", mysql="mariadb"),
    ),
    "nginx": dict(  # nginx:1.23.1 on debian bullseye-slim (docker-nginx 2022-08)
        pull_seconds=3.0, size_bytes=142_468_624, os="debian", os_release=BULLSEYE, shell="dash",
        has_bash=True, **_ROOT, version="1.23.1", handles_sigterm=True,
        env=_PATH + (("NGINX_VERSION", "1.23.1"), ("NJS_VERSION", "0.7.6"),
                     ("PKG_RELEASE", "1~bullseye")),
        entrypoint=("/docker-entrypoint.sh",), cmd=("nginx", "-g", "daemon off;"),
        tools=_with(_debian(), curl="7.74.0", nginx="1.23.1"), serves={80: "nginx"},
        variants={
            "1.14.2": dict(version="1.14.2", os_release=STRETCH, size_bytes=109_294_489,
                           env=_PATH + (("NGINX_VERSION", "1.14.2-1~stretch"),
                                        ("NJS_VERSION", "1.14.2.0.2.6-1~stretch")),
                           tools=_with(_debian("4.4"), nginx="1.14.2")),
        },
    ),
    "httpd": dict(  # httpd:2.4.54 on debian bullseye-slim
        pull_seconds=3.2, size_bytes=145_034_541, os="debian", os_release=BULLSEYE, shell="dash",
        has_bash=True, user="root", home="/root", workdir="/usr/local/apache2", version="2.4.54",
        handles_sigterm=True,
        env=(("HTTPD_PREFIX", "/usr/local/apache2"), ("PATH", "/usr/local/apache2/bin:" + PATH_DEFAULT),
             ("HTTPD_VERSION", "2.4.54"), ("HTTPD_PATCHES", "")),
        entrypoint=(), cmd=("httpd-foreground",), tools=_debian(), serves={80: "httpd"},
    ),
    "busybox": dict(  # busybox:1.35 (glibc variant): one binary, no /etc/os-release
        pull_seconds=1.5, size_bytes=4_862_539, os="busybox", os_release=None, shell="ash",
        has_bash=False, **_ROOT, env=(("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),),
        entrypoint=(), cmd=("sh",), tools=_busybox(("telnet", "httpd")),
        variants={"1.28": dict(size_bytes=1_146_369)},
    ),
    "busyboxplus": dict(  # radial/busyboxplus:curl (busybox 1.22 + curl), the docs' curl pod
        pull_seconds=1.6, size_bytes=4_226_751, os="busybox", os_release=None, shell="ash",
        has_bash=False, user="root", home="/", workdir="/", env=_PATH, entrypoint=(),
        cmd=("/bin/sh",), ps1="[ \\u@\\h:\\w ]$ ",
        tools=_with(_busybox(("telnet",)), nslookup="busybox-old", curl="7.42.1"),
    ),
    "busybox-gcr": dict(  # gcr.io/google-containers/busybox (= k8s.gcr.io/busybox): busybox 1.24 (uclibc), 2016
        pull_seconds=1.3, size_bytes=1_113_554, os="busybox", os_release=None, shell="ash",
        has_bash=False, **_ROOT, env=_PATH, entrypoint=(), cmd=("sh",),
        tools=_with(_busybox(("telnet", "httpd")), nslookup="busybox-old"),
    ),
    "bootcamp": dict(  # gcr.io/google-samples/kubernetes-bootcamp:v1 (= jocatalin/kubernetes-bootcamp:v1):
        # node:6.3.1 on buildpack-deps:jessie, CMD ["/bin/sh", "-c", "node server.js"], built 2016-08-04
        pull_seconds=7.5, size_bytes=211_336_459, os="debian", os_release=JESSIE, shell="dash",
        has_bash=True, **_ROOT, version="1",
        env=_PATH + (("NPM_CONFIG_LOGLEVEL", "info"), ("NODE_VERSION", "6.3.1")),
        entrypoint=(), cmd=("/bin/sh", "-c", "node server.js"),
        tools=_with(_debian("4.3"), curl="7.38.0", wget="gnu", node="6.3.1", npm="3.10.3"),
        serves={8080: "bootcamp"},
        digest="sha256:0d6b8ee63bb57c5f5b6156f446b3bc3b3c143d233037f3a2f00e279c8fcc64af",
        variants={"v2": dict(version="2", digest="")},
    ),
    "curl": dict(  # curlimages/curl:7.84.0 (alpine, runs as curl_user)
        pull_seconds=1.8, size_bytes=8_260_212, os="alpine", os_release=ALPINE_316, shell="ash",
        has_bash=False, user="curl_user", home="/home/curl_user", workdir="/",
        env=_PATH + (("CURL_CA_BUNDLE", "/cacert.pem"),),
        entrypoint=("/entrypoint.sh",), cmd=("curl",), tools=_with(_busybox(), curl="7.84.0"),
    ),
    "jessie-dnsutils": dict(  # registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3 (debian jessie)
        pull_seconds=6.5, size_bytes=112_876_043, os="debian", os_release=JESSIE, shell="dash",
        has_bash=True, **_ROOT, env=_PATH, entrypoint=(), cmd=("bash",),
        tools=_with(_debian("4.3"), nslookup="bind916", dig="bind916", host="bind916",
                    ping="iputils", wget="gnu"),
    ),
    "dnsutils": dict(  # gcr.io/kubernetes-e2e-test-images/dnsutils:1.3 (alpine + bind-tools)
        pull_seconds=2.5, size_bytes=9_322_138, os="alpine", os_release=ALPINE_37, shell="ash",
        has_bash=False, **_ROOT, env=_PATH, entrypoint=(), cmd=("/bin/sh",),
        tools=_with(_busybox(), nslookup="bind916", dig="bind916", host="bind916"),
    ),
    "netshoot": dict(  # nicolaka/netshoot: alpine + a network toolbox, default shell zsh
        pull_seconds=9.0, size_bytes=408_715_904, os="alpine", os_release=ALPINE_316, shell="ash",
        has_bash=True, **_ROOT, env=_PATH, entrypoint=(), cmd=("zsh",),
        tools=_with(_busybox(("telnet",)), bash="5.1", zsh="5.8", curl="7.83.1",
                    nslookup="bind918", dig="bind918", host="bind918", ping="iputils", nc="openbsd"),
    ),
    "serve_hostname": dict(  # registry.k8s.io/serve_hostname (FROM busybox): answers its hostname
        pull_seconds=1.4, size_bytes=4_522_107, os="busybox", os_release=None, shell="ash",
        has_bash=False, **_ROOT, env=_PATH, entrypoint=("/serve_hostname",), cmd=(),
        tools=_busybox(), serves={9376: "serve_hostname"}, handles_sigterm=True,
    ),
    "hello_app": dict(  # gcr.io/google-samples/hello-app:1.0 (Go binary on alpine)
        pull_seconds=2.2, size_bytes=9_917_425, os="alpine", os_release=ALPINE_37, shell="ash",
        has_bash=False, **_ROOT, env=_PATH + (("PORT", "8080"),), entrypoint=(),
        cmd=("./hello-app",), tools=_busybox(), serves={8080: "hello_app"}, handles_sigterm=True,
        version="1.0.0", variants={"2.0": dict(version="2.0.0")},
    ),
    "echoserver": dict(  # registry.k8s.io/echoserver:1.4 (nginx 1.10 + lua): echoes the request
        pull_seconds=5.5, size_bytes=140_436_216, os="debian", os_release=JESSIE, shell="dash",
        has_bash=True, **_ROOT, env=_PATH, entrypoint=(), cmd=("/usr/local/bin/run.sh",),
        tools=_debian("4.3"), serves={8080: "echoserver"}, handles_sigterm=True, version="1.10.0",
    ),
    "agnhost": dict(  # registry.k8s.io/e2e-test-images/agnhost:2.39 (Go multi-tool, debian base)
        pull_seconds=4.5, size_bytes=127_345_904, os="debian", os_release=BULLSEYE, shell="dash",
        has_bash=True, **_ROOT, env=_PATH, entrypoint=("/agnhost",), cmd=(),
        tools=_with(_debian(), curl="7.74.0", nslookup="bind916", dig="bind916", host="bind916",
                    ping="iputils", nc="openbsd"),
        handles_sigterm=True,
    ),
    "pause": dict(  # registry.k8s.io/pause:3.7: no shell at all, sleeps until killed
        pull_seconds=0.8, size_bytes=311_278, os="scratch", os_release=None, shell="",
        has_bash=False, **_ROOT, env=_PATH, entrypoint=("/pause",), cmd=(), tools={},
        handles_sigterm=True,
    ),
    "coredns": dict(  # registry.k8s.io/coredns/coredns:v1.8.6 (distroless: no shell)
        pull_seconds=2.0, size_bytes=46_829_283, os="scratch", os_release=None, shell="",
        has_bash=False, **_ROOT, env=_PATH, entrypoint=("/coredns",), cmd=(), tools={},
        serves={53: "dns", 8080: "coredns_health", 8181: "coredns_ready", 9153: "coredns_metrics"},
        handles_sigterm=True, version="1.8.6",
    ),
    "kube-apiserver": dict(  # the control plane's API server (distroless, host network, TLS)
        pull_seconds=4.0, size_bytes=130_022_165, os="scratch", os_release=None, shell="",
        has_bash=False, **_ROOT, env=_PATH, entrypoint=("kube-apiserver",), cmd=(), tools={},
        serves={6443: "apiserver"}, handles_sigterm=True,
    ),
    "control-plane": dict(  # etcd, controller-manager, scheduler, kube-proxy: no shell to enter
        pull_seconds=3.0, size_bytes=110_000_000, os="scratch", os_release=None, shell="",
        has_bash=False, **_ROOT, env=_PATH, entrypoint=(), cmd=(), tools={}, handles_sigterm=True,
    ),
}

PLAIN = dict(  # an image the catalog does not know: a POSIX shell and nothing else
    pull_seconds=2.5, size_bytes=25_000_000, os="unknown", os_release=None, shell="ash",
    has_bash=False, **_ROOT, env=_PATH, entrypoint=(), cmd=("sh",),
    tools={"sh": "ash", "echo": "busybox", "true": "busybox", "false": "busybox",
           "printf": "busybox", "test": "busybox", "[": "busybox"},
)

# repository (without docker.io/) -> catalog key
ALIASES: dict[str, str] = {
    "thr3a/debugger": "debugger",
    "library/nginx": "nginx", "nginx": "nginx",
    "library/httpd": "httpd", "httpd": "httpd",
    "library/busybox": "busybox", "busybox": "busybox",
    "gcr.io/google-containers/busybox": "busybox-gcr", "gcr.io/google_containers/busybox": "busybox-gcr",
    "k8s.gcr.io/busybox": "busybox-gcr", "registry.k8s.io/busybox": "busybox-gcr",
    "gcr.io/google-samples/kubernetes-bootcamp": "bootcamp", "jocatalin/kubernetes-bootcamp": "bootcamp",
    "radial/busyboxplus": "busyboxplus", "radial/busyboxplus:curl": "busyboxplus",
    "curlimages/curl": "curl",
    "registry.k8s.io/e2e-test-images/jessie-dnsutils": "jessie-dnsutils",
    "k8s.gcr.io/e2e-test-images/jessie-dnsutils": "jessie-dnsutils",
    "gcr.io/kubernetes-e2e-test-images/dnsutils": "dnsutils",
    "registry.k8s.io/e2e-test-images/dnsutils": "dnsutils",
    "nicolaka/netshoot": "netshoot",
    "registry.k8s.io/serve_hostname": "serve_hostname",
    "k8s.gcr.io/serve_hostname": "serve_hostname",
    "gcr.io/google_containers/serve_hostname": "serve_hostname",
    "gcr.io/google-samples/hello-app": "hello_app",
    "us-docker.pkg.dev/google-samples/containers/gke/hello-app": "hello_app",
    "registry.k8s.io/echoserver": "echoserver", "k8s.gcr.io/echoserver": "echoserver",
    "gcr.io/google_containers/echoserver": "echoserver",
    "registry.k8s.io/e2e-test-images/agnhost": "agnhost",
    "k8s.gcr.io/e2e-test-images/agnhost": "agnhost",
    "registry.k8s.io/coredns/coredns": "coredns", "k8s.gcr.io/coredns/coredns": "coredns",
    "registry.k8s.io/kube-apiserver": "kube-apiserver", "k8s.gcr.io/kube-apiserver": "kube-apiserver",
    "registry.k8s.io/etcd": "control-plane", "k8s.gcr.io/etcd": "control-plane",
    "registry.k8s.io/kube-controller-manager": "control-plane",
    "k8s.gcr.io/kube-controller-manager": "control-plane",
    "registry.k8s.io/kube-scheduler": "control-plane", "k8s.gcr.io/kube-scheduler": "control-plane",
    "registry.k8s.io/kube-proxy": "control-plane", "k8s.gcr.io/kube-proxy": "control-plane",
    "rancher/mirrored-flannelcni-flannel": "control-plane", "flannel/flannel": "control-plane",
    "registry.k8s.io/pause": "pause", "k8s.gcr.io/pause": "pause",
}


def _flag(argv: list[str], name: str, default: int) -> int:
    """`--name=N` or `--name N` from an argv; the default when absent or malformed."""
    for i, a in enumerate(argv):
        if a.startswith(name + "="):
            v = a.split("=", 1)[1]
        elif a == name and i + 1 < len(argv):
            v = argv[i + 1]
        else:
            continue
        return int(v) if re.fullmatch(r"\d{1,5}", v) and 0 < int(v) < 65536 else default
    return default


def servers_for_argv(info, argv: list[str]) -> dict[int, str]:
    """Ports a non-default command line listens on -> server kind (a custom command in a server
    image usually still starts the server, e.g. `nginx -g 'daemon off;'` or `agnhost netexec`)."""
    if not argv:
        return {}
    prog = argv[0].rsplit("/", 1)[-1]
    if info.kind == "agnhost":
        sub = (argv[1] if len(argv) > 1 else "") if prog == "agnhost" else prog
        if sub == "netexec":
            return {_flag(argv, "--http-port", 8080): "agnhost_netexec"}
        if sub == "serve-hostname":
            return {_flag(argv, "--port", 9376): "serve_hostname"}
        if sub == "test-webserver":
            return {_flag(argv, "--port", 80): "test_webserver"}
        return {}
    if prog == "nginx" and info.kind in ("nginx", "echoserver"):
        return dict(info.serves)
    if prog in ("httpd-foreground", "httpd") and info.kind == "httpd":
        return {80: "httpd"}
    if info.kind in ("serve_hostname", "hello_app", "echoserver") and prog in (
            "serve_hostname", "hello-app", "run.sh"):
        return dict(info.serves)
    if info.kind == "bootcamp" and _runs_node_server(argv):
        return dict(info.serves)
    return {}


def _runs_node_server(argv: list[str]) -> bool:
    """`node server.js`, directly or through `sh -c` (the bootcamp image's own CMD form)."""
    if argv[0].rsplit("/", 1)[-1] in ("sh", "bash", "dash") and len(argv) >= 3 and argv[1] == "-c":
        argv = argv[2].split()
    return len(argv) >= 2 and argv[0].rsplit("/", 1)[-1] == "node" and argv[1].endswith("server.js")
