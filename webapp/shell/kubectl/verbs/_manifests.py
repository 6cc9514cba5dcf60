"""Reading `-f FILE` / `-f -` manifests: multi-document YAML or JSON, bounded in size and depth.

Each document becomes a `Manifest` (type, name, object, source). Errors carry kubectl's wording:
`the path "x" does not exist`, `error parsing x: error converting YAML to JSON: yaml: line N: ...`,
`error validating "x": error validating data: kind not set; ...`, `unable to recognize "x": no
matches for kind "Foo" in version "v1"`.
"""
from __future__ import annotations

import copy
import json
from dataclasses import dataclass

import yaml

from webapp.cluster.limits import DEFAULT_LIMITS

from ..errors import KubectlError, error
from ..resources import ResourceType, by_kind
from ._schema import unknown_field_error

_VALIDATE_HINT = "; if you choose to ignore these errors, turn validation off with --validate=false"


@dataclass
class Manifest:
    rtype: ResourceType
    obj: dict
    source: str

    @property
    def name(self) -> str:
        return (self.obj.get("metadata") or {}).get("name") or ""

    def with_namespace(self, inv) -> dict:
        """A copy with the namespace kubectl would send (the object's own, else -n/the context's)."""
        obj = copy.deepcopy(self.obj)
        meta = obj.setdefault("metadata", {})
        if not isinstance(meta, dict):
            raise error(f'unable to decode "{self.source}": metadata must be an object')
        if not self.rtype.namespaced:
            meta.pop("namespace", None)
            return obj
        own = meta.get("namespace")
        if own and inv.namespace_given and own != inv.namespace:
            raise error(f'the namespace from the provided object "{own}" does not match the namespace '
                        f'"{inv.namespace}". You must pass \'--namespace={own}\' to perform this operation.')
        meta["namespace"] = own or inv.namespace
        return obj

    def source_error(self, operation: str, e) -> str:
        """AddSourceToErr: server errors say which file and operation they came from."""
        if e.reason == "Invalid":
            return e.kubectl_text()
        return f'Error from server ({e.reason}): error when {operation} "{self.source}": {e.message}'


def _read(inv, path: str) -> tuple[str, str]:
    if path == "-":
        return inv.stdin or "", "STDIN"
    if path.startswith(("http://", "https://")):
        return _fetch_url(inv, path), path
    text = inv.world.read_workstation_file(path)
    if text is None:
        raise error(f'the path "{path}" does not exist')
    return text, path


def _fetch_url(inv, url: str) -> str:
    """cli-runtime's URLVisitor from the workstation: http.Get with 3 attempts (5xx retried).

    A transport failure is a *url.Error, which kubectl's CheckErr prints through
    StandardErrorMessage: `Unable to connect to the server: <cause>` (or "The connection to the
    server HOST was refused ..."); a status other than 200 is `unable to read URL ...`.
    """
    from urllib.parse import urlsplit

    from webapp.cluster.servers import HttpRequest, exchange
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port if _port_ok(parts) else None
    if not host or port is None and parts.netloc.rpartition(":")[2] not in ("", host):
        raise KubectlError("Unable to connect to the server: http: no Host in request URL" if not host
                           else f'Unable to connect to the server: invalid port "{parts.netloc.rpartition(":")[2]}"')
    port = port or (443 if parts.scheme == "https" else 80)
    world = inv.world
    ip = _lookup(world, host)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    req = HttpRequest("GET", target, parts.netloc, [("Host", parts.netloc), ("User-Agent", "Go-http-client/1.1"),
                                                   ("Accept-Encoding", "gzip")], world.host.ip)
    for _attempt in range(3):
        conn, reply = exchange(inv.cluster, world.host.ip, ip, port, req)
        if conn.error == "refused" or ip.startswith("127."):  # nothing listens on the workstation
            raise KubectlError(f"The connection to the server {parts.netloc} was refused - did you specify "
                               "the right host or port?")
        if conn.error is not None:
            cause = "i/o timeout" if conn.error == "timeout" else "connect: no route to host"
            raise KubectlError(f"Unable to connect to the server: dial tcp {ip}:{port}: {cause}")
        if parts.scheme == "https":
            tls = conn.backend is not None and conn.backend.server == "apiserver"
            raise KubectlError("Unable to connect to the server: " + (
                "x509: certificate signed by unknown authority" if tls
                else "http: server gave HTTP response to HTTPS client"))
        resp = reply.response if reply is not None else None
        if resp is None:
            raise KubectlError("Unable to connect to the server: EOF")
        if resp.status == 200:
            return resp.body
        if not 500 <= resp.status < 600:
            break
    raise error(f'unable to read URL "{url}", server reported {resp.status} {resp.reason}, '
                f"status code={resp.status}")


def _port_ok(parts) -> bool:
    try:
        return parts.port is not None
    except ValueError:
        return False


