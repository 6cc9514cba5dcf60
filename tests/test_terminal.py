"""The terminal as a learner meets it: prompts, contexts, leaving pod shells, limits, persistence."""
from __future__ import annotations

import json

import pytest

from webapp.cluster.clock import ManualClock
from webapp.shell.terminal import Terminal


@pytest.fixture
def article(sh):
    for line in ("kubectl create namespace test",
                 "kubectl config set-context --current --namespace=test",
                 "kubectl create deploy nginx --image=nginx",
                 "kubectl expose deploy nginx --port=80 --target-port=80",
                 "kubectl create deploy debugger --image=thr3a/debugger -- sleep infinity"):
        assert sh.run(line).exit_code == 0, line
        sh.advance(2)
    sh.advance(10)
    return sh


def test_prompt_and_context_follow_kubectl_exec(article):
    r = article.run("kubectl exec -it deploy/debugger -- sh")
    assert (r.exit_code, r.output, r.prompt) == (0, "", "/ # ")
    assert r.context.startswith("pod/test/debugger-")
    r = article.run("hostname")
    assert r.output.startswith("debugger-")
    r = article.run("exit")
    assert (r.output, r.prompt, r.context) == ("", "$ ", "workstation")


def test_exit_with_a_status_is_reported_by_kubectl(article):
    article.run("kubectl exec -it deploy/debugger -- sh")
    r = article.run("exit 3")
    assert (r.output, r.exit_code) == ("command terminated with exit code 3\n", 3)


def test_a_shell_in_a_deleted_pod_ends_with_137(article):
    r = article.run("kubectl exec -it deploy/debugger -- sh")
    pod = r.context.split("/")[-1]
    article.terminal.cluster.delete("pods", "test", pod, grace=0)
    r = article.run("echo still here?")
    assert r.output == "command terminated with exit code 137\n" and r.exit_code == 137
    assert r.context == "workstation" and r.prompt == "$ "


def test_tools_missing_from_an_image_answer_as_its_shell(article):
    article.run("kubectl exec -it deploy/nginx -- sh")
    r = article.run("nslookup nginx")
    assert (r.output, r.exit_code) == ("sh: 1: nslookup: not found\n", 127)
    article.run("exit")
    r = article.run("nslookup-typo")
    assert r.output == "bash: nslookup-typo: command not found\n" and r.exit_code == 127


def test_an_open_construct_asks_for_more(sh):
    r = sh.run("for i in 1 2 3")
    assert (r.output, r.prompt) == ("", "> ")
    r = sh.run("do echo $i")
    assert r.prompt == "> "
    r = sh.run("done")
    assert (r.output, r.prompt) == ("1\n2\n3\n", "$ ")
    assert sh.terminal.history[-1] == "for i in 1 2 3\ndo echo $i\ndone"


def test_a_heredoc_written_on_the_workstation_feeds_kubectl_apply(sh):
    manifest = ("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n")
    assert sh.run(f"cat > ns.yaml <<'EOF'\n{manifest}EOF").exit_code == 0
    r = sh.run("kubectl apply -f ns.yaml")
    assert r.output == "namespace/shop created\n"


def test_an_overlong_line_is_refused_without_running(sh):
    r = sh.run("echo " + "x" * 20000)
    assert r.exit_code == 1 and "command too long" in r.output
    assert sh.terminal.history == []


def test_endless_loops_stop_with_a_clear_message(sh):
    r = sh.run("while true; do :; done")
    assert r.exit_code == 130 and "kubetutor: command stopped:" in r.output
    r = sh.run("echo after")
    assert r.output == "after\n"


def test_ten_thousand_iterations_fit_in_the_budget(sh):
    r = sh.run("for i in $(seq 1 10000); do true; done; echo done")
    assert r.output == "done\n" and r.exit_code == 0


def test_an_internal_error_changes_nothing_and_is_reported(sh, monkeypatch):
    from webapp.shell import terminal as terminal_module

    def boom(*a, **k):
        raise RuntimeError("bug")
    monkeypatch.setattr(terminal_module, "execute", boom)
    r = sh.run("kubectl get pods")
    assert r.failed and r.exit_code == 1 and "internal error" in r.output
    monkeypatch.undo()
    assert sh.run("echo ok").output == "ok\n"


