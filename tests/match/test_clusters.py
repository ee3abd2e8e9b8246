"""Quote provenance: one quote carried by three articles is one group with its earliest appearance."""

from factcheck.match.clusters import Dated, cluster_assignment, earliest_first

QUOTE = '"Our city cut violent crime by 20 percent in just two years."'


def _article(outlet: str, lead: str) -> str:
    return f"{lead}\n\nMayor Ana Lopez said: {QUOTE} The council applauded. ({outlet})"


def test_same_quote_in_three_articles_is_one_group(workspace):
    dates = {"Daily A": "2021-03-12", "Daily B": "2021-03-10", "Daily C": "2021-03-15"}
    ids = {}
    for outlet, date in dates.items():
        report = workspace.ingest_text(_article(outlet, f"News from {outlet} on crime."),
                                       label=outlet, outlet=outlet, published=date)
        assert report.status == "added", report
        ids[outlet] = report.article_id
    other = workspace.ingest_text(
        "Budget news.\n\nCouncilman Ray Diaz said: \"Violent crime in our city fell by a fifth "
        "in two years.\" Others disagreed.", label="D", outlet="Daily D", published="2021-04-01")
    query = next(c for c in workspace.claims(article_id=other.article_id) if c.kind == "direct")
    matches = workspace.similar_claims(query.id, k=5)
    quote_groups = [m for m in matches if "20 percent" in m.claim.text]
    assert len(quote_groups) == 1
    group = quote_groups[0]
    assert len(group.appearances) == 3
    assert group.claim.article_id == ids["Daily B"]  # the earliest appearance
    assert group.appearances[0].article_id == ids["Daily B"]
    assert group.explanation is not None


def test_similar_claims_excludes_itself_and_its_article(workspace):
    first = workspace.ingest_text(_article("Daily A", "Lead A."), label="A", published="2021-01-01")
    workspace.ingest_text(_article("Daily B", "Lead B."), label="B", published="2021-01-02")
    claim = next(c for c in workspace.claims(article_id=first.article_id) if c.kind == "direct")
    matches = workspace.similar_claims(claim.id, k=5)
    shown = {c.id for m in matches for c in (m.claim, *m.appearances)}
    assert claim.id not in shown
    assert all(m.claim.article_id != first.article_id for m in matches)


def test_assign_clusters_persists_cluster_ids(workspace):
    for name, date in (("A", "2021-01-03"), ("B", "2021-01-01"), ("C", "2021-01-02")):
        workspace.ingest_text(_article(name, f"Lead {name}."), label=name, published=date)
    assert workspace.assign_clusters() >= 1
    quotes = [c for c in workspace.claims() if "20 percent" in c.text]
    assert len(quotes) == 3 and len({c.cluster_id for c in quotes}) == 1
    assert quotes[0].cluster_id == min(c.id for c in quotes)


def test_cluster_assignment_unit():
    assignment = cluster_assignment({1: "h", 2: "x", 3: "h", 4: "y", 5: "z"}, [(2, 4)])
    assert assignment == {1: 1, 3: 1, 2: 2, 4: 2}
    assert earliest_first([Dated(1, "2020-02-01"), Dated(2, ""), Dated(3, "2020-01-01")]) == [3, 1, 2]