def _lookup(world, host: str) -> str:
    """Go's pure resolver on the workstation (/etc/hosts, then the systemd-resolved stub)."""
    from webapp.cluster import dns
    if all(p.isdigit() for p in host.split(".")) and host.count(".") == 3:
        return host
    resolver = world.host.resolver
    entries = world.host.hosts_entries() if hasattr(world.host, "hosts_entries") else None
    found = dns.resolve_host(world.cluster, host, resolver, style="musl", hosts=entries, from_pod=False)
    if not found:
        raise KubectlError(f"Unable to connect to the server: dial tcp: lookup {host} on "
                           f"{resolver.nameserver}:53: no such host")
    return found[0]


def _go_yaml_problem(problem: str) -> str:
    return {"mapping values are not allowed here": "mapping values are not allowed in this context",
            "found character '\\t' that cannot start any token": "found character that cannot start any token",
            }.get(problem, problem)


def _depth_ok(text: str, limit: int) -> bool:
    """A cheap pre-check so the YAML parser never recurses deeper than the limit."""
    depth = widest = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            widest = max(widest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    if widest > limit:
        return False
    indent = max((len(line) - len(line.lstrip(" -")) for line in text.splitlines()), default=0)
    return indent <= 2 * limit


def _depth(value, limit: int) -> int:
    stack, deepest = [(value, 1)], 0
    while stack:
        v, d = stack.pop()
        deepest = max(deepest, d)
        if deepest > limit:
            return deepest
        if isinstance(v, dict):
            stack += [(x, d + 1) for x in v.values()]
        elif isinstance(v, list):
            stack += [(x, d + 1) for x in v]
    return deepest


def _documents(text: str, source: str, limits) -> list:
    if len(text.encode()) > limits.manifest_bytes:
        raise error(f"error parsing {source}: the manifest is larger than this session allows "
                    f"({limits.manifest_bytes} bytes)")
    if not _depth_ok(text, limits.manifest_depth):
        raise error(f"error parsing {source}: the manifest is nested deeper than this session allows "
                    f"({limits.manifest_depth} levels)")
    if text.lstrip().startswith(("{", "[")):
        try:
            docs = [json.loads(text)]
        except ValueError:
            docs = None
        if docs is not None:
            return docs
    try:
        docs = list(yaml.safe_load_all(text))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = (mark.line + 1) if mark else 1
        raise error(f"error parsing {source}: error converting YAML to JSON: yaml: line {line}: "
                    f"{_go_yaml_problem(e.problem or 'did not find expected key')}") from None
    except yaml.YAMLError as e:
        raise error(f"error parsing {source}: error converting YAML to JSON: yaml: {e}") from None
    for d in docs:
        if _depth(d, limits.manifest_depth) > limits.manifest_depth:
            raise error(f"error parsing {source}: the manifest is nested deeper than this session "
                        f"allows ({limits.manifest_depth} levels)")
    return docs


def _jsonable(value):
    """YAML timestamps and other non-JSON scalars become strings, as yaml-to-JSON conversion does."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _manifest(doc, source: str, validate: bool) -> list[Manifest]:
    if not isinstance(doc, dict):
        raise error(f'error validating "{source}": error validating data: invalid object to validate'
                    + _VALIDATE_HINT if validate else f'unable to decode "{source}": json: cannot '
                    "unmarshal array into Go value of type struct")
    missing = [f"{f} not set" for f in ("apiVersion", "kind") if not doc.get(f)]
    if missing:
        detail = missing[0] if len(missing) == 1 else "[" + ", ".join(missing) + "]"
        if validate:
            raise error(f'error validating "{source}": error validating data: {detail}{_VALIDATE_HINT}')
        raise error(f"unable to decode \"{source}\": Object 'Kind' is missing in '{json.dumps(doc)}'")
    kind, api_version = str(doc["kind"]), str(doc["apiVersion"])
    if kind == "List" and api_version == "v1":
        out = []
        for item in doc.get("items") or []:
            out += _manifest(item, source, validate)
        return out
    rtype = by_kind(kind)
    if rtype is None or rtype.api_version != api_version:
        raise error(f'unable to recognize "{source}": no matches for kind "{kind}" in version '
                    f'"{api_version}"')
    if validate:
        problem = unknown_field_error(doc)
        if problem:
            raise error(f'error validating "{source}": error validating data: {problem}{_VALIDATE_HINT}')
    return [Manifest(rtype, doc, source)]


def load_manifests(inv, paths: list[str]) -> list[Manifest]:
    """Every object in the given files (in order). Raises KubectlError on the first bad input."""
    limits = getattr(inv.cluster, "limits", DEFAULT_LIMITS)
    validate = str(inv.flags.get("validate", "strict")).lower() not in ("false", "ignore")
    out: list[Manifest] = []
    for path in paths:
        text, source = _read(inv, path)
        for doc in _documents(text, source, limits):
            if doc is None:
                continue
            out += _manifest(_jsonable(doc), source, validate)
    if not out:
        raise error("no objects passed to " + inv.verb.path[0])
    return out
