"""Fidelity audit against kubectl 1.24: outputs that were found wrong and fixed, byte for byte."""
from __future__ import annotations

import pytest

from webapp.cluster.clock import ManualClock
from webapp.shell.terminal import Terminal


class Session:
    def __init__(self) -> None:
        self.clock = ManualClock(1661342400.0)  # 2022-08-24T12:00:00Z
        self.term = Terminal.new(3, self.clock)

    def run(self, line: str, after: float = 0.0):
        if after:
            self.clock.advance(after)
        return self.term.run(line)

    def out(self, line: str, after: float = 0.0) -> str:
        return self.run(line, after).output

    def pod(self, app: str) -> str:
        return self.out(f"kubectl get pods -l app={app} -o name").split()[0].split("/", 1)[1]

    def rs_hash(self, image: str) -> str:
        for line in self.out("kubectl get rs -o wide").splitlines()[1:]:
            cells = line.split()
            if cells[6] == image:
                return cells[0].rsplit("-", 1)[1]
        raise AssertionError(image)


@pytest.fixture
def s() -> Session:
    return Session()


def _pod_reasons(s: Session, pod: str) -> list[str]:
    return [line.split()[2] for line in s.out("kubectl get events").splitlines()[1:] if f"pod/{pod}" in line]


def test_kubelet_events_are_listed_in_the_order_they_happened(s):
    s.run("kubectl create deploy nginx --image=nginx")
    s.run("kubectl run p1 --image=nginx")
    s.clock.advance(30)
    for pod in (s.pod("nginx"), "p1"):
        assert _pod_reasons(s, pod) == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]


def test_restarting_a_latest_image_pulls_it_again(s):
    s.run("kubectl create deploy debugger --image=thr3a/debugger")
    out = s.out("kubectl describe pod -l app=debugger", after=60)
    assert "already present on machine" not in out
    assert "  Normal   Pulling    24s (x4 over 60s)  kubelet            Pulling image \"thr3a/debugger\"\n" in out
    assert out.count('Successfully pulled image "thr3a/debugger" in ') == 4


def test_logs_previous_of_a_crash_looping_container_is_its_last_run(s):
    s.run("kubectl create deploy debugger --image=thr3a/debugger")
    s.run("kubectl create deploy nginx --image=nginx")
    s.clock.advance(60)
    r = s.run(f"kubectl logs {s.pod('debugger')} --previous")
    assert (r.output, r.exit_code) == ("", 0)
    nginx = s.pod("nginx")
    r = s.run(f"kubectl logs {nginx} --previous 2>/dev/null")
    assert (r.output, r.exit_code) == ("", 1)
    assert s.out(f"kubectl logs {nginx} -p") == (
        f'Error from server (BadRequest): previous terminated container "nginx" in pod "{nginx}" not found\n')


def test_expose_a_pod_without_labels(s):
    s.run("kubectl run nolab --image=nginx")
    s.run("kubectl label pod nolab run-")
    r = s.run("kubectl expose pod nolab --port=80")
    assert (r.output, r.exit_code) == ("error: couldn't retrieve selectors via --selector flag or introspection: "
                                       "the pod has no labels and cannot be exposed\n", 1)


def test_delete_reports_missing_names_after_the_deletions(s):
    s.run("kubectl run x1 --image=nginx")
    r = s.run("kubectl delete pod nope x1")
    assert (r.output, r.exit_code) == ('pod "x1" deleted\nError from server (NotFound): pods "nope" not found\n', 1)
    assert s.run("kubectl delete pod nope 2>/dev/null").output == ""


def test_a_named_target_port_the_pod_lacks_gives_no_endpoints(s):
    s.run("kubectl create deploy nginx --image=nginx")
    s.run("kubectl expose deploy nginx --port=80 --target-port=http", after=30)
    assert s.out("kubectl get ep nginx") == "NAME    ENDPOINTS   AGE\nnginx   <none>      0s\n"
    assert "Endpoints:         <none>\n" in s.out("kubectl describe svc nginx")


def _rolled(s: Session) -> None:
    s.run("kubectl create deploy nginx --image=nginx --replicas=2")
    s.run("kubectl set image deploy/nginx nginx=nginx:1.23", after=30)


def test_rollout_status_follows_the_rollout_to_the_end(s):
    _rolled(s)
    assert s.out("kubectl rollout status deploy/nginx --watch=false") == (
        'Waiting for deployment "nginx" rollout to finish: 1 out of 2 new replicas have been updated...\n')
    r = s.run("kubectl rollout status deployment/nginx")
    assert (r.output, r.exit_code) == (
        'Waiting for deployment "nginx" rollout to finish: 1 out of 2 new replicas have been updated...\n'
        'Waiting for deployment "nginx" rollout to finish: 1 old replicas are pending termination...\n'
        'deployment "nginx" successfully rolled out\n', 0)
    assert s.out("kubectl rollout status deploy/nginx") == 'deployment "nginx" successfully rolled out\n'
    assert s.out("kubectl rollout status deploy/nginx --revision=1") == (
        "error: desired revision (1) is different from the running revision (2)\n")


def test_rollout_history_of_one_revision_prints_its_pod_template(s):
    _rolled(s)
    s.clock.advance(30)
    new = s.rs_hash("nginx:1.23")
    assert s.out("kubectl rollout history deploy/nginx --revision=2") == (
        "deployment.apps/nginx with revision #2\n"
        "Pod Template:\n"
        "  Labels:\tapp=nginx\n"
        f"\tpod-template-hash={new}\n"
        "  Containers:\n"
        "   nginx:\n"
        "    Image:\tnginx:1.23\n"
        "    Port:\t<none>\n"
        "    Host Port:\t<none>\n"
        "    Environment:\t<none>\n"
        "    Mounts:\t<none>\n"
        "  Volumes:\t<none>\n"
        "\n")
    r = s.run("kubectl rollout history deploy/nginx --revision=9")
    assert (r.output, r.exit_code) == ("error: unable to find the specified revision\n", 1)
    assert s.out("kubectl rollout history deploy/nginx") == (
        "deployment.apps/nginx \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n")
