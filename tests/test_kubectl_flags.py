"""The kubectl flag grammar and the verb table: parsing, errors worded like pflag/cobra, help."""
from __future__ import annotations

import io

import pytest

from webapp.shell.kubectl import registry
from webapp.shell.kubectl.flags import Flag, FlagError, FlagSet, parse, parse_go_int
from webapp.shell.kubectl.resources import lookup, parse_targets
from webapp.shell.kubectl.errors import KubectlError

FLAGS = FlagSet([Flag("image", "stringArray"), Flag("replicas", "int32", short="r", default=1),
                 Flag("stdin", "bool", short="i"), Flag("tty", "bool", short="t"),
                 Flag("namespace", short="n"), Flag("dry-run", default="none", no_opt="unchanged"),
                 Flag("target-port")])


def test_long_short_and_grouped_forms():
    p = parse(["deploy", "--image=a", "--image", "b", "-r3", "-it", "-n", "test", "x"], FLAGS)
    assert p.args == ["deploy", "x"]
    assert p.values["image"] == ["a", "b"] and p.values["replicas"] == 3
    assert p.values["stdin"] and p.values["tty"] and p.values["namespace"] == "test"
    assert p.given == {"image", "replicas", "stdin", "tty", "namespace"}


def test_double_dash_stops_parsing_and_bool_false():
    p = parse(["pod", "--tty=false", "--", "sh", "-c", "--image=x"], FLAGS)
    assert p.args == ["pod"] and p.dashed and p.dash_args == ["sh", "-c", "--image=x"]
    assert p.values["tty"] is False and p.values["image"] == []


def test_underscore_normalised_and_no_opt_default():
    p = parse(["--target_port=8080", "--dry-run"], FLAGS)
    assert p.values["target-port"] == "8080" and p.values["dry-run"] == "unchanged"


@pytest.mark.parametrize("words,message", [
    (["--bogus"], "unknown flag: --bogus"),
    (["-type=NodePort"], "unknown shorthand flag: 'y' in -ype=NodePort"),
    (["--image"], "flag needs an argument: --image"),
    (["-n"], "flag needs an argument: 'n' in -n"),
    (["--replicas=x"], 'invalid argument "x" for "-r, --replicas" flag: strconv.ParseInt: parsing "x": invalid syntax'),
    (["-r", "99999999999"], 'invalid argument "99999999999" for "-r, --replicas" flag: strconv.ParseInt: '
                            'parsing "99999999999": value out of range'),
    (["--tty=maybe"], 'invalid argument "maybe" for "-t, --tty" flag: strconv.ParseBool: parsing "maybe": invalid syntax'),
    (["---x"], "bad flag syntax: ---x"),
])
def test_errors_use_pflag_wording(words, message):
    with pytest.raises(FlagError) as e:
        parse(words, FLAGS)
    assert str(e.value) == message


def test_go_integers():
    assert parse_go_int("0x10") == 16 and parse_go_int("010") == 8 and parse_go_int("1_000") == 1000
    assert parse_go_int("-5") == -5
    with pytest.raises(ValueError):
        parse_go_int("1__0")


def _run(words, world=None):
    out, err = io.StringIO(), io.StringIO()
    code = registry.run(words, world, out, err)
    return code, out.getvalue(), err.getvalue()


def test_unknown_command_suggests_like_cobra():
    code, out, err = _run(["exopse", "deploy", "nginx"])
    assert code == 1 and out == ""
    assert err == 'error: unknown command "exopse" for "kubectl"\n\nDid you mean this?\n\texpose\n'
    assert _run(["frobnicate"])[2] == 'error: unknown command "frobnicate" for "kubectl"\n'


def test_unknown_flag_names_the_command():
    code, _, err = _run(["scale", "deploy", "x", "--bogus"])
    assert (code, err) == (1, "error: unknown flag: --bogus\nSee 'kubectl scale --help' for usage.\n")
    code, _, err = _run(["expose", "deploy", "nginx", "-type=NodePort"])
    assert err == "error: unknown shorthand flag: 't' in -type=NodePort\nSee 'kubectl expose --help' for usage.\n"


def test_required_flag_and_bad_int():
    assert _run(["scale", "deploy", "nginx"])[2] == 'error: required flag(s) "replicas" not set\n'
    assert _run(["create", "deploy", "nginx"])[2] == 'error: required flag(s) "image" not set\n'
    assert _run(["create", "deploy", "x", "--image=n", "--replicas=x"])[2] == (
        'error: invalid argument "x" for "-r, --replicas" flag: strconv.ParseInt: parsing "x": invalid syntax\n'
        "See 'kubectl create deployment --help' for usage.\n")


def test_help_layout_for_a_verb():
    code, out, err = _run(["create", "deploy", "--help"])
    assert code == 0 and err == ""
    assert out.startswith("Make a deployment called NAME.\n\nAliases:\ndeployment, deploy\n\nExamples:\n"
                          "  # One nginx pod, managed by a deployment called nginx\n"
                          "  kubectl create deployment nginx --image=nginx\n  \n")
    assert "\n  \n  # Three nginx replicas\n" in out
    assert "Options:\n    --allow-missing-template-keys=true:\n\tWhen true," in out
    assert "\n    --image=[]:\n\tImage to run;" in out
    assert "\n    -r, --replicas=1:\n\tHow many pod replicas to run; 1 when not given.\n" in out
    assert out.endswith("Usage:\n  kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]\n\n"
                        'Run "kubectl options" to see the global options (every command accepts them).\n')
    assert _run(["help", "create", "deployment"])[1] == out
    assert _run(["create", "deployment", "-h"])[1] == out


def test_root_help_lists_groups_and_a_group_without_subcommand_prints_help_on_stderr():
    code, out, _ = _run([])
    assert code == 0 and "Basic Commands (Beginner):\n  create        Make resources from a file" in out
    assert "\n  api-resources List the resource types the server offers\n" in out
    code, out, err = _run(["rollout"])
    assert code == 1 and out == "" and "Available Commands:\n  history" in err
    code, _, err = _run(["rollout", "statsu", "deploy/x"])
    assert err == "error: unknown command \"statsu deploy/x\"\nSee 'kubectl rollout -h' for help and examples\n"


def test_completion_reads_the_table():
    assert registry.complete(["exp"]) == ["explain", "expose"]
    assert registry.complete(["create", "de"]) == ["deployment"]
    assert "--replicas" in registry.complete(["scale", "--re"])
    assert registry.complete(["delete", "sv"]) == ["svc"]
    assert registry.complete(["expose", "deploy", "x", "--type", "N"]) == ["NodePort"]


def test_resource_names():
    assert lookup("deploy").qualified == "deployments.apps"
    assert lookup("Services").ref("nginx") == "service/nginx"
    assert lookup("deployments.apps").ref("x") == "deployment.apps/x"
    targets = parse_targets(["svc,ep", "nginx"])
    assert [(t.rtype.plural, t.name) for t in targets] == [("services", "nginx"), ("endpoints", "nginx")]
    with pytest.raises(KubectlError) as e:
        parse_targets(["foo"])
    assert e.value.text == 'error: the server doesn\'t have a resource type "foo"'
    with pytest.raises(KubectlError) as e:
        parse_targets(["svc", "deploy/x"])
    assert "there is no need to specify a resource type as a separate argument" in e.value.text
