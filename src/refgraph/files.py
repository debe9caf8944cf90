"""Files on disk: atomic writes, safe reads (pure helpers around the filesystem)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from refgraph.errors import StoreError, UnreadableInputError

__all__ = ["atomic_write", "decode_bytes", "read_bytes", "read_input", "read_text"]

#: Largest input refgraph reads (a guard against runaway memory, not a format limit).
MAX_INPUT_BYTES = 512 * 1024 * 1024


def atomic_write(path: str | os.PathLike[str], data: str | bytes, *, backup: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically: a temp file in the same folder, fsync, rename.

    A crash at any moment leaves either the old file or the new one, never a mix. With
    ``backup``, an existing file is first copied to ``path + ".bak"`` (also atomically).
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if backup and target.exists():
        atomic_write(target.with_name(target.name + ".bak"), target.read_bytes())
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StoreError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    return target


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a text input; see :func:`read_input`."""
    return read_input(path)[0]


def read_input(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Read a text input as UTF-8 (BOM dropped); return ``(text, encoding)``.

    Latin-1 / Windows-1252 files that are not valid UTF-8 are decoded as cp1252 (that is
    what reference-manager exports on Windows use), never silently mangled: the caller
    gets text, and only truly binary data (NUL bytes, undecodable) is refused.
    """
    return decode_bytes(read_bytes(path), str(Path(path)))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read an input file's bytes (size-guarded); unreadable files raise
    :class:`UnreadableInputError` with the reason."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise UnreadableInputError(f"{p}: file is larger than {MAX_INPUT_BYTES >> 20} MB")
        raw = p.read_bytes()
    except IsADirectoryError as exc:
        raise UnreadableInputError(f"{p}: is a directory") from exc
    except FileNotFoundError as exc:
        raise UnreadableInputError(f"{p}: no such file") from exc
    except OSError as exc:
        raise UnreadableInputError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    return raw


def decode_bytes(raw: bytes, name: str = "<input>") -> tuple[str, str]:
    """Decode input bytes as :func:`read_input` does; return ``(text, encoding)``.

    Callers report an encoding other than ``utf-8`` as a diagnostic.
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UnreadableInputError(f"{name}: undecodable UTF-16 data") from exc
    if b"\x00" in raw[:65536]:
        raise UnreadableInputError(f"{name}: binary data, not a text reference list")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise UnreadableInputError(f"{name}: not UTF-8 text") from exc
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > 8:
        raise UnreadableInputError(f"{name}: binary data, not a text reference list")
    return text, "cp1252"
