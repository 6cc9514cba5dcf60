"""What each container's server answers to one HTTP request, and the log lines it writes.

`respond(backend, request, now, worker_pids)` -> `Reply(response, log_lines)`. A `response` of None
means the server closed the connection without answering (curl: "Empty reply from server").
Bodies are exact: nginx 1.23.1's 615-byte welcome page and CRLF error pages, httpd's `It works!`,
serve_hostname's bare hostname, hello-app's three lines, echoserver 1.4's request echo, agnhost
netexec's endpoints.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from email.utils import formatdate
from functools import lru_cache

from .logs import append_log, started_at
from .network import Backend, connect, record_request

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
REASONS = {200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found",
           304: "Not Modified", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
           405: "Not Allowed", 500: "Internal Server Error", 503: "Service Unavailable"}

NGINX_WELCOME = """<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"""
# nginx before 1.21 (e.g. the docs' nginx:1.14.2) ships the older 612-byte page
NGINX_WELCOME_OLD = NGINX_WELCOME.replace(
    "html { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\n"
    "font-family: Tahoma, Verdana, Arial, sans-serif; }\n",
    "    body {\n        width: 35em;\n        margin: 0 auto;\n"
    "        font-family: Tahoma, Verdana, Arial, sans-serif;\n    }\n")
NGINX_50X = """<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
"""
NGINX_MTIME = 0x62D6BA27          # package build time of 1.23.1's index.html (formats.md §9.1)
HTTPD_BODY = "<html><body><h1>It works!</h1></body></html>\n"
HTTPD_404 = ('<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n'
             "<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n"
             "<p>The requested URL was not found on this server.</p>\n</body></html>\n")


@dataclass(slots=True)
class HttpRequest:
    method: str
    target: str                      # path and query as sent: "/", "/foo?x=1"
    host: str                        # the Host header's value
    headers: list[tuple[str, str]]   # as the client sent them (Host, User-Agent, Accept, ...)
    client_ip: str
    client_port: int = 45678
    body: str = ""

    def header(self, name: str) -> str | None:
        low = name.lower()
        for k, v in self.headers:
            if k == name or k.lower() == low:  # clients mostly send the canonical spelling
                return v
        return None


@dataclass(slots=True)
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: str = ""
    reason: str = ""

    def __post_init__(self) -> None:
        if not self.reason:
            self.reason = REASONS.get(self.status, "")


@dataclass(slots=True)
class Reply:
    response: HttpResponse | None
    log_lines: list[str] = field(default_factory=list)


def http_date(t: float) -> str:
    """RFC 1123 date as servers send it: `Wed, 24 Aug 2022 12:03:10 GMT`."""
    return _http_date(int(t))


@lru_cache(maxsize=256)
def _http_date(second: int) -> str:
    return formatdate(second, usegmt=True)


def nginx_time_local(t: float) -> str:
    """nginx's $time_local in a UTC container: `24/Aug/2022:12:03:10 +0000`."""
    return _time_local(int(t))


@lru_cache(maxsize=256)
def _time_local(second: int) -> str:
    g = time.gmtime(second)
    return f"{g.tm_mday:02d}/{_MONTHS[g.tm_mon - 1]}/{g.tm_year}:{g.tm_hour:02d}:{g.tm_min:02d}:{g.tm_sec:02d} +0000"


def nginx_error_time(t: float) -> str:
    g = time.gmtime(int(t))
    return f"{g.tm_year}/{g.tm_mon:02d}/{g.tm_mday:02d} {g.tm_hour:02d}:{g.tm_min:02d}:{g.tm_sec:02d}"


def go_log_time(t: float) -> str:
    return nginx_error_time(t)


def nginx_error_page(status: int, version: str) -> str:
    title = f"{status} {REASONS.get(status, '')}"
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
            f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx/{version}</center>\r\n"
            "</body>\r\n</html>\r\n")


