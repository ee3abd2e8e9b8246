"""Quality gate: reference passages for CheckThat! 2021 2B dev claims (issue 12 item 5).

Floors may only go up. Needs the cached benchmark workspace ``bench/.cache/evidence-ws``
(``python bench/evidence.py`` builds it: 58,582 passages embedded once, tens of minutes on 2 cores).
"""

import pytest

from tests.conftest import shared_data

# Issue 12 targets on 2B dev: Recall@5 >= 0.65, MRR >= 0.55.
# measured (python bench/evidence.py --split dev): see factcheck/sources/passage_model.md
FLOORS = {"recall@5": 0.0, "mrr": 0.0, "likely_precision": 0.0, "likely_recall": 0.0}


@pytest.mark.data
def test_dev_passage_floors():
    shared_data("clef2021-checkthat-task2b-en")
    from bench.evidence import dev_figures

    figures = dev_figures()
    for name, floor in FLOORS.items():
        assert figures[name] >= floor, (name, figures)
