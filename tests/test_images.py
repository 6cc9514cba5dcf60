"""The image catalog: reference normalisation, what each image ships, how its main process behaves."""
from __future__ import annotations

import re

import pytest

from webapp.cluster.images import image_info, normalize


@pytest.mark.parametrize("ref, want", [
    ("nginx", ("docker.io/library/nginx", "latest", "")),
    ("nginx:1.23", ("docker.io/library/nginx", "1.23", "")),
    ("docker.io/library/nginx:latest", ("docker.io/library/nginx", "latest", "")),
    ("thr3a/debugger", ("docker.io/thr3a/debugger", "latest", "")),
    ("registry.k8s.io/echoserver:1.4", ("registry.k8s.io/echoserver", "1.4", "")),
    ("localhost:5000/app", ("localhost:5000/app", "latest", "")),
])
def test_normalize(ref, want):
    assert normalize(ref) == want


def test_same_image_same_entry_and_digest():
    a, b = image_info("nginx"), image_info("docker.io/library/nginx:latest")
    assert a.kind == b.kind == "nginx" and a.digest == b.digest
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", a.digest)
    assert a.image_id == f"docker.io/library/nginx@{a.digest}"
    assert a.ref == "docker.io/library/nginx:latest"


def test_pull_times_are_realistic():
    assert image_info("nginx").pull_seconds == pytest.approx(3.0)
    assert image_info("thr3a/debugger").pull_seconds == pytest.approx(4.0)
    assert image_info("busybox").pull_seconds == pytest.approx(1.5)


def test_debugger_tools():
    info = image_info("thr3a/debugger")
    assert info.os == "alpine" and info.shell == "ash" and not info.has_bash
    assert info.tool_flavor("nslookup") == "bind916" and info.tool_flavor("dig") == "bind916"
    assert info.tool_flavor("curl") == "7.83.1" and info.tool_flavor("ping") == "iputils"
    assert info.tool_flavor("wget") == "busybox" and info.tool_flavor("grep") == "busybox"
    assert 'PRETTY_NAME="Alpine Linux v3.16"' in info.os_release


def test_nginx_tools_and_env():
    info = image_info("nginx")
    assert info.has_program("curl") and not info.has_program("nslookup") and not info.has_program("dig")
    assert not info.has_program("ping") and info.has_bash and info.shell == "dash"
    assert dict(info.env)["NGINX_VERSION"] == "1.23.1"
    assert info.serves == {80: "nginx"} and info.handles_sigterm


def test_busybox_and_curl_images():
    bb = image_info("busybox")
    assert bb.tool_flavor("nslookup") == "busybox" and bb.tool_flavor("wget") == "busybox"
    assert not bb.has_program("curl") and bb.os_release is None
    assert image_info("radial/busyboxplus:curl").has_program("curl")
    assert image_info("curlimages/curl").user == "curl_user"
    assert image_info("gcr.io/kubernetes-e2e-test-images/dnsutils:1.3").has_program("dig")
    assert image_info("registry.k8s.io/e2e-test-images/jessie-dnsutils:1.3").has_program("nslookup")
    assert image_info("nicolaka/netshoot").has_bash


def test_unknown_image_is_a_plain_container():
    info = image_info("example.org/team/app:2")
    assert info.kind == "plain" and info.serves == {} and info.has_program("sh")
    assert not info.has_program("curl") and not info.runs_forever(None, None)


@pytest.mark.parametrize("image, command, args, forever", [
    ("nginx", None, None, True),
    ("thr3a/debugger", None, None, False),
    ("thr3a/debugger", ["sleep", "infinity"], None, True),
    ("busybox", None, ["sleep", "3600"], True),
    ("busybox", ["sh", "-c", "echo hi; sleep 5"], None, False),
    ("busybox", ["sh", "-c", "while true; do date; sleep 1; done"], None, True),
    ("alpine", ["tail", "-f", "/dev/null"], None, True),
    ("busybox", None, None, False),
])
def test_runs_forever(image, command, args, forever):
    assert image_info(image).runs_forever(command, args) is forever


