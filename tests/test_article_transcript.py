"""Replays ../shared/transcripts/article.yaml (the walkthrough the lessons teach) in-process against
`Terminal` with a ManualClock, using the same checks as ../shared/tools/transcript.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from test_docs_transcripts import Gap, corpus_params, load_corpus, replay_or_known_gap

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "transcripts" / "article.yaml"

# scenario id -> the command that fails first today and why (see test_docs_transcripts.Gap).
ARTICLE_GAPS: dict[str, Gap] = {}

pytestmark = pytest.mark.skipif(not ARTICLE.exists(), reason=f"{ARTICLE} is absent in this checkout")


@pytest.mark.parametrize(("scenario", "seed"), corpus_params([ARTICLE]) if ARTICLE.exists() else [])
def test_article_scenario(scenario: dict, seed: int) -> None:
    replay_or_known_gap(scenario, seed, ARTICLE_GAPS)


def test_article_has_the_three_walkthroughs() -> None:
    ids = {s["id"] for s in load_corpus(ARTICLE)}
    assert {"article-kubectl", "article-walkthrough", "article-other-namespace"} <= ids
    assert set(ARTICLE_GAPS) <= ids
