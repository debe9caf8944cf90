from __future__ import annotations

from pathlib import Path

import pytest

from refgraph.config import DEFAULT_EUTILS_URL, resolve_settings
from refgraph.errors import ConfigError


def test_defaults_point_at_ncbi(tmp_path: Path) -> None:
    s = resolve_settings(environ={}, cwd=tmp_path)
    assert s.eutils_url == DEFAULT_EUTILS_URL
    assert s.rate_limit == 3.0


def test_precedence_pyproject_env_flags(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.refgraph]\nemail = "a@x.org"\nbatch-size = 100\n'
    )
    env = {"REFGRAPH_EMAIL": "b@x.org", "NCBI_API_KEY": "secret",
           "REFGRAPH_EUTILS_URL": "http://127.0.0.1:9/entrez/eutils"}
    s = resolve_settings({"batch_size": 50, "email": None}, environ=env, cwd=tmp_path)
    assert s.email == "b@x.org"  # env beats pyproject; None flag means unset
    assert s.batch_size == 50  # flag beats pyproject
    assert s.eutils_url.endswith("/eutils/")
    assert s.rate_limit == 10.0
    assert "secret" not in repr(s)  # the key never shows in logs of the settings


def test_api_key_in_pyproject_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.refgraph]\napi_key = "oops"\n')
    with pytest.raises(ConfigError, match="NCBI_API_KEY"):
        resolve_settings(environ={}, cwd=tmp_path)


def test_bad_url_and_batch_size(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        resolve_settings({"eutils_url": "ftp://x"}, environ={}, cwd=tmp_path)
    with pytest.raises(ConfigError):
        resolve_settings({"batch_size": 0}, environ={}, cwd=tmp_path)


@pytest.mark.parametrize(("line", "hint"), [
    ("ofline = true", "did you mean 'offline'?"),
    ("batchsize = 10", "did you mean 'batch_size'?"),
    ("template_dir = ['t']", "did you mean 'template_dirs'?"),
    ("max-tryes = 3", "did you mean 'max-tries'?"),
    ("colour = 'red'", "known keys: batch_size, cache_path"),
])  # fmt: skip
def test_unknown_pyproject_key_is_an_error_with_a_suggestion(
    tmp_path: Path, line: str, hint: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.refgraph]\n{line}\n")
    with pytest.raises(ConfigError, match="unknown key") as info:
        resolve_settings(environ={}, cwd=tmp_path)
    assert hint in str(info.value) and str(tmp_path / "pyproject.toml") in str(info.value)


@pytest.mark.parametrize("line", [
    'offline = "yes"', "batch-size = 1.5", "batch-size = true", 'template-dirs = "t"',
    "snapshot-dirs = [1]",
])  # fmt: skip
def test_pyproject_values_of_the_wrong_type_are_errors(tmp_path: Path, line: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.refgraph]\n{line}\n")
    with pytest.raises(ConfigError, match="must be a"):
        resolve_settings(environ={}, cwd=tmp_path)


def test_known_pyproject_keys_in_either_spelling(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.refgraph]\noffline = true\nmax_age_days = 7\ntemplate-dirs = ['t']\n"
    )
    s = resolve_settings(environ={}, cwd=tmp_path)
    assert s.offline and s.max_age_days == 7 and s.template_dirs == (Path("t"),)


def test_broken_pyproject_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.refgraph\noffline = true\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        resolve_settings(environ={}, cwd=tmp_path)
