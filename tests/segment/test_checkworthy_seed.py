"""The review queue's order on the seed article: what a reviewer should see first.

The seed (a news report on a Netanyahu-Putin call and a UN Security Council vote) holds a few
items whose relative worth is not a matter of taste:
- the recorded votes ("... voted against it ...", "... joined Russia in voting in favor ...")
  are checkable facts about a public record: who voted how;
- the partial quotes ("'cruel methods'", "“an attack unprecedented in its cruelty”", ...) are a
  few words of rhetoric lifted out of a sentence: colour, nothing to check on their own;
- Putin's "The civilian casualties will be absolutely unacceptable. Now the main thing is to stop
  the bloodshed." is an opinion and an appeal, not a claim of fact;
- three reported statements are rhetoric, not records: that Israel "had been subjected to an attack
  unprecedented in its cruelty", that it "was going to war determined and united", and that the
  siege of Gaza "may come to resemble the German siege of Leningrad" (an analogy).
So each recorded vote must come before every partial quote, the opinion and the rhetoric; the same
holds for the reported fact that opens the article (the two leaders spoke on Monday, for the first
time since the war began). Only these clear-cut pairs are asserted, not the whole order.
(The rhetoric pairs were added with the head refitted with ClaimBuster and LIAR sentences; the
head before it ranked "... voted against it ..." 15th of 22, below all three.)
"""

from __future__ import annotations

import pytest

RHETORIC = ("subjected to “an attack unprecedented in its cruelty” by Hamas",
            "was going to war determined and united",
            "may come to resemble the German siege of Leningrad")


def _queue(seed_workspace) -> list[tuple[str, str, float]]:
    claims = seed_workspace.claims()
    return [(c.kind, c.text, c.checkworthiness)
            for c in sorted(claims, key=lambda c: -c.checkworthiness)]


def _score(queue: list[tuple[str, str, float]], snippet: str) -> float:
    found = [p for _, text, p in queue if snippet in text]
    assert len(found) == 1, f"{snippet!r} matches {len(found)} claims"
    return found[0]


@pytest.mark.parametrize("fact", [
    "voted against it",
    "joined Russia in voting in favor",
    "spoke with Russian President Vladimir Putin on Monday",
])
def test_recorded_facts_come_before_colour_and_opinion(seed_workspace, fact: str) -> None:
    queue = _queue(seed_workspace)
    assert all(0.0 <= p <= 1.0 for *_, p in queue)
    fact_score = _score(queue, fact)
    fragments = [(text, p) for kind, text, p in queue if kind == "partial"]
    assert fragments, "the seed's partial quotes are no longer found"
    for text, p in fragments:
        assert fact_score > p, f"{fact!r} ({fact_score:.3f}) after colour {text!r} ({p:.3f})"
    opinion = _score(queue, "The civilian casualties will be absolutely unacceptable")
    assert fact_score > opinion, f"{fact!r} ({fact_score:.3f}) after an opinion ({opinion:.3f})"
    for snippet in RHETORIC:
        said = _score(queue, snippet)
        assert fact_score > said, f"{fact!r} ({fact_score:.3f}) after rhetoric {snippet!r} ({said:.3f})"
