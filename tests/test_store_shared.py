"""Several app instances on one store (the classroom and multi-machine deployments): one consistent
history per session, no lost command under concurrency, sessions that outlive a server restart.
SQLite and a real redis-server started here."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from conftest import free_port
from webapp.web import create_app

ROOT = Path(__file__).resolve().parent.parent
API = "/api/v1/sessions"


def _wait(port: int, path: str | None, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if path is None:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return True
            if requests.get(f"http://127.0.0.1:{port}{path}", timeout=1).ok:
                return True
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.05)
    return False


@pytest.fixture(params=["sqlite", pytest.param("redis", marks=pytest.mark.redis)])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'shared.db'}"
    port = request.getfixturevalue("redis_port")
    import redis
    redis.Redis(port=port, db=2).flushdb()
    return f"redis://127.0.0.1:{port}/2"


def app_on(store_url: str, tmp_path: Path, **extra):
    """One server's app; each keeps its own per-process workspace cache, as separate machines do."""
    return create_app({"TESTING": True, "SECRET_KEY": "shared-secret", "INSTANCE_PATH": str(tmp_path),
                       "KUBETUTOR_STORE": store_url, **extra})


def new_session(client, seed=11) -> tuple[str, dict]:
    r = client.post(API, json={"seed": seed})
    assert r.status_code == 201
    return r.json["session"], {"Authorization": f"Bearer {r.json['token']}"}


def run(client, sid, auth, command):
    r = client.post(f"{API}/{sid}/commands", json={"command": command}, headers=auth)
    assert r.status_code == 200, r.data
    return r.json


def test_two_instances_serving_one_session_alternately_keep_one_history(store_url, tmp_path):
    a, b = (app_on(store_url, tmp_path).test_client() for _ in range(2))
    sid, auth = new_session(a)
    # every line lands on the other instance than the one before; each has cached its last save
    lines = ["kubectl create namespace test", "kubectl config set-context --current --namespace=test",
             "kubectl create deploy one --image=nginx", "kubectl create deploy two --image=nginx",
             "kubectl create deploy three --image=nginx", "export GREETING=hello", "echo $GREETING"]
    answers = [run((a, b)[i % 2], sid, auth, line) for i, line in enumerate(lines)]
    assert [x["exit_code"] for x in answers] == [0] * len(lines)
    assert answers[-1]["output"] == "hello\n"
    for client in (a, b, a):
        listing = run(client, sid, auth, "kubectl get deploy -o name")["output"]
        assert listing == "deployment.apps/one\ndeployment.apps/three\ndeployment.apps/two\n"
    # a shell opened on one instance is continued on the other
    assert run(a, sid, auth, "kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity")["exit_code"] == 0
    time.sleep(3)  # the real clock: the debugger pod starts within a few seconds
    deadline = time.monotonic() + 20
    while run(b, sid, auth, "kubectl exec -it deploy/debugger -- sh")["context"] == "workstation":
        assert time.monotonic() < deadline, "the debugger pod never became ready"
        time.sleep(0.5)
    inside = run(a, sid, auth, "hostname")
    assert inside["context"].startswith("pod/test/debugger-") and inside["exit_code"] == 0
    assert run(b, sid, auth, "exit")["context"] == "workstation"
    contexts = run(a, sid, auth, "kubectl config get-contexts")["output"].splitlines()
    assert contexts[1].split() == ["*", "kubernetes-admin@kubernetes", "kubernetes", "kubernetes-admin", "test"]
    history = run(b, sid, auth, "history")["output"]
    assert history.count("kubectl create deploy") == 4 and "echo $GREETING" in history


