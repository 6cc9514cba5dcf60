"""HumanDuration / ShortHumanDuration at every boundary (apimachinery duration.go rules)."""
import pytest

from webapp.shell.kubectl.printers.duration import (human_duration, parse_time, rfc1123z, short_human_duration,
                                                    since)

M, H, D, Y = 60, 3600, 86400, 365 * 86400


@pytest.mark.parametrize("seconds, text", [
    (-2, "<invalid>"), (-1.5, "0s"), (-1, "0s"), (-0.5, "0s"), (0, "0s"), (0.9, "0s"), (13, "13s"),
    (59, "59s"), (60, "60s"), (119, "119s"), (119.99, "119s"), (120, "2m"), (121, "2m1s"),
    (3 * M + 16, "3m16s"), (5 * M + 46, "5m46s"), (9 * M + 59, "9m59s"), (10 * M, "10m"),
    (10 * M + 59, "10m"), (59 * M, "59m"), (179 * M + 59, "179m"), (3 * H, "3h"), (3 * H + 59 * M, "3h59m"),
    (7 * H + 59 * M + 59, "7h59m"), (8 * H, "8h"), (47 * H + 59 * M, "47h"), (48 * H, "2d"),
    (2 * D + 3 * H, "2d3h"), (5 * D + 3 * H + 20 * M, "5d3h"), (7 * D + 23 * H + 59 * M, "7d23h"), (8 * D, "8d"),
    (729 * D + 23 * H, "729d"), (730 * D, "2y"), (731 * D, "2y1d"), (8 * Y - 1, "7y364d"), (8 * Y, "8y"),
    (20 * Y, "20y"),
])
def test_human_duration(seconds, text):
    assert human_duration(seconds) == text


@pytest.mark.parametrize("seconds, text", [
    (-2, "<invalid>"), (-1, "0s"), (0, "0s"), (13, "13s"), (59, "59s"), (60, "1m"), (59 * M + 59, "59m"),
    (H, "1h"), (23 * H + 59 * M, "23h"), (D, "1d"), (364 * D, "364d"), (Y, "1y"), (3 * Y, "3y"),
])
def test_short_human_duration(seconds, text):
    assert short_human_duration(seconds) == text


def test_since_reads_rfc3339_and_unset_is_unknown():
    now = parse_time("2022-08-24T12:00:13Z")
    assert since("2022-08-24T12:00:00Z", now) == "13s"
    assert since("2022-08-24T11:59:59.500000Z", now) == "13s"
    assert since(None, now) == "<unknown>"
    assert since("garbage", now) == "<unknown>"


def test_rfc1123z_layout():
    assert rfc1123z("2022-08-24T12:00:05Z") == "Wed, 24 Aug 2022 12:00:05 +0000"
    assert rfc1123z(None) == "Mon, 01 Jan 0001 00:00:00 +0000"