def test_state_round_trips_and_the_session_continues(article):
    article.run("kubectl exec -it deploy/debugger -- sh")
    article.run("echo hello > /tmp/note")
    saved = json.loads(json.dumps(article.terminal.to_dict()))
    again = Terminal.from_dict(saved, article.clock)
    assert again.prompt() == "/ # "
    assert again.run("cat /tmp/note").output == "hello\n"
    assert again.run("exit").context == "workstation"


def test_same_seed_same_transcript(clock):
    lines = ["kubectl create deploy web --image=nginx --replicas=3", "kubectl expose deploy web --port=80",
             "kubectl get pods -o wide", "kubectl get svc web", "kubectl get ep web"]

    def play():
        c = ManualClock(clock.now())
        t = Terminal.new(11, c)
        out = []
        for line in lines:
            out.append(t.run(line).output)
            c.advance(7)
        return out
    assert play() == play()


def test_tab_completion_comes_from_the_tables(article):
    t = article.terminal
    assert "kubectl" in t.complete("kub")
    assert "expose" in t.complete("kubectl exp")
    assert "nginx" in t.complete("kubectl get deploy ng")
    assert "--replicas" in t.complete("kubectl scale deploy nginx --rep")


def test_kubectl_run_attaches_once_the_pod_runs_and_cleans_up(sh):
    r = sh.run("kubectl run tmp --image=busybox -it --rm -- sh")
    assert r.output == "If you don't see a command prompt, try pressing enter.\n" and r.prompt == "/ # "
    pod = sh.cluster.get("pods", "default", "tmp")
    assert pod["status"]["phase"] == "Running"  # kubectl waited: the session's time skipped ahead
    r = sh.run("exit")
    assert r.output == ("Session ended, resume using 'kubectl attach tmp -c tmp -i -t' command when the pod is running\n"
                        'pod "tmp" deleted\n')
    assert r.exit_code == 0 and r.context == "workstation"
    sh.advance(2)
    assert [p["metadata"]["name"] for p in sh.cluster.list("pods", "default")] == []


def test_kubectl_run_never_restart_reports_the_failure(sh):
    sh.run("kubectl run once --image=busybox --restart=Never -it --rm -- sh")
    r = sh.run("exit 2")
    assert r.output == 'pod "once" deleted\npod default/once terminated (Error)\n' and r.exit_code == 2


def test_apply_accepts_a_dot_slash_path(sh):
    sh.run("cat > ns.yaml <<'EOF'\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\nEOF")
    assert sh.run("kubectl apply -f ./ns.yaml").output == "namespace/web created\n"


def test_ctrl_c_drops_an_unfinished_construct(sh):
    assert sh.run("for i in 1 2").prompt == "> "
    r = sh.run("\x03")
    assert (r.output, r.exit_code, r.prompt) == ("", 130, "$ ")
    assert sh.run("echo fresh").output == "fresh\n"


def test_config_view_answers_jsonpath_like_kubectl(sh):
    sh.run("kubectl config set-context --current --namespace=test")
    assert sh.run("kubectl config view --minify -o jsonpath='{..namespace}'").output == "test"
    assert sh.run("kubectl config view -o jsonpath='{.users[*].name}'").output == "kubernetes-admin"


def test_delete_waits_for_the_pod_to_be_gone_unless_told_not_to(article):
    article.run("kubectl delete pod -l app=debugger")
    names = [p["metadata"]["name"] for p in article.cluster.list("pods", "test")
             if p["metadata"]["labels"]["app"] == "debugger"]
    assert len(names) == 1  # the old pod (30 s grace: sleep ignores SIGTERM) is gone, its replacement is there
    article.run("kubectl delete pod -l app=debugger --wait=false")
    states = [bool(p["metadata"].get("deletionTimestamp")) for p in article.cluster.list("pods", "test")
              if p["metadata"]["labels"]["app"] == "debugger"]
    assert sorted(states) == [False, True]


def test_completion_follows_the_namespace_flag_and_type_slash_name(article):
    t = article.terminal
    assert all(n.startswith("coredns-") for n in t.complete("kubectl -n kube-system get po co"))
    assert len(t.complete("kubectl get po -n kube-system co")) == 2
    assert t.complete("kubectl exec -it deploy/deb") == ["deploy/debugger"]
    assert t.complete("kubectl get pods -n kube-") == ["kube-node-lease", "kube-public", "kube-system"]
