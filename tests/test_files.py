from __future__ import annotations

import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from refgraph.errors import OutputIsInputError, UnreadableInputError
from refgraph.files import (
    atomic_write,
    decode,
    decode_bytes,
    read_input,
    refuse_overwriting_inputs,
)


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


# --------------------------------------------------------------------------- modes, owners, links


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_a_new_file_gets_the_users_umask(tmp_path: Path, mask: int, expected: int) -> None:
    old = os.umask(mask)
    try:
        atomic_write(tmp_path / "bibliography.html", "<p>x</p>")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "bibliography.html") == expected


def test_a_rewritten_file_and_its_backup_keep_the_mode(tmp_path: Path, umask_022: None) -> None:
    target = tmp_path / "lib.bib"
    target.write_text("old")
    target.chmod(0o664)
    atomic_write(target, "new", backup=True)
    assert target.read_text() == "new" and _mode(target) == 0o664
    bak = tmp_path / "lib.bib.bak"
    assert bak.read_text() == "old" and _mode(bak) == 0o664
    target.chmod(0o640)
    atomic_write(target, "newer", backup=True)  # an existing .bak takes the new original's mode
    assert _mode(target) == 0o640 and _mode(bak) == 0o640 and bak.read_text() == "new"


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's owner needs root")
def test_a_rewritten_file_keeps_its_owner_and_group(tmp_path: Path) -> None:
    target = tmp_path / "lib.bib"
    target.write_text("old")
    os.chown(target, 1234, 5678)
    atomic_write(target, "new", backup=True)
    assert (target.stat().st_uid, target.stat().st_gid) == (1234, 5678)
    bak = (tmp_path / "lib.bib.bak").stat()
    assert (bak.st_uid, bak.st_gid) == (1234, 5678)


def test_a_symlink_stays_a_link_and_its_target_is_rewritten(tmp_path: Path) -> None:
    real = tmp_path / "data" / "lib.bib"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o660)
    link = tmp_path / "lib.bib"
    link.symlink_to(Path("data") / "lib.bib")
    atomic_write(link, "new", backup=True)
    assert link.is_symlink() and os.readlink(link) == str(Path("data") / "lib.bib")
    assert real.read_text() == "new" and _mode(real) == 0o660
    assert (tmp_path / "lib.bib.bak").read_text() == "old"  # beside the name the user gave


def test_temporary_files_of_dead_processes_are_removed_on_the_next_write(tmp_path: Path) -> None:
    pid = _dead_pid()
    left = tmp_path / f".lib.bib.{pid}.abc123.tmp"
    left.write_text("half a fi")
    alive = tmp_path / f".lib.bib.{os.getppid()}.def456.tmp"  # a live writer's: kept
    alive.write_text("in progress")
    other = tmp_path / f".other.bib.{pid}.x.tmp"  # another file's: not ours to judge now
    other.write_text("x")
    atomic_write(tmp_path / "lib.bib", "whole")
    assert not left.exists() and alive.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".lib")) == [alive.name]


def test_a_named_pipe_or_device_is_written_into_not_replaced(tmp_path: Path) -> None:
    """``-o /dev/null`` or ``-o /dev/stdout``: the rename of an atomic write put a regular
    file in place of the device (as root) or failed to make its temporary file in /dev."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader waiting: no block
    try:
        atomic_write(fifo, "whole\n")
        assert os.read(reader, 100) == b"whole\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]
    link = tmp_path / "stdout"  # as /dev/stdout: a link to the pipe
    link.symlink_to(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic_write(link, b"again")
        assert os.read(reader, 100) == b"again"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and link.is_symlink()


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


# --------------------------------------------------------------------------- mixed encodings


def test_a_mixed_file_is_decoded_line_by_line() -> None:
    raw = "Gökbuget N. Blood. 2016;1508–16.\n".encode() + "Müller A.\n".encode("cp1252") + (
        "Dombret H — Lancet.\n".encode()
    )
    decoded = decode(raw, "x.txt")
    assert decoded.text == "Gökbuget N. Blood. 2016;1508–16.\nMüller A.\nDombret H — Lancet.\n"
    assert (decoded.encoding, decoded.legacy_lines) == ("mixed", (2,))


def test_a_file_without_utf8_is_cp1252_throughout() -> None:
    decoded = decode("Gökbuget N\r\nMüller A\r\nplain\r\n".encode("cp1252"), "x.txt")
    assert decoded.text == "Gökbuget N\r\nMüller A\r\nplain\r\n"
    assert (decoded.encoding, decoded.legacy_lines) == ("cp1252", (1, 2))


# --------------------------------------------------------------------------- outputs on inputs


def test_an_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    lib = tmp_path / "lib.bib"
    lib.write_text("x")
    (tmp_path / "link.bib").symlink_to(lib)
    for out in (lib, tmp_path / "." / "lib.bib", tmp_path / "link.bib"):
        with pytest.raises(OutputIsInputError, match="refusing to overwrite the input"):
            refuse_overwriting_inputs([out], [lib])
    refuse_overwriting_inputs([tmp_path / "out.bib", "-"], [lib, "-"])  # fine


def test_a_file_in_the_way_of_the_output_folder_is_said_so(tmp_path: Path) -> None:
    """mkdir's own words were "File exists", of a folder the user never named."""
    from refgraph.errors import StoreError

    (tmp_path / "out.bib").write_text("a file")
    for target in (tmp_path / "out.bib" / "x.bib", tmp_path / "out.bib" / "sub" / "x.bib"):
        with pytest.raises(StoreError, match="a file is in the way of its folder"):
            atomic_write(target, "x")
