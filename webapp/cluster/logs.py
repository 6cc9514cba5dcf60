"""Container logs as `kubectl logs` shows them: the image's startup lines (derived from the
container's start time, never stored) followed by what traffic wrote (stored, bounded).

Storage: `cluster.pod_logs[pod_uid]` is a list of entries `"<unix time> <container> <line>"`,
all containers of the pod together, the newest last, at most `limits.log_lines` (+ a small slack)
per pod. `Cluster.remove` drops the list with the pod.
"""
from __future__ import annotations

import shlex
import time
from typing import TYPE_CHECKING

from .clock import parse_rfc3339
from .images import image_info

if TYPE_CHECKING:
    from .cluster import Cluster

_SLACK = 64                       # trim in batches so an append stays O(1) amortised
FIRST_WORKER_PID = 31             # nginx worker PIDs after the entrypoint's scripts (formats.md §9.2)


def append_log(cluster: "Cluster", pod_uid: str, container: str, line: str, limit: int = 1000) -> None:
    """Store one line a container wrote now (an access log line, an error log line)."""
    entries = cluster.pod_logs.get(pod_uid)
    if entries is None:
        entries = cluster.pod_logs[pod_uid] = []
    entries.append(f"{cluster.clock.now():.3f} {container} {line}")
    if len(entries) > limit + _SLACK:
        del entries[: len(entries) - limit]


def node_cpus(cluster: "Cluster", node_name: str | None) -> int:
    """The node's CPU count (nginx starts one worker per CPU)."""
    node = cluster.find("nodes", None, node_name) if node_name else None
    cpu = str(((node or {}).get("status") or {}).get("capacity", {}).get("cpu", "2"))
    return int(cpu) if cpu.isdigit() and 0 < int(cpu) <= 64 else 2


def worker_pids(cluster: "Cluster", pod: dict) -> list[int]:
    return [FIRST_WORKER_PID + i for i in range(node_cpus(cluster, pod["spec"].get("nodeName")))]


def _container(pod: dict, name: str) -> tuple[dict | None, dict | None]:
    spec = next((c for c in pod["spec"].get("containers") or () if c["name"] == name), None)
    status = next((s for s in (pod.get("status") or {}).get("containerStatuses") or ()
                   if s.get("name") == name), None)
    return spec, status


def started_at(pod: dict, container: str) -> float | None:
    """When the container's current instance started (None when it has not started)."""
    _, status = _container(pod, container)
    state = (status or {}).get("state") or {}
    for key in ("running", "terminated"):
        ts = (state.get(key) or {}).get("startedAt")
        if ts:
            return parse_rfc3339(ts)
    return None


def log_entries(cluster: "Cluster", pod: dict, container: str, previous: bool = False) -> list[tuple[float, str]]:
    """(time, line) pairs of one container instance: startup lines then stored lines, oldest first.
    `previous` selects the instance before the last restart (kubectl logs --previous)."""
    spec, status = _container(pod, container)
    if spec is None:
        return []
    if previous:
        term = ((status or {}).get("lastState") or {}).get("terminated") or {}
        if not term.get("startedAt"):
            return []
        start, end = parse_rfc3339(term["startedAt"]), parse_rfc3339(term.get("finishedAt") or term["startedAt"])
    else:
        start = started_at(pod, container)
        if start is None:
            return []
        end = float("inf")
    out = startup_lines(cluster, pod, spec, start)
    for entry in cluster.pod_logs.get(pod["metadata"].get("uid", ""), ()):
        t, name, line = entry.split(" ", 2)
        if name == container and start <= float(t) <= end + 1:
            out.append((float(t), line))
    return out


def container_log(cluster: "Cluster", pod: dict, container: str, previous: bool = False) -> list[str]:
    """The lines `kubectl logs POD -c CONTAINER` prints (without line ends)."""
    return [line for _, line in log_entries(cluster, pod, container, previous)]


