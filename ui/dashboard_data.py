"""Tables behind the Verdicts log and the Dashboard charts (pure functions over library records)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import pandas as pd

from factcheck.models import Claim, Verdict


def ratings_frame(current: Sequence[Verdict], order: Sequence[str]) -> pd.DataFrame:
    """Verdict counts per rating, in the scale's order (ratings off the scale at the end)."""
    counts = Counter(v.rating for v in current)
    labels = [r for r in order if counts.get(r)] + sorted(r for r in counts if r not in order)
    return pd.DataFrame({"Rating": labels, "Verdicts": [counts[r] for r in labels]})


def speakers_frame(claims: Iterable[Claim], current: Sequence[Verdict], top: int = 15) -> pd.DataFrame:
    """Claims and current verdicts per speaker, most-quoted speakers first."""
    claim_speaker = {}
    claim_counts: Counter[str] = Counter()
    for claim in claims:
        name = claim.speaker or "(unknown)"
        claim_speaker[claim.id] = name
        claim_counts[name] += 1
    verdict_counts = Counter(claim_speaker[v.claim_id] for v in current if v.claim_id in claim_speaker)
    names = [name for name, _ in claim_counts.most_common(top)]
    return pd.DataFrame({"Speaker": names, "Claims": [claim_counts[n] for n in names],
                         "Verdicts": [verdict_counts.get(n, 0) for n in names]})


def progress_frame(log: Iterable[Verdict]) -> pd.DataFrame:
    """Claims reviewed per day (first verdict of each claim) and the running total."""
    first: dict[int, str] = {}
    for verdict in log:
        day = verdict.created_at[:10]
        if day and (verdict.claim_id not in first or day < first[verdict.claim_id]):
            first[verdict.claim_id] = day
    per_day = Counter(first.values())
    days = sorted(per_day)
    total, running = 0, []
    for day in days:
        total += per_day[day]
        running.append(total)
    return pd.DataFrame({"Day": pd.to_datetime(days), "Reviewed that day": [per_day[d] for d in days],
                         "Reviewed in total": running})


def speaker_claims_frame(claims: Iterable[Claim], verdicts: dict[int, Verdict],
                         titles: dict[int, str]) -> pd.DataFrame:
    """Everything one speaker said, with the current verdict when there is one."""
    rows = [{"Claim": c.text, "Kind": c.kind, "Article": titles.get(c.article_id, ""),
             "Verdict": verdicts[c.id].rating if c.id in verdicts else "",
             "Status": verdicts[c.id].status if c.id in verdicts else "unreviewed",
             "Claim id": c.id} for c in claims]
    return pd.DataFrame(rows, columns=["Claim", "Kind", "Article", "Verdict", "Status", "Claim id"])
