"""Settings: defaults, config.json, environment overrides, clear errors, documented in README."""

from __future__ import annotations

import json
import re

import pytest

from factcheck.config import SETTINGS, load_settings
from factcheck.errors import InputError
from tests.conftest import REPO


def test_defaults_without_config(tmp_path):
    settings = load_settings(tmp_path, environ={})
    assert settings.match_same_precision == pytest.approx(0.95)
    assert settings.server_address == "127.0.0.1"


def test_config_file_and_environment_override(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"sources_k": 9, "providers": ["wikipedia"]}))
    settings = load_settings(tmp_path, environ={"FACTCHECK_SOURCES_K": "3",
                                                "FACTCHECK_FETCH_ALLOWLIST": "127.0.0.1, ::1"})
    assert settings.sources_k == 3
    assert settings.providers == ["wikipedia"]
    assert settings.fetch_allowlist == ["127.0.0.1", "::1"]


def test_unknown_setting_names_the_known_ones(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"sorces_k": 9}))
    with pytest.raises(InputError, match=r"unknown setting .sorces_k.*sources_k"):
        load_settings(tmp_path, environ={})


def test_bad_value_and_bad_json_are_clear(tmp_path):
    with pytest.raises(InputError, match="sources_k"):
        load_settings(tmp_path, environ={"FACTCHECK_SOURCES_K": "many"})
    (tmp_path / "config.json").write_text("{not json")
    with pytest.raises(InputError, match="not valid JSON"):
        load_settings(tmp_path, environ={})


def test_every_setting_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9_]+)` \|", readme, flags=re.M))
    assert documented == {s.name for s in SETTINGS}


def test_a_retired_setting_says_what_replaced_it(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"match_same_threshold": 0.8}))
    with pytest.raises(InputError, match="match_same_precision"):
        load_settings(tmp_path, environ={})


def test_the_typed_settings_agree_with_the_table():
    """One typed field per row, in the table's order, typed like its default (mypy then catches a
    misspelt setting) and defaulting to it."""
    import dataclasses
    import typing

    from factcheck.config import Settings

    fields = dataclasses.fields(Settings)
    assert [f.name for f in fields] == [s.name for s in SETTINGS]
    hints = typing.get_type_hints(Settings)
    defaults = Settings()
    for setting in SETTINGS:
        kind = type(setting.default)
        assert typing.get_origin(hints[setting.name]) is list if kind is list else hints[setting.name] is kind, setting.name
        assert getattr(defaults, setting.name) == setting.default, setting.name


def test_settings_are_frozen_and_overrides_are_checked(tmp_path):
    from factcheck.config import Settings

    settings = Settings().with_overrides(sources_k="7")
    assert settings.sources_k == 7 and Settings().sources_k == 5
    with pytest.raises(AttributeError):
        settings.sources_k = 3  # type: ignore[misc]
    with pytest.raises(InputError, match="unknown setting"):
        settings.with_overrides(sorces_k=1)