def startup_lines(cluster: "Cluster", pod: dict, spec: dict, start: float) -> list[tuple[float, str]]:
    """What the image's process prints when it starts."""
    info = image_info(spec.get("image") or "")
    command, args = spec.get("command"), spec.get("args")
    serves = info.serves_for(command, args)
    kinds = set(serves.values())
    t = start
    if "nginx" in kinds and info.kind == "nginx":
        return [(t, line) for line in _nginx_start(cluster, pod, info, start)]
    if "httpd" in kinds:
        return [(t, line) for line in _httpd_start(pod, start)]
    if "hello_app" in kinds:
        return [(t, f"{_go_time(t)} Server listening on port {next(iter(serves))}")]
    if "serve_hostname" in kinds and info.kind == "agnhost":
        return [(t, f"{_go_time(t)} Serving on port {next(iter(serves))}.")]
    if "agnhost_netexec" in kinds:
        port = next(iter(serves))
        return [(t, f"I{_klog_stamp(t)}       1 log.go:198] Started HTTP server on port {port}"),
                (t, f"I{_klog_stamp(t)}       1 log.go:198] Started UDP server on port  {port + 1}")]
    if "bootcamp" in kinds:
        from .servers import bootcamp_start_lines
        hostname = pod["spec"].get("hostname") or pod["metadata"]["name"]
        return [(t, line) for line in bootcamp_start_lines(hostname, start)]
    if info.kind == "coredns":
        return [(t, ".:53"), (t, "[INFO] plugin/reload: Running configuration MD5 = db32ca3650231d74073ff4cf814959a7"),
                (t, "CoreDNS-1.8.6"), (t, "linux/amd64, go1.17.1, 13a9191")]
    return [(t, line) for line in _echo_lines(info.argv(command, args))]


def _nginx_start(cluster: "Cluster", pod: dict, info, start: float) -> list[str]:
    from .servers import _version_tuple
    if _version_tuple(info.version) < (1, 19):
        return []                    # images before 1.19 had no entrypoint scripts and log nothing
    stamp = _go_time(start)
    lines = [
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
        f'{stamp} [notice] 1#1: using the "epoll" event method',
        f"{stamp} [notice] 1#1: nginx/{info.version}",
        f"{stamp} [notice] 1#1: built by gcc 10.2.1 20210110 (Debian 10.2.1-6) ",
        f"{stamp} [notice] 1#1: OS: Linux 5.15.0-46-generic",
        f"{stamp} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576",
        f"{stamp} [notice] 1#1: start worker processes",
    ]
    lines += [f"{stamp} [notice] 1#1: start worker process {pid}" for pid in worker_pids(cluster, pod)]
    return lines


def _httpd_start(pod: dict, start: float) -> list[str]:
    ip = (pod.get("status") or {}).get("podIP") or "127.0.0.1"
    g = time.gmtime(int(start))
    micros = int((start % 1) * 1e6)
    stamp = (f"{time.strftime('%a %b %d %H:%M:%S', g)}.{micros:06d} {g.tm_year}")
    ah = (f"AH00558: httpd: Could not reliably determine the server's fully qualified domain name, "
          f"using {ip}. Set the 'ServerName' directive globally to suppress this message")
    tid = "tid 140061284318528"
    return [ah, ah,
            f"[{stamp}] [mpm_event:notice] [pid 1:{tid}] AH00489: Apache/2.4.54 (Unix) configured -- resuming normal operations",
            f"[{stamp}] [core:notice] [pid 1:{tid}] AH00094: Command line: 'httpd -D FOREGROUND'"]


def _echo_lines(argv: list[str]) -> list[str]:
    """Lines a `sh -c 'echo ...; sleep ...'` style command prints before it settles."""
    if len(argv) < 3 or argv[0].rsplit("/", 1)[-1] not in ("sh", "ash", "bash", "dash") or argv[1] != "-c":
        if argv and argv[0].rsplit("/", 1)[-1] == "echo":
            return [" ".join(argv[1:])]
        return []
    out = []
    script = argv[2].replace("&&", ";").replace("\n", ";")
    for part in script.split(";")[:20]:
        try:
            words = shlex.split(part)
        except ValueError:
            break
        if not words:
            continue
        if words[0] != "echo":
            break
        out.append(" ".join(w for w in words[1:] if w != "-n"))
    return out


def _go_time(t: float) -> str:
    g = time.gmtime(int(t))
    return f"{g.tm_year}/{g.tm_mon:02d}/{g.tm_mday:02d} {g.tm_hour:02d}:{g.tm_min:02d}:{g.tm_sec:02d}"


def _klog_stamp(t: float) -> str:
    g = time.gmtime(int(t))
    return f"{g.tm_mon:02d}{g.tm_mday:02d} {g.tm_hour:02d}:{g.tm_min:02d}:{g.tm_sec:02d}.{int((t % 1) * 1e6):06d}"