def respond(backend: Backend, req: HttpRequest, now: float, version: str = "1.23.1",
            seq: int = 1, worker_pid: int = 31, started: float | None = None,
            hostname: str | None = None) -> Reply:
    """The server's answer and log lines. `seq` is the server's connection counter (nginx's *N);
    `started` / `hostname` are the container's start time and $HOSTNAME (servers that report them)."""
    if backend.server == "bootcamp":
        return _bootcamp(backend, req, now, version, seq, started, hostname)
    handler = _HANDLERS.get(backend.server)
    if handler is None:
        return Reply(None)            # not an HTTP server: it drops the request
    return handler(backend, req, now, version, seq, worker_pid)


def _combined(req: HttpRequest, status: int, sent: int, now: float, xff: bool = True) -> str:
    ua = req.header("User-Agent") or "-"
    ref = req.header("Referer") or "-"
    line = (f'{req.client_ip} - - [{nginx_time_local(now)}] "{req.method} {req.target} HTTP/1.1" '
            f'{status} {sent} "{ref}" "{ua}"')
    return line + ' "-"' if xff else line


def _nginx(backend, req, now, version, seq, worker_pid) -> Reply:
    path = req.target.split("?", 1)[0]
    lines = []
    date = http_date(now)
    if req.method not in ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        status, body = 405, nginx_error_page(405, version)
    elif path in ("/", "/index.html", "/50x.html"):
        if req.method not in ("GET", "HEAD"):
            status, body = 405, nginx_error_page(405, version)
        else:
            page, server, length, modified, etag = _nginx_static(version, path == "/50x.html")
            headers = [("Server", server), ("Date", date), ("Content-Type", "text/html"),
                       ("Content-Length", length), ("Last-Modified", modified),
                       ("Connection", "keep-alive"), ("ETag", etag), ("Accept-Ranges", "bytes")]
            body = page if req.method == "GET" else ""
            lines.append(_combined(req, 200, len(body), now))
            return Reply(HttpResponse(200, headers, body), lines)
    else:
        status, body = 404, nginx_error_page(404, version)
        lines.append(f'{nginx_error_time(now)} [error] {worker_pid}#{worker_pid}: *{seq} open() '
                     f'"/usr/share/nginx/html{path}" failed (2: No such file or directory), client: '
                     f'{req.client_ip}, server: localhost, request: "{req.method} {req.target} HTTP/1.1", '
                     f'host: "{req.host}"')
    headers = [("Server", f"nginx/{version}"), ("Date", date), ("Content-Type", "text/html"),
               ("Content-Length", str(len(body))), ("Connection", "keep-alive")]
    if req.method == "HEAD":
        body = ""
    lines.append(_combined(req, status, len(body), now))
    return Reply(HttpResponse(status, headers, body), lines)


@lru_cache(maxsize=64)  # the same few pages and versions answer every request of a loop
def _nginx_static(version: str, error_page: bool) -> tuple[str, str, str, str, str]:
    """nginx's static file for `/` or `/50x.html`: (body, Server, Content-Length, Last-Modified, ETag)."""
    page = NGINX_50X if error_page else (
        NGINX_WELCOME if _version_tuple(version) >= (1, 21) else NGINX_WELCOME_OLD)
    size = len(page)
    return page, f"nginx/{version}", str(size), http_date(NGINX_MTIME), f'"{NGINX_MTIME:x}-{size:x}"'


def _httpd(backend, req, now, version, seq, worker_pid) -> Reply:
    path = req.target.split("?", 1)[0]
    if path in ("/", "/index.html"):
        headers = [("Date", http_date(now)), ("Server", "Apache/2.4.54 (Unix)"),
                   ("Last-Modified", "Mon, 11 Jun 2007 18:53:14 GMT"), ("ETag", '"2d-432a5e4a73a80"'),
                   ("Accept-Ranges", "bytes"), ("Content-Length", str(len(HTTPD_BODY))),
                   ("Content-Type", "text/html")]
        status, body = 200, HTTPD_BODY
    else:
        headers = [("Date", http_date(now)), ("Server", "Apache/2.4.54 (Unix)"),
                   ("Content-Length", str(len(HTTPD_404))), ("Content-Type", "text/html; charset=iso-8859-1")]
        status, body = 404, HTTPD_404
    if req.method == "HEAD":
        body = ""
    sent = len(body) if body else "-"
    line = f'{req.client_ip} - - [{nginx_time_local(now)}] "{req.method} {req.target} HTTP/1.1" {status} {sent}'
    return Reply(HttpResponse(status, headers, body), [line])


