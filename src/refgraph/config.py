"""Settings, resolved once by the CLI and passed down explicitly.

Precedence, lowest to highest: defaults, ``[tool.refgraph]`` in ``./pyproject.toml``,
environment (``NCBI_API_KEY``, ``REFGRAPH_EMAIL``, ``REFGRAPH_CACHE``, ``REFGRAPH_EUTILS_URL``),
then command-line flags. Library code never reads the environment itself.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from refgraph.errors import ConfigError

__all__ = ["DEFAULT_EUTILS_URL", "Settings", "default_cache_path", "resolve_settings"]

DEFAULT_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
TOOL_NAME = "refgraph"


def default_cache_path() -> Path:
    """The per-user cache file (``~/.cache/refgraph/pubmed.sqlite`` on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("refgraph", appauthor=False)) / "pubmed.sqlite"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the library needs to know about the user's environment."""

    eutils_url: str = DEFAULT_EUTILS_URL
    api_key: str = field(default="", repr=False)
    email: str = ""
    tool: str = TOOL_NAME
    cache_path: Path | None = None
    offline: bool = False
    refresh: bool = False
    max_age_days: float | None = None
    batch_size: int = 200
    timeout: float = 30.0
    max_tries: int = 6
    template_dirs: tuple[Path, ...] = ()
    snapshot_dirs: tuple[Path, ...] = ()

    @property
    def rate_limit(self) -> float:
        """Requests per second NCBI allows: 10 with an API key, 3 without."""
        return 10.0 if self.api_key else 3.0

    def resolved_cache_path(self) -> Path:
        return self.cache_path or default_cache_path()


_ENV = {
    "NCBI_API_KEY": "api_key",
    "REFGRAPH_EMAIL": "email",
    "REFGRAPH_CACHE": "cache_path",
    "REFGRAPH_EUTILS_URL": "eutils_url",
}


def _pyproject_settings(start: Path) -> dict[str, Any]:
    path = start / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    section = data.get("tool", {}).get("refgraph", {})
    return section if isinstance(section, dict) else {}


def resolve_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Settings:
    """Build :class:`Settings` from pyproject, environment and overrides (``None`` = unset)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for key, value in _pyproject_settings(cwd or Path.cwd()).items():
        name = key.replace("-", "_")
        if name == "api_key":
            raise ConfigError("the NCBI API key belongs in the NCBI_API_KEY environment variable")
        if name in Settings.__dataclass_fields__:
            values[name] = value
    for var, name in _ENV.items():
        if env.get(var):
            values[name] = env[var]
    for name, value in (overrides or {}).items():
        if value is not None and value != ():
            values[name] = value
    if "cache_path" in values and values["cache_path"] is not None:
        values["cache_path"] = Path(values["cache_path"]).expanduser()
    for name in ("template_dirs", "snapshot_dirs"):
        if name in values:
            values[name] = tuple(Path(p).expanduser() for p in values[name])
    if "batch_size" in values:
        values["batch_size"] = int(values["batch_size"])
        if not 1 <= values["batch_size"] <= 10000:
            raise ConfigError("batch size must be between 1 and 10000")
    url = str(values.get("eutils_url", DEFAULT_EUTILS_URL))
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"E-utilities URL must start with http:// or https://: {url!r}")
    values["eutils_url"] = url if url.endswith("/") else url + "/"
    try:
        return replace(Settings(), **values)
    except TypeError as exc:  # pragma: no cover - defensive
        raise ConfigError(str(exc)) from exc
