"""Fixtures for matching tests: a workspace with a small set of prior fact-checks imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PRIORS = [
    # (identifier, claim, claimant, claim date, rating, title)
    ("pf-unemp", "Unemployment fell sharply last year.", "Jane Doe", "2020-02-01", "True",
     "Employment figures check out"),
    ("pf-gas", "House Bill 2417 raises the gasoline tax by 12 cents a gallon.", "John Roe",
     "2019-05-03", "Half True", "What the fuel levy bill does"),
    ("pf-wall", "Mexico will pay for the border wall.", "John Roe", "2016-08-31", "False",
     "Who pays for the wall"),
    ("pf-crime", "Our city cut violent crime by 20 percent in just two years.", "Ana Lopez",
     "2021-03-10", "Mostly True", "Crime in the city"),
    ("pf-vax", "Vaccines cause autism in children.", "Viral image", "2019-01-01", "Pants on Fire",
     "No link between vaccines and autism"),
    ("pf-tax", "Middle-class families will pay lower income taxes under the new plan.",
     "Jane Doe", "2018-01-15", "Half True", "Tax plan and the middle class"),
    ("pf-school", "The state spends less on schools than it did ten years ago.", "Sam Poe",
     "2017-09-09", "Mostly False", "Education budget over a decade"),
    ("pf-roads", "Road repair funding doubled since 2015.", "Sam Poe", "2019-11-11", "True",
     "Road money"),
    ("pf-healthcare", "Millions of people lost their health insurance because of the law.",
     "John Roe", "2014-04-04", "False", "Health coverage losses"),
    ("pf-climate", "Global temperatures have not risen in twenty years.", "Viral image",
     "2015-06-06", "False", "Warming did not stop"),
]


def claimreview(identifier, claim, claimant, date, rating, title, reviewer="PolitiFact"):
    return {"@context": "https://schema.org", "@type": "ClaimReview", "identifier": identifier,
            "url": f"https://fc.example/{identifier}", "datePublished": date,
            "author": {"@type": "Organization", "name": reviewer}, "name": title,
            "claimReviewed": claim,
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": claimant},
                             "datePublished": date},
            "reviewRating": {"@type": "Rating", "alternateName": rating}}


def write_jsonl(path: Path, records) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def priors_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "priors.jsonl", [claimreview(*p) for p in PRIORS])


@pytest.fixture
def prior_ws(workspace, priors_file):
    report = workspace.import_claimreview([priors_file])
    assert report.added == len(PRIORS) and not report.problems
    return workspace


def by_external(ws, external_id):
    return next(c for c in ws.claims(kind="prior") if c.external_id == external_id)
