"""Text tools, as GNU coreutils (Ubuntu workstation) and busybox (Alpine pods) print them.

Formats checked against the sources: GNU wc's number width (wc.c compute_number_width: one
count for one input is unpadded; stdin is at least 7 wide), busybox wc ("%9u" columns, bare
when one count), uniq -c ("%7d " in both)."""
from __future__ import annotations

import pytest

from test_lang import Shell


@pytest.fixture
def gnu() -> Shell:
    shell = Shell("bash", tools="gnu", user="learner", home="/home/learner")
    shell.run("printf 'b 2\\na 10\\nc 1\\na 10\\n' > data.txt")
    return shell


@pytest.fixture
def bb() -> Shell:
    shell = Shell("ash", tools="busybox")
    shell.run("printf 'b 2\\na 10\\nc 1\\na 10\\n' > data.txt")
    return shell


def test_seq_forms(gnu):
    assert gnu.run("seq 3") == ("1\n2\n3\n", 0)
    assert gnu.run("seq 2 4") == ("2\n3\n4\n", 0)
    assert gnu.run("seq 10 -3 1") == ("10\n7\n4\n1\n", 0)
    assert gnu.run("seq -s, 1 4") == ("1,2,3,4\n", 0)
    assert gnu.run("seq -w 8 10") == ("08\n09\n10\n", 0)
    assert gnu.run("seq 0.5 0.5 1.5") == ("0.5\n1.0\n1.5\n", 0)
    assert gnu.run("seq 5 1") == ("", 0)
    assert gnu.run("seq x") == ("seq: invalid floating point argument: \u2018x\u2019\n"
                                "Try 'seq --help' for more information.\n", 1)


def test_wc_gnu_widths(gnu):
    assert gnu.run("wc -l data.txt") == ("4 data.txt\n", 0)
    assert gnu.run("wc data.txt") == (" 4  8 18 data.txt\n", 0)
    assert gnu.run("cat data.txt | wc -l") == ("4\n", 0)
    assert gnu.run("cat data.txt | wc") == ("      4       8      18\n", 0)
    assert gnu.run("wc -l data.txt data.txt") == (" 4 data.txt\n 4 data.txt\n 8 total\n", 0)
    assert gnu.run("wc nope") == ("wc: nope: No such file or directory\n", 1)


def test_wc_busybox_widths(bb):
    assert bb.run("cat data.txt | wc -l") == ("4\n", 0)
    assert bb.run("cat data.txt | wc") == ("        4         8        18\n", 0)
    assert bb.run("wc -l data.txt") == ("4 data.txt\n", 0)
    assert bb.run("wc nope") == ("wc: can't open 'nope': No such file or directory\n", 1)


def test_head_and_tail(gnu):
    assert gnu.run("seq 20 | head -n 2") == ("1\n2\n", 0)
    assert gnu.run("seq 20 | head -3") == ("1\n2\n3\n", 0)
    assert gnu.run("seq 5 | head -n -3") == ("1\n2\n", 0)
    assert gnu.run("seq 20 | tail -n 2") == ("19\n20\n", 0)
    assert gnu.run("seq 5 | tail -n +4") == ("4\n5\n", 0)
    assert gnu.run("seq 3 | tail -f") == ("1\n2\n3\n", 0)
    assert gnu.run("head -n 1 data.txt data.txt") == \
        ("==> data.txt <==\nb 2\n\n==> data.txt <==\nb 2\n", 0)
    assert gnu.run("head nope") == \
        ("head: cannot open \u2018nope\u2019 for reading: No such file or directory\n", 1)


def test_sort_and_uniq(gnu):
    assert gnu.run("sort data.txt") == ("a 10\na 10\nb 2\nc 1\n", 0)
    assert gnu.run("sort -u data.txt") == ("a 10\nb 2\nc 1\n", 0)
    assert gnu.run("sort -k2 -n data.txt") == ("c 1\nb 2\na 10\na 10\n", 0)
    assert gnu.run("sort -rn -k2 data.txt | head -n 1") == ("a 10\n", 0)
    assert gnu.run("sort data.txt | uniq -c") == ("      2 a 10\n      1 b 2\n      1 c 1\n", 0)
    assert gnu.run("sort data.txt | uniq -d") == ("a 10\n", 0)


def test_cut_tr_tee(gnu):
    assert gnu.run("cut -d' ' -f2 data.txt | head -n 2") == ("2\n10\n", 0)
    assert gnu.run("echo abcdef | cut -c2-4") == ("bcd\n", 0)
    assert gnu.run("echo a:b:c | cut -d: -f1,3") == ("a:c\n", 0)
    assert gnu.run("echo hello | tr a-z A-Z") == ("HELLO\n", 0)
    assert gnu.run("echo 'a  b   c' | tr -s ' '") == ("a b c\n", 0)
    assert gnu.run("echo hello | tr -d l") == ("heo\n", 0)
    assert gnu.run("echo a b | tr ' ' '\\n'") == ("a\nb\n", 0)
    assert gnu.run("echo x | tee t1 t2; cat t1 t2") == ("x\nx\nx\n", 0)