def _go_text(now: float, body: str, status: int = 200) -> HttpResponse:
    return HttpResponse(status, [("Date", http_date(now)), ("Content-Length", str(len(body.encode()))),
                                 ("Content-Type", "text/plain; charset=utf-8")], body)


def _serve_hostname(backend, req, now, version, seq, worker_pid) -> Reply:
    body = backend.pod_name
    log = [] if backend.image.split("/")[-1].startswith("serve_hostname") else [
        f"{go_log_time(now)} HTTP request from {req.client_ip}:{req.client_port}"]
    return Reply(_go_text(now, "" if req.method == "HEAD" else body), log)


def _hello_app(backend, req, now, version, seq, worker_pid) -> Reply:
    body = f"Hello, world!\nVersion: {version or '1.0.0'}\nHostname: {backend.pod_name}\n"
    path = req.target.split("?", 1)[0]
    return Reply(_go_text(now, "" if req.method == "HEAD" else body),
                 [f"{go_log_time(now)} Serving request: {path}"])


def _echoserver(backend, req, now, version, seq, worker_pid) -> Reply:
    path, _, query = req.target.partition("?")
    host = req.host.rsplit(":", 1)[0] if req.host.count(":") == 1 else req.host
    lines = ["CLIENT VALUES:", f"client_address={req.client_ip}", f"command={req.method}",
             f"real path={path}", f"query={query or 'nil'}", "request_version=1.1",
             f"request_uri=http://{host}:{backend.port}{req.target}", "", "SERVER VALUES:",
             "server_version=nginx: 1.10.0 - lua: 10001", "", "HEADERS RECEIVED:"]
    lines += [f"{k.lower()}={v}" for k, v in sorted(req.headers, key=lambda kv: kv[0].lower())]
    lines += ["BODY:", req.body if req.body else "-no body in request-"]
    body = "\n".join(lines)
    headers = [("Server", "nginx/1.10.0"), ("Date", http_date(now)), ("Content-Type", "text/plain"),
               ("Transfer-Encoding", "chunked"), ("Connection", "keep-alive")]
    if req.method == "HEAD":
        body = ""
    return Reply(HttpResponse(200, headers, body), [_combined(req, 200, len(body), now, xff=False)])


def _netexec(backend, req, now, version, seq, worker_pid) -> Reply:
    path, _, query = req.target.partition("?")
    params = dict(p.split("=", 1) if "=" in p else (p, "") for p in query.split("&") if p)
    if path == "/hostname":
        body = backend.pod_name
    elif path == "/clientip":
        body = f"{req.client_ip}:{req.client_port}"
    elif path == "/echo":
        body = params.get("msg", "")
    elif path == "/healthz":
        body = ""
    elif path == "/":
        g = time.gmtime(int(now))
        nanos = int((now % 1) * 1e9)
        body = (f"NOW: {g.tm_year}-{g.tm_mon:02d}-{g.tm_mday:02d} {g.tm_hour:02d}:{g.tm_min:02d}:"
                f"{g.tm_sec:02d}.{nanos:09d} +0000 UTC m=+{now % 100000:.9f}")
    else:
        return Reply(_go_text(now, "404 page not found\n", 404), [_klog(now, f"GET {path}")])
    return Reply(_go_text(now, body), [_klog(now, f"GET {path}")])