def test_argv_follows_kubernetes_rules():
    nginx = image_info("nginx")
    assert nginx.argv(None, None) == ["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]
    assert nginx.argv(["sleep"], None) == ["sleep"]            # command drops the image CMD
    assert nginx.argv(None, ["nginx-debug"]) == ["/docker-entrypoint.sh", "nginx-debug"]


def test_exit_codes_and_start_errors():
    bb = image_info("busybox")
    assert bb.exit_code(None, None) == 0
    assert bb.exit_code(["sh", "-c", "exit 3"], None) == 3
    assert bb.exit_code(["false"], None) == 1
    assert "executable file not found in $PATH" in bb.start_error(["nslookupx"], None)
    assert bb.start_error(["sleep", "10"], None) is None


def test_sigterm():
    dbg = image_info("thr3a/debugger")
    assert not dbg.stops_on_sigterm(["sleep", "infinity"], None)
    assert image_info("nginx").stops_on_sigterm(None, None)


def test_agnhost_ports_from_args():
    ag = image_info("registry.k8s.io/e2e-test-images/agnhost:2.39")
    assert ag.serves_for(None, ["netexec", "--http-port=8080"]) == {8080: "agnhost_netexec"}
    assert ag.serves_for(None, ["serve-hostname"]) == {9376: "serve_hostname"}
    assert ag.runs_forever(None, ["pause"])


@pytest.mark.parametrize("image, shell, cwd, want", [
    ("thr3a/debugger", "sh", "/", "/ # "),
    ("busybox", "sh", "/root", "~ # "),
    ("nginx", "sh", "/", "# "),
    ("nginx", "bash", "/", "root@web-1:/# "),
    ("radial/busyboxplus:curl", "sh", "/", "[ root@web-1:/ ]$ "),
    ("curlimages/curl", "sh", "/", "/ $ "),
])
def test_prompts(image, shell, cwd, want):
    assert image_info(image).prompt(shell, "web-1", cwd) == want


@pytest.mark.parametrize("ref, flavor", [
    ("busybox:1.28", "busybox-old"), ("busybox:1.28.4-glibc", "busybox-old"), ("busybox:1.27", "busybox-old"),
    ("busybox:1.29", "busybox"), ("busybox:1.35-musl", "busybox"), ("busybox", "busybox"),
    ("busybox:latest", "busybox"), ("radial/busyboxplus:curl", "busybox-old"),
    ("gcr.io/google-containers/busybox", "busybox-old"), ("k8s.gcr.io/busybox", "busybox-old"),
])
def test_busybox_nslookup_flavour_follows_the_version(ref, flavor):
    assert image_info(ref).tool_flavor("nslookup") == flavor


def test_debug_services_busybox_is_an_old_busybox():
    info = image_info("gcr.io/google-containers/busybox")
    assert info.kind == "busybox-gcr" and info.tool_flavor("wget") == "busybox"
    assert not info.has_program("curl") and info.prompt("sh", "busybox", "/") == "/ # "
    assert info.exit_code(None, None) == 0 and not info.runs_forever(None, None)


def test_kubernetes_bootcamp_image():
    info = image_info("gcr.io/google-samples/kubernetes-bootcamp:v1")
    assert info.kind == "bootcamp" and info.serves == {8080: "bootcamp"} and info.version == "1"
    assert info.image_id == ("gcr.io/google-samples/kubernetes-bootcamp@sha256:"
                             "0d6b8ee63bb57c5f5b6156f446b3bc3b3c143d233037f3a2f00e279c8fcc64af")
    assert info.argv(None, None) == ["/bin/sh", "-c", "node server.js"]
    assert dict(info.env) == {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                              "NPM_CONFIG_LOGLEVEL": "info", "NODE_VERSION": "6.3.1"}
    assert info.runs_forever(None, None) and not info.stops_on_sigterm(None, None)  # sh as PID 1
    assert info.has_program("curl") and info.has_bash and 'VERSION="8 (jessie)"' in info.os_release
    assert info.serves_for(["node", "server.js"], None) == {8080: "bootcamp"}
    assert info.start_error(["node", "server.js"], None) is None
    v2 = image_info("jocatalin/kubernetes-bootcamp:v2")
    assert v2.kind == "bootcamp" and v2.version == "2" and v2.digest != info.digest
