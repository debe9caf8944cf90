"""Settings, resolved once by the CLI and passed down explicitly.

Precedence, lowest to highest: defaults, ``[tool.refgraph]`` in ``./pyproject.toml``,
environment (``NCBI_API_KEY``, ``REFGRAPH_EMAIL``, ``REFGRAPH_CACHE``, ``REFGRAPH_EUTILS_URL``,
``REFGRAPH_PUBMED_INDEX``),
then command-line flags. Library code never reads the environment itself.
"""

from __future__ import annotations

import difflib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from refgraph.errors import ConfigError

__all__ = [
    "DEFAULT_EUTILS_URL",
    "Settings",
    "default_cache_path",
    "default_rate_dir",
    "resolve_settings",
]

DEFAULT_EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
TOOL_NAME = "refgraph"


def default_cache_path() -> Path:
    """The per-user cache file (``~/.cache/refgraph/pubmed.sqlite`` on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("refgraph", appauthor=False)) / "pubmed.sqlite"


def default_rate_dir() -> Path:
    """Where the per-user rate-limit files live (``~/.cache/refgraph/ratelimit`` on Linux):
    every refgraph process of the user shares NCBI's budget through them."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("refgraph", appauthor=False)) / "ratelimit"


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
    timeout: float = 30.0  # seconds per request, connect and whole reply
    max_tries: int = 6
    patience: float = 45.0  # seconds without a usable reply before the run goes on without
    time_budget: float | None = None  # seconds for all network work of a run (None: no limit)
    rate_file: Path | None = None  # the shared rate-limit file (None: per user and host)
    template_dirs: tuple[Path, ...] = ()
    snapshot_dirs: tuple[Path, ...] = ()
    #: A local PubMed index (``refgraph pubmed index``) to read records from first.
    pubmed_index: Path | None = None

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
    "REFGRAPH_PUBMED_INDEX": "pubmed_index",
}


#: Settings ``[tool.refgraph]`` may not hold: the key lives only in the environment; the
#: tool name is refgraph's own.
_NOT_IN_PYPROJECT = {"api_key": "the NCBI API key belongs in the NCBI_API_KEY environment variable"}
_FIXED = {"tool"}
#: setting -> accepted TOML types (bool is not a number here)
_TOML_TYPES: dict[str, tuple[type, ...]] = {
    "eutils_url": (str,), "email": (str,), "cache_path": (str,), "offline": (bool,),
    "refresh": (bool,), "max_age_days": (int, float), "batch_size": (int,),
    "timeout": (int, float), "max_tries": (int,), "template_dirs": (list,),
    "snapshot_dirs": (list,),
}  # fmt: skip


def _pyproject_settings(start: Path) -> dict[str, Any]:
    """Read ``[tool.refgraph]``: every key must be a known setting of the right type."""
    path = start / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    section = data.get("tool", {}).get("refgraph", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.refgraph] must be a table")
    known = sorted(set(Settings.__dataclass_fields__) - _FIXED - set(_NOT_IN_PYPROJECT))
    values: dict[str, Any] = {}
    for key, value in section.items():
        name = key.replace("-", "_")
        if name in _NOT_IN_PYPROJECT:
            raise ConfigError(f"{path}: {_NOT_IN_PYPROJECT[name]}")
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            spelt = [c.replace("_", "-") if "-" in key else c for c in close]
            hint = f"did you mean {spelt[0]!r}? " if spelt else ""
            raise ConfigError(
                f"{path}: unknown key {key!r} in [tool.refgraph]; {hint}"
                f"known keys: {', '.join(known)}"
            )
        types = _TOML_TYPES.get(name, (object,))
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            wanted = " or ".join("list of paths" if t is list else t.__name__ for t in types)
            raise ConfigError(f"{path}: [tool.refgraph] {key} must be a {wanted}, not {value!r}")
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: [tool.refgraph] {key} must be a list of paths")
        values[name] = value
    return values


def resolve_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Settings:
    """Build :class:`Settings` from pyproject, environment and overrides (``None`` = unset)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    values.update(_pyproject_settings(cwd or Path.cwd()))
    for var, name in _ENV.items():
        if env.get(var):
            values[name] = env[var]
    for name, value in (overrides or {}).items():
        if value is not None and value != ():
            values[name] = value
    for name in ("cache_path", "pubmed_index"):
        if values.get(name) is not None:
            values[name] = Path(values[name]).expanduser()
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
