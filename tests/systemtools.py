"""System tools the tests drive (chromium, dot, pdflatex, bibtex, biber, pandoc): present, or
skip/fail with the fix.

On a user's machine a test whose tool is absent skips, saying which tool and the install
line. Under CI (``CI=true``, which ``.ci/run`` sets) the same absence is a failure: CI
installs every tool, so a missing one means the CI set-up broke.

:data:`APT_PACKAGES` is the one list of what the tests need from Debian: ``.ci/run``
installs exactly these packages and the README's ``apt-get`` line names exactly them
(``tests/test_readme.py`` holds both to it).
"""

from __future__ import annotations

import os
import shutil

import pytest

__all__ = ["APT_PACKAGES", "EXTRA_PACKAGES", "apt_line", "in_ci", "require_tools", "tool_path"]

#: Debian package of each tool (the install line printed when one is missing).
APT_PACKAGES = {
    "chromium": "chromium",
    "dot": "graphviz",
    "pdflatex": "texlive-latex-base",
    "bibtex": "texlive-binaries",
    "biber": "biber",
    "pandoc": "pandoc",
}
#: Packages the tests need that are no command: fonts for the browser tests' text metrics.
EXTRA_PACKAGES = ("fonts-dejavu-core",)
#: Other names a tool goes by (Debian and Ubuntu, other distributions).
_ALIASES = {"chromium": ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")}


def in_ci() -> bool:
    """True under ``CI=true`` (also ``1``/``yes``): a missing tool is then a failure."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def apt_line(packages: list[str] | None = None) -> str:
    """The install line for ``packages`` (default: everything the tests need)."""
    names = sorted({*APT_PACKAGES.values(), *EXTRA_PACKAGES}) if packages is None else packages
    return f"sudo apt-get install {' '.join(names)}"


def tool_path(tool: str) -> str | None:
    """The path of ``tool`` (or of another name it goes by), or None."""
    for name in _ALIASES.get(tool, (tool,)):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_tools(*tools: str) -> None:
    """Skip the calling test (fail it under ``CI=true``) unless every tool is on PATH."""
    missing = [tool for tool in tools if tool_path(tool) is None]
    if not missing:
        return
    packages = sorted({APT_PACKAGES.get(tool, tool) for tool in missing})
    message = f"{', '.join(missing)} not installed; install with: {apt_line(packages)}"
    if in_ci():
        pytest.fail(f"CI=true: {message}")
    pytest.skip(message)
