from __future__ import annotations

from pathlib import Path

import pytest

from refgraph.errors import UnreadableInputError
from refgraph.files import atomic_write, decode_bytes, read_input


def test_atomic_write_replaces_and_keeps_backup(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.bib"
    atomic_write(target, "old")
    atomic_write(target, "new", backup=True)
    assert target.read_text() == "new"
    assert (tmp_path / "out" / "a.bib.bak").read_text() == "old"
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_utf8_bom_and_latin1_inputs(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfG\xc3\xb6kbuget")
    assert read_input(tmp_path / "bom.txt") == ("Gökbuget", "utf-8")
    (tmp_path / "latin1.txt").write_bytes("Gökbuget N".encode("latin-1"))
    assert read_input(tmp_path / "latin1.txt") == ("Gökbuget N", "cp1252")


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary", bytes(range(256)) * 4])
def test_binary_data_is_refused_with_a_clear_message(data: bytes) -> None:
    with pytest.raises(UnreadableInputError, match="binary"):
        decode_bytes(data, "x.bin")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInputError, match="no such file"):
        read_input(tmp_path / "nope.txt")
    with pytest.raises(UnreadableInputError, match="directory"):
        read_input(tmp_path)
