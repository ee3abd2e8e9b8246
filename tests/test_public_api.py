"""The public API is curated, and importing factcheck pulls in neither streamlit nor click."""

from __future__ import annotations

import subprocess
import sys

import factcheck


def test_all_names_resolve():
    for name in factcheck.__all__:
        assert getattr(factcheck, name) is not None, name


def test_library_imports_no_ui_or_cli_framework():
    code = ("import sys, factcheck; from factcheck.workspace import Workspace; "
            "bad = [m for m in ('streamlit', 'click', 'torch') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_cli_help_is_instant_without_heavy_imports():
    code = ("import sys; from click.testing import CliRunner; from factcheck.cli import main; "
            "r = CliRunner().invoke(main, ['--help']); assert r.exit_code == 0, r.output; "
            "print(','.join(m for m in ('torch', 'sentence_transformers', 'faiss', 'streamlit') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
