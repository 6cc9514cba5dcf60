"""A worker that keeps API workspaces restored between commands answers exactly as one that
restores every command from the store, and never serves a version another worker replaced."""
from __future__ import annotations

from webapp.cluster.clock import ManualClock
from webapp.web import create_app

LINES = [
    "kubectl create namespace test",
    "kubectl config set-context --current --namespace=test",
    "kubectl create deploy nginx --image=nginx --replicas=2",
    "kubectl expose deploy nginx --port=80",
    "kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity",
    "kubectl get pods",
    "kubectl exec -it deploy/debugger -- sh",
    "for i in $(seq 1 50); do curl -s nginx > /dev/null; done",
    "nslookup nginx",
    "echo hello > /tmp/x; cat /tmp/x",
    "exit",
    "kubectl logs deploy/nginx --tail=2",
    "kubectl delete svc nginx",
    "kubectl get svc,ep",
]


def _app(tmp_path, name: str, cache: int, clock: ManualClock):
    return create_app({"TESTING": True, "SECRET_KEY": "k", "KUBETUTOR_CLOCK": clock,
                       "KUBETUTOR_STORE": f"sqlite:///{tmp_path / name}", "KUBETUTOR_RATE_COMMANDS": 0,
                       "KUBETUTOR_WORKSPACE_CACHE": cache, "INSTANCE_PATH": str(tmp_path)})


def _transcript(tmp_path, name: str, cache: int) -> list:
    clock = ManualClock(1661342400.0)
    client = _app(tmp_path, name, cache, clock).test_client()
    made = client.post("/api/v1/sessions", json={"seed": 11}).json
    sid, auth = made["session"], {"Authorization": f"Bearer {made['token']}"}
    answers = []
    for line in LINES:
        answers.append(client.post(f"/api/v1/sessions/{sid}/commands", json={"command": line}, headers=auth).json)
        clock.advance(7)
    answers.append(client.get(f"/api/v1/sessions/{sid}/traffic", headers=auth).json)
    return answers


def test_a_held_workspace_answers_like_one_restored_from_the_store(tmp_path):
    held = _transcript(tmp_path, "held.db", 64)
    restored = _transcript(tmp_path, "restored.db", 0)
    assert held == restored
    assert sum(held[-1]["pods"].values()) == 50


def test_a_workspace_another_worker_saved_is_read_again(tmp_path):
    clock = ManualClock(1661342400.0)
    first = _app(tmp_path, "shared.db", 64, clock).test_client()
    second = _app(tmp_path, "shared.db", 64, clock).test_client()
    made = first.post("/api/v1/sessions", json={"seed": 3}).json
    url, auth = f"/api/v1/sessions/{made['session']}/commands", {"Authorization": f"Bearer {made['token']}"}
    assert first.post(url, json={"command": "kubectl create deploy a --image=nginx"}, headers=auth).json["exit_code"] == 0
    assert second.post(url, json={"command": "kubectl create deploy b --image=nginx"}, headers=auth).json["exit_code"] == 0
    names = first.post(url, json={"command": "kubectl get deploy -o name"}, headers=auth).json["output"]
    assert names == "deployment.apps/a\ndeployment.apps/b\n"
