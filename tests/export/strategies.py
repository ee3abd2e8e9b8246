"""Hypothesis strategies for export records (untrusted text everywhere it can be)."""

from __future__ import annotations

from hypothesis import strategies as st

from factcheck.export.records import Appearance, Claimant, ExportRow, ReviewRecord
from factcheck.models import Evidence, Verdict

text = st.text(max_size=40)
nonblank = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != "")
risky = st.one_of(text, st.sampled_from(["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "=HYPERLINK(\"http://x\")",
                                         "a,b", 'q"uote', "line\nbreak", "</script><b>"]))
urls = st.builds(lambda host, path: f"https://{host}.example/{path}",
                 st.text("abcdefghij", min_size=1, max_size=8), st.text("abc123/-_", max_size=10))
dates = st.dates().map(lambda d: d.isoformat())
stamps = st.datetimes(timezones=st.just(__import__("datetime").UTC)).map(
    lambda d: d.isoformat(timespec="microseconds"))

evidence = st.builds(Evidence, url=urls, title=risky, passage=risky,
                     stance=st.sampled_from(["supports", "refutes", "context"]))


@st.composite
def verdicts(draw: st.DrawFn, claim_id: int | None = None) -> Verdict:
    ordinal = draw(st.booleans())
    worst = draw(st.integers(-3, 3))
    best = worst + draw(st.integers(1, 9))
    value = draw(st.integers(worst, best)) if ordinal else None
    return Verdict(
        id=draw(st.integers(1, 10**9)), claim_id=claim_id or draw(st.integers(1, 10**9)),
        rating=draw(nonblank), explanation=draw(risky), evidence=tuple(draw(st.lists(evidence, max_size=2))),
        reviewer=draw(risky), status=draw(st.sampled_from(["draft", "in review", "published"])),
        created_at=draw(stamps), supersedes=draw(st.none() | st.integers(1, 10**9)),
        rating_value=None if value is None else float(value),
        best_rating=float(best) if ordinal else None, worst_rating=float(worst) if ordinal else None,
        origin=draw(st.sampled_from(["reviewer", "cluster", "undo"])), batch_id=draw(text),
        retracted=draw(st.booleans()))


@st.composite
def export_rows(draw: st.DrawFn) -> ExportRow:
    start = draw(st.integers(0, 10**6))
    return ExportRow(verdict=draw(verdicts()), claim_text=draw(risky), kind=draw(st.sampled_from(
        ["direct", "indirect", "statement"])), start=start, end=start + draw(st.integers(0, 500)),
        article_id=draw(st.integers(1, 10**6)), speaker=draw(risky),
        speaker_id=draw(st.none() | st.integers(1, 100)), speaker_type=draw(st.sampled_from(
            ["person", "organization", "unknown"])), article_title=draw(risky),
        article_url=draw(st.just("") | urls), article_published=draw(st.just("") | dates),
        article_outlet=draw(risky))


appearances = st.builds(Appearance, url=urls, headline=risky, date=st.just("") | dates,
                        claim_id=st.integers(1, 10**6), outlet=risky)


@st.composite
def review_records(draw: st.DrawFn, claim_id: int) -> ReviewRecord:
    row = draw(export_rows())
    row = ExportRow(**{**{f: getattr(row, f) for f in row.__dataclass_fields__},
                       "verdict": draw(verdicts(claim_id=claim_id)),
                       "claim_text": draw(nonblank)})
    claimant = Claimant(name=draw(st.just("") | nonblank), type=draw(st.sampled_from(
        ["person", "organization", "country", "unknown"])), job_title=draw(text),
        same_as=tuple(draw(st.lists(urls, max_size=2))))
    return ReviewRecord(row=row, claimant=claimant,
                        appearances=tuple(draw(st.lists(appearances, max_size=3))))