def _bootcamp(backend, req, now, version, seq, started, hostname) -> Reply:
    """kubernetes-bootcamp's server.js (Node 6): the same line for any method and path, chunked,
    and one console.log line per request counting requests and seconds since it started."""
    host = hostname or backend.pod_name
    body = f"Hello Kubernetes bootcamp! | Running on: {host} | v={version or '1'}\n"
    headers = [("Content-Type", "text/plain"), ("Date", http_date(now)), ("Connection", "keep-alive"),
               ("Transfer-Encoding", "chunked")]
    uptime_ms = int(now * 1000) - int((started if started is not None else now) * 1000)
    line = (f"Running On: {host} | Total Requests: {seq} | App Uptime: {js_number(uptime_ms / 1000)} "
            f"seconds | Log Time: {js_iso_time(now)}")
    return Reply(HttpResponse(200, headers, "" if req.method == "HEAD" else body), [line])


def bootcamp_start_lines(hostname: str, start: float) -> list[str]:
    """What server.js logs when it starts listening (console.log of a Date, the host and "\n")."""
    return [f"Kubernetes Bootcamp App Started At: {js_iso_time(start)} | Running On:  {hostname} ", ""]


def js_iso_time(t: float) -> str:
    """A JavaScript Date as Node's console.log prints it: 2022-08-24T12:03:10.123Z."""
    g = time.gmtime(int(t))
    return (f"{g.tm_year}-{g.tm_mon:02d}-{g.tm_mday:02d}T{g.tm_hour:02d}:{g.tm_min:02d}:{g.tm_sec:02d}"
            f".{int(t * 1000) % 1000:03d}Z")


def js_number(x: float) -> str:
    """A JavaScript number as text: integers without `.0`, others in shortest round-trip form."""
    return str(int(x)) if x == int(x) else repr(x)


def _klog(now: float, msg: str) -> str:
    g = time.gmtime(int(now))
    micros = int((now % 1) * 1e6)
    return f"I{g.tm_mon:02d}{g.tm_mday:02d} {g.tm_hour:02d}:{g.tm_min:02d}:{g.tm_sec:02d}.{micros:06d}       1 log.go:198] {msg}"


def _plain_ok(body: str):
    def handler(backend, req, now, version, seq, worker_pid) -> Reply:
        return Reply(_go_text(now, "" if req.method == "HEAD" else body))
    return handler


@lru_cache(maxsize=64)
def _version_tuple(v: str) -> tuple[int, ...]:
    out = []
    for part in v.split(".")[:3]:
        out.append(int(part) if part.isdigit() else 0)
    return tuple(out)


_HANDLERS = {
    "nginx": _nginx,
    "httpd": _httpd,
    "serve_hostname": _serve_hostname,
    "hello_app": _hello_app,
    "echoserver": _echoserver,
    "agnhost_netexec": _netexec,
    "test_webserver": _plain_ok("Hello world!"),
    "coredns_health": _plain_ok("OK"),
    "coredns_ready": _plain_ok("OK"),
}


def exchange(cluster, src_ip: str, dst_ip: str, port: int, req: HttpRequest):
    """One HTTP request over a new connection: route it (kube-proxy), let the backend answer,
    count it and append its log lines. Returns (Connection, Reply | None)."""
    conn = connect(cluster, src_ip, dst_ip, port)
    if conn.backend is None:
        return conn, None
    b = conn.backend
    version = b.version
    seq = cluster.traffic["pods"].get(b.pod_name, 0) + 1
    started = hostname = None
    if b.server == "bootcamp":  # it reports its uptime and $HOSTNAME
        pod = cluster.find("pods", b.namespace, b.pod_name)
        if pod is not None:
            started = started_at(pod, b.container)
            hostname = (pod["spec"].get("hostname") or b.pod_name)[:63]
    reply = respond(b, req, cluster.clock.now(), version, seq, started=started, hostname=hostname)
    record_request(cluster, conn)
    limit = cluster.limits.log_lines
    for line in reply.log_lines:
        append_log(cluster, b.pod_uid, b.container, line, limit)
    return conn, reply
