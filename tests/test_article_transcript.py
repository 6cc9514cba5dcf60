"""Replays ../shared/transcripts/article.yaml (the walkthrough the lessons teach) in-process against
`Terminal` with a ManualClock, using the same checks as ../shared/tools/transcript.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from test_docs_transcripts import corpus_params, load_corpus, replay

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "transcripts" / "article.yaml"

# scenario id -> what the simulator lacks; strict xfails, removed as soon as the gap is closed.
ARTICLE_GAPS: dict[str, str] = {
}

pytestmark = pytest.mark.skipif(not ARTICLE.exists(), reason=f"{ARTICLE} is absent in this checkout")


@pytest.mark.parametrize(("scenario", "seed"), corpus_params([ARTICLE], ARTICLE_GAPS) if ARTICLE.exists() else [])
def test_article_scenario(scenario: dict, seed: int) -> None:
    replay(scenario, seed)


def test_article_has_the_three_walkthroughs() -> None:
    ids = {s["id"] for s in load_corpus(ARTICLE)}
    assert {"article-kubectl", "article-walkthrough", "article-other-namespace"} <= ids
    assert set(ARTICLE_GAPS) <= ids
