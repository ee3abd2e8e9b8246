"""Fixtures of the reliability tests: the hostile corpus (written once) and a CLI sharing the model."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.reliability.corpus import CorpusFile, write_corpus


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> list[CorpusFile]:
    """Every hostile input, including the 100 MB and 10 MB files (written in chunks)."""
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture
def cli(monkeypatch, embedder):
    """Invoke ``factcheck`` in-process with the session's loaded model."""
    import factcheck.workspace.embedding as core
    from factcheck.cli import main

    monkeypatch.setattr(core, "SentenceTransformerEmbedder", lambda *a, **k: embedder)
    runner = CliRunner()

    def invoke(folder: Path, *args: str):
        return runner.invoke(main, ["--workspace", str(folder), *args], catch_exceptions=False)

    return invoke
