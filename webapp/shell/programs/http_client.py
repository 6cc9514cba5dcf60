"""What curl, wget and ping share: URL parsing, name lookup through the cluster DNS, one HTTP
exchange through the simulated network, and the C library's words for socket errors."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from webapp.cluster import dns, servers
from webapp.cluster.servers import HttpRequest

DEFAULT_PORTS = {"http": 80, "https": 443}
_IPV4 = re.compile(r"^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$")
_HOST_RE = re.compile(r"^[A-Za-z0-9_.-]+$|^\[[0-9A-Fa-f:.]+\]$")
_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")

# strerror() as the image's C library words it: Alpine/busybox images use musl, Debian glibc
STRERROR = {
    "musl": {"refused": "Connection refused", "timeout": "Operation timed out",
             "unreachable": "Host is unreachable"},
    "glibc": {"refused": "Connection refused", "timeout": "Connection timed out",
              "unreachable": "No route to host"},
}


@dataclass(frozen=True, slots=True)
class Url:
    scheme: str
    host: str
    port: int
    path: str          # path and query, never empty
    explicit_port: bool

    @property
    def host_header(self) -> str:
        return self.host if not self.explicit_port or self.port == DEFAULT_PORTS.get(self.scheme) \
            else f"{self.host}:{self.port}"

    def text(self) -> str:
        return f"{self.scheme}://{self.host_header}{self.path}"


class UrlError(Exception):
    """`kind` is "scheme" (unsupported protocol; `scheme` names it) or "format"."""

    def __init__(self, kind: str, scheme: str = "") -> None:
        super().__init__(kind)
        self.kind, self.scheme = kind, scheme


@lru_cache(maxsize=256)  # a loop fetches the same URL; Url is immutable
def parse_url(text: str, default_scheme: str = "http") -> Url:
    """curl's reading of a URL: a missing scheme means http, a missing path means `/`."""
    rest = text.strip()
    m = _SCHEME_RE.match(rest)
    if m:
        scheme = m.group(1).lower()
        rest = rest[m.end():]
    else:
        scheme = default_scheme
    rest = rest.split("#", 1)[0]
    cut = min([i for i in (rest.find("/"), rest.find("?")) if i >= 0], default=len(rest))
    authority, path = rest[:cut], rest[cut:]
    if "@" in authority:
        authority = authority.rsplit("@", 1)[1]
    if path.startswith("?"):
        path = "/" + path
    path = path or "/"
    if scheme not in DEFAULT_PORTS:
        raise UrlError("scheme", scheme)
    host, port, explicit = authority, DEFAULT_PORTS[scheme], False
    if authority.startswith("["):
        end = authority.find("]")
        host, tail = authority[:end + 1], authority[end + 1:]
        if tail.startswith(":"):
            port, explicit = _port(tail[1:]), True
    elif ":" in authority:
        host, p = authority.rsplit(":", 1)
        if p:
            port, explicit = _port(p), True
    if not host or not _HOST_RE.match(host) or " " in path:
        raise UrlError("format")
    return Url(scheme, host.lower(), port, path, explicit)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise UrlError("format")
    return int(text)


def libc_of(host) -> str:
    """Which C library the host's programs use (it decides socket error wording)."""
    if host.kind != "pod":
        return "glibc"
    info = getattr(host, "image", None)
    return "glibc" if info is not None and info.os == "debian" else "musl"


def resolve(proc, name: str) -> list[str] | None:
    """The addresses getaddrinfo() finds for `name` on the program's host, or None."""
    if _IPV4.match(name):
        return [name]
    host = proc.host
    hosts_map = host.hosts_entries() if hasattr(host, "hosts_entries") else None
    style = "glibc" if libc_of(host) == "glibc" else "musl"
    try:
        return dns.resolve_host(proc.world.cluster, name, host.resolver, style=style, hosts=hosts_map)
    except (ValueError, KeyError):
        return None


def send(proc, ip: str, port: int, req: HttpRequest):
    """One request from the program's host to ip:port. (Connection, Reply | None)."""
    return servers.exchange(proc.world.cluster, proc.host.ip, ip, port, req)


def is_tls_server(conn) -> bool:
    return conn.backend is not None and conn.backend.server == "apiserver"