def test_concurrent_commands_to_one_session_lose_nothing(store_url, tmp_path):
    apps = [app_on(store_url, tmp_path, KUBETUTOR_RATE_COMMANDS=0) for _ in range(2)]
    sid, auth = new_session(apps[0].test_client())
    applied: list[str] = []
    refused: list[str] = []
    unexpected: list = []
    lock = threading.Lock()
    start = threading.Barrier(2)

    def writer(index: int) -> None:
        client = apps[index].test_client()
        start.wait()
        for i in range(20):
            name = f"cm-{index}-{i}"
            r = client.post(f"{API}/{sid}/commands", json={"command": f"kubectl create configmap {name}"},
                            headers=auth)
            with lock:
                if r.status_code == 200 and r.json["exit_code"] == 0:
                    applied.append(name)
                elif r.status_code == 409:
                    refused.append(name)
                else:
                    unexpected.append((name, r.status_code, r.data[:200]))

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert unexpected == []
    assert len(applied) + len(refused) == 40 and applied
    listing = run(apps[1].test_client(), sid, auth, "kubectl get configmap -o name")["output"].split()
    stored = {line.removeprefix("configmap/") for line in listing} - {"kube-root-ca.crt"}
    assert stored == set(applied)  # every applied command is there, no refused one is


def _serve(store_url: str, instance: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "KUBETUTOR_INSTANCE": str(instance),
           "KUBETUTOR_STORE": store_url, "KUBETUTOR_SECRET_KEY": "restart-secret"}
    proc = subprocess.Popen([sys.executable, "-m", "webapp.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
                             "--workers", "2"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not _wait(port, "/healthz", 40):
        proc.kill()
        proc.wait(timeout=10)
        pytest.fail("kubetutor serve did not start")
    return proc, f"http://127.0.0.1:{port}"


def _stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def test_a_session_survives_a_real_server_restart(store_url, tmp_path):
    proc, url = _serve(store_url, tmp_path)
    try:
        r = requests.post(url + API, json={"seed": 5}, timeout=30)
        sid, auth = r.json()["session"], {"Authorization": f"Bearer {r.json()['token']}"}
        for line in ("kubectl create namespace test", "kubectl config set-context --current --namespace=test",
                     "kubectl create deploy nginx --image=nginx", "kubectl expose deploy nginx --port=80"):
            assert requests.post(f"{url}{API}/{sid}/commands", json={"command": line}, headers=auth,
                                 timeout=30).json()["exit_code"] == 0
        before = requests.post(f"{url}{API}/{sid}/commands", json={"command": "kubectl get svc nginx -o wide"},
                               headers=auth, timeout=30).json()["output"]
    finally:
        _stop(proc)
    proc, url = _serve(store_url, tmp_path)   # a new server: nothing from the first one is in memory
    try:
        after = requests.post(f"{url}{API}/{sid}/commands", json={"command": "kubectl get svc nginx -o wide"},
                              headers=auth, timeout=30)
        assert after.status_code == 200
        cluster_ip = before.splitlines()[1].split()[2]
        assert after.json()["output"].splitlines()[1].split()[2] == cluster_ip
        assert requests.post(f"{url}{API}/{sid}/commands", json={"command": "kubectl scale deploy nginx --replicas=2"},
                             headers=auth, timeout=30).json()["output"] == "deployment.apps/nginx scaled\n"
        assert requests.delete(f"{url}{API}/{sid}", headers=auth, timeout=30).status_code == 204
    finally:
        _stop(proc)


def test_a_browser_session_survives_an_app_restart(store_url, tmp_path):
    from bs4 import BeautifulSoup
    first = app_on(store_url, tmp_path)
    browser = first.test_client()
    page = BeautifulSoup(browser.get("/sandbox").get_data(as_text=True), "html.parser")
    token = page.select_one("#terminal-form input[name=csrf_token]")["value"]
    r = browser.post("/w/sandbox/commands", data={"command": "kubectl create deploy kept --image=nginx"},
                     headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert r.status_code == 200
    first.extensions["kubetutor"].store.close()
    second = app_on(store_url, tmp_path)   # same secret, same store: the cookies still hold
    again = second.test_client()   # the same browser: its two cookies, sent to the restarted server
    for name in ("kubetutor_session", "kubetutor_csrf"):
        again.set_cookie(name, browser.get_cookie(name).value)
    r = again.post("/w/sandbox/commands", data={"command": "kubectl get deploy -o name"},
                     headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert r.status_code == 200 and "deployment.apps/kept\n" in r.get_data(as_text=True)