def test_grep_options(gnu):
    assert gnu.run("grep a data.txt") == ("a 10\na 10\n", 0)
    assert gnu.run("grep -c a data.txt") == ("2\n", 0)
    assert gnu.run("grep -n '^[bc]' data.txt") == ("1:b 2\n3:c 1\n", 0)
    assert gnu.run("grep -v a data.txt") == ("b 2\nc 1\n", 0)
    assert gnu.run("grep -iE 'B|C' data.txt") == ("b 2\nc 1\n", 0)
    assert gnu.run("grep -o '[0-9]\\+' data.txt | head -n 2") == ("2\n10\n", 0)
    assert gnu.run("grep -w 1 data.txt") == ("c 1\n", 0)
    assert gnu.run("grep -q zzz data.txt; echo $?") == ("1\n", 0)
    assert gnu.run("grep x nope") == ("grep: nope: No such file or directory\n", 2)
    assert gnu.run("grep -c a data.txt data.txt") == ("data.txt:2\ndata.txt:2\n", 0)


def test_awk_subset(gnu):
    assert gnu.run("awk '{print $2}' data.txt") == ("2\n10\n1\n10\n", 0)
    assert gnu.run("awk '{s += $2} END {print s, NR}' data.txt") == ("23 4\n", 0)
    assert gnu.run("echo a:b:c | awk -F: '{print $NF, NF}'") == ("c 3\n", 0)
    assert gnu.run("awk '/^a/ {print $0}' data.txt") == ("a 10\na 10\n", 0)
    assert gnu.run("awk '$2 > 5' data.txt") == ("a 10\na 10\n", 0)
    assert gnu.run("awk '{n[$1]++} END {for (k in n) print k, n[k]}' data.txt | sort") == \
        ("a 2\nb 1\nc 1\n", 0)
    assert gnu.run("awk 'BEGIN {printf \"%-3s|%03d\\n\", \"x\", 7}'") == ("x  |007\n", 0)
    assert gnu.run("echo hello | awk '{print toupper(substr($1, 2, 3)), length($1)}'") == \
        ("ELL 5\n", 0)


def test_sed_subset(gnu):
    assert gnu.run("echo foo | sed 's/o/0/g'") == ("f00\n", 0)
    assert gnu.run("echo foo | sed 's/o/0/'") == ("f0o\n", 0)
    assert gnu.run("sed -n '2p' data.txt") == ("a 10\n", 0)
    assert gnu.run("sed '1d' data.txt | head -n 1") == ("a 10\n", 0)
    assert gnu.run("echo hello | sed 's/\\(l*\\)o/[\\1]/'") == ("he[ll]\n", 0)
    assert gnu.run("echo a-b | sed -E 's/(a)-(b)/\\2-\\1/'") == ("b-a\n", 0)
    assert gnu.run("sed -i 's/a/A/' data.txt; head -n 2 data.txt") == ("b 2\nA 10\n", 0)


def test_cat_numbering_and_errors(gnu, bb):
    assert gnu.run("cat -n data.txt | head -n 1") == ("     1\tb 2\n", 0)
    assert gnu.run("echo in | cat - data.txt | head -n 2") == ("in\nb 2\n", 0)
    assert gnu.run("cat nope") == ("cat: nope: No such file or directory\n", 1)
    assert bb.run("cat nope") == ("cat: can't open 'nope': No such file or directory\n", 1)


def test_xargs_env_and_friends(gnu):
    assert gnu.run("echo a b c | xargs -n 1 echo x") == ("x a\nx b\nx c\n", 0)
    assert gnu.run("seq 3 | xargs") == ("1 2 3\n", 0)
    assert gnu.run("env | grep ^HOME=") == ("HOME=/home/learner\n", 0)
    assert gnu.run("printenv HOME NOPE; echo $?") == ("/home/learner\n1\n", 0)
    assert gnu.run("whoami; hostname") == ("learner\nbox\n", 0)
    assert gnu.run("uname -s -m") == ("Linux x86_64\n", 0)


def test_date_comes_from_the_injected_clock(gnu):
    gnu.world.clock.t = 1661342400.0  # 2022-08-24T12:00:00Z
    assert gnu.run("date") == ("Wed Aug 24 12:00:00 UTC 2022\n", 0)
    assert gnu.run("date +%Y-%m-%dT%H:%M") == ("2022-08-24T12:00\n", 0)
