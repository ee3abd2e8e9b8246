"""Cold start: CLI commands load the model only when they embed, and a one-shot search never imports torch."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "examples" / "claimreview-sample.jsonl"
HEAVY = ("torch", "transformers", "sentence_transformers")


def cli(workspace: Path, *args: str) -> tuple[str, list[str]]:
    """Run one CLI command in a fresh process; its output and the heavy modules it imported."""
    code = ("import sys; from factcheck.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
            f"print('MODULES', ','.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, "--workspace", str(workspace), *args],
                         capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr[-3000:]
    body, _, modules = out.stdout.rpartition("MODULES ")
    return body, [m for m in modules.strip().split(",") if m]


def test_commands_that_do_not_embed_load_no_model(tmp_path: Path):
    ws = tmp_path / "ws"
    for args in (("stats",), ("claims",), ("verdicts",), ("sources", "list"), ("ratings",)):
        _, heavy = cli(ws, *args)
        assert heavy == [], (args, heavy)


@pytest.mark.model
def test_one_shot_search_embeds_its_query_without_torch(tmp_path: Path):
    ws = tmp_path / "ws"
    _, heavy = cli(ws, "import", "claimreview", str(SAMPLE))  # 10 texts: the torch model, bf16
    assert heavy == ["torch"]  # never transformers or sentence-transformers
    out, heavy = cli(ws, "search", "-k", "2", "Putin compared the siege of Gaza to Leningrad")
    assert "Leningrad" in out
    assert heavy == []  # the query went through the numpy forward pass
