"""Runaway input ends promptly: loops, endless producers, recursion, and arbitrary text."""
from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.shell.lang import IncompleteInput, ParseError, ShellExit, execute, parse
from webapp.shell.programs import Budget, LimitExceeded, Stream

from test_lang import Shell


@pytest.fixture
def sh() -> Shell:
    return Shell("ash")


def _quick(fn, seconds: float = 5.0):
    start = time.monotonic()
    result = fn()
    assert time.monotonic() - start < seconds
    return result


def test_endless_loop_hits_the_work_limit(sh):
    with pytest.raises(LimitExceeded, match="work limit"):
        _quick(lambda: sh.run("while true; do :; done"))


def test_huge_seq_into_wc_is_stopped_with_a_message(sh):
    with pytest.raises(LimitExceeded) as e:
        _quick(lambda: sh.run("seq 1 100000000 | wc -l", budget=1_000_000))
    assert "limit reached" in str(e.value)


def test_yes_into_head_gives_the_real_answer(sh):
    assert _quick(lambda: sh.run("yes | head -n 3")) == ("y\ny\ny\n", 0)
    assert sh.run("yes no | head -n 2") == ("no\nno\n", 0)


def test_endless_output_to_the_terminal_meets_the_output_limit(sh):
    with pytest.raises(LimitExceeded, match="limit reached"):
        _quick(lambda: sh.run("yes", budget=10_000_000))
    with pytest.raises(LimitExceeded):
        _quick(lambda: sh.run("cat /dev/zero > /dev/null", budget=10_000_000))


def test_cat_dev_zero_into_head(sh):
    assert sh.run("cat /dev/zero | head -c 3 | wc -c") == ("3\n", 0)


def test_fork_bomb_and_recursion_are_bounded(sh):
    with pytest.raises(LimitExceeded, match="recursion limit"):
        _quick(lambda: sh.run(":(){ :|:& };:"))
    with pytest.raises(LimitExceeded, match="recursion limit"):
        _quick(lambda: sh.run("f() { echo $(f); }; f"))
    with pytest.raises(LimitExceeded, match="recursion limit"):
        _quick(lambda: sh.run("echo 'sh r.sh' > r.sh; sh r.sh"))  # a script running itself


def test_deep_command_substitution_is_a_syntax_error():
    text = "echo " + "$(" * 2000 + "echo hi" + ")" * 2000
    with pytest.raises(ParseError, match="nesting too deep"):
        _quick(lambda: parse(text))


def test_long_lines_of_quotes_and_dollars_parse_quickly():
    _quick(lambda: parse('"' * 2000))  # 1000 empty strings
    with pytest.raises(IncompleteInput):
        _quick(lambda: parse("'" * 1999))
    with pytest.raises((ParseError, IncompleteInput)):
        _quick(lambda: parse("$(" * 1000))


def test_word_growth_is_bounded(sh):
    with pytest.raises(LimitExceeded):
        _quick(lambda: sh.run("x=ab; while true; do x=$x$x; done", budget=10_000_000))


def test_printf_width_is_bounded(sh):
    with pytest.raises(LimitExceeded):
        sh.run("printf '%999999999d' 1")


_ALPHABET = st.sampled_from(list("ab $(){}`'\"\\|&;<>\n\t*?=#!-0123456789") +
                            ["<<EOF", "EOF", "$((", "))", "${", "}", "do", "done", "for i in",
                             "if", "then", "fi", "while", "case", "esac", "\0", "é", "日本",
                             "echo ", "seq ", "yes", "cat", "sh -c ", "|", "&&", "||"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_ALPHABET, max_size=400).map("".join).filter(lambda s: len(s) <= 2000))
def test_any_text_ends_in_a_status_or_a_known_error(text):
    shell = Shell("ash")
    start = time.monotonic()
    try:
        script = parse(text, "ash")
        out, err = Stream(), Stream()
        status = execute(script, shell.state, shell.host, shell.world, out=out, err=err,
                         budget=Budget(20_000))
        assert isinstance(status, int) and 0 <= status <= 255
    except (ParseError, IncompleteInput, LimitExceeded, ShellExit):
        pass
    assert time.monotonic() - start < 5.0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_any_unicode_text_including_nul(text):
    for flavor in ("ash", "bash"):
        shell = Shell(flavor)
        try:
            script = parse(text, flavor)
            execute(script, shell.state, shell.host, shell.world, out=Stream(), err=Stream(),
                    budget=Budget(20_000))
        except (ParseError, IncompleteInput, LimitExceeded, ShellExit):
            pass
