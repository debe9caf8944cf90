"""Files on disk: atomic writes that keep what the user set up, safe reads (I/O helpers).

**Writing** (:func:`atomic_write`): a temporary file in the target's folder, fsync, rename,
fsync of the folder, so a crash at any moment leaves the old file or the new one, whole.

- A new file gets the user's umask (``0644`` under the usual ``022``), not ``mkstemp``'s
  ``0600``; a file rewritten keeps its mode, and its owner and group where the process may
  set them; a symbolic link stays a link (its target is rewritten).
- A device or named pipe (``-o /dev/stdout``, ``/dev/null``) is written into as it is.
- ``backup=True`` first copies the old file to ``NAME.bak``, with the old file's mode.
- Temporary files are named ``.NAME.<pid>.<random>.tmp``; one whose process is gone (a
  crash, ``kill -9``) is removed by the next write to the same file.
- :func:`refuse_overwriting_inputs`: an output that is one of the inputs is refused (only
  explicit in-place edits, ``enrich --in-place`` and ``check --fix``, rewrite an input).

**Reading** (:func:`read_input`, :func:`decode`): UTF-8 (a BOM dropped), UTF-16 or UTF-32
with a BOM; a file that is not valid UTF-8 is decoded line by line: UTF-8 lines stay UTF-8,
the others are read as Windows-1252 (what reference managers export on Windows) and their
line numbers are returned so the caller can report them. Binary data is refused.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from refgraph.errors import OutputIsInputError, StoreError, UnreadableInputError

__all__ = [
    "Decoded",
    "atomic_write",
    "decode",
    "decode_bytes",
    "read_bytes",
    "read_decoded",
    "read_input",
    "read_stream",
    "read_text",
    "refuse_overwriting_inputs",
]

#: Largest input refgraph reads (a guard against runaway memory, not a format limit).
MAX_INPUT_BYTES = 512 * 1024 * 1024


# --------------------------------------------------------------------------- writing


def _umask() -> int:
    """The process umask, read without changing it where Linux tells it (/proc)."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # elsewhere: the classic dance (briefly process-wide)
    os.umask(mask)
    return mask


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: someone else's live process
        return True
    return True


def _remove_stale_temps(target: Path) -> None:
    """Remove ``.NAME.<pid>.*.tmp`` files of ``target`` left by processes that are gone."""
    prefix = f".{target.name}."
    with contextlib.suppress(OSError), os.scandir(target.parent) as entries:
        for entry in entries:
            name = entry.name
            if not (name.startswith(prefix) and name.endswith(".tmp")):
                continue
            pid = name[len(prefix) :].split(".", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_replacing(real: Path, raw: bytes, old: os.stat_result | None) -> None:
    _remove_stale_temps(real)
    fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.{os.getpid()}.", suffix=".tmp",
                               dir=real.parent)  # fmt: skip
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            if old is not None:
                with contextlib.suppress(OSError):  # only root (or the owner's group) may
                    os.fchown(handle.fileno(), old.st_uid, old.st_gid)
            mode = stat.S_IMODE(old.st_mode) if old is not None else 0o666 & ~_umask()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StoreError(f"{real}: cannot write: {exc.strerror or exc}") from exc
    _fsync_dir(real.parent)


def _special(path: Path) -> bool:
    """Whether ``path`` (links followed: ``/dev/stdout`` names a pipe) is a device or pipe."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _write_through(real: Path, raw: bytes) -> None:
    """Write ``raw`` into a device or named pipe as it is: renaming a temporary file over
    it would put a regular file in place of ``/dev/null`` (or fail in ``/dev``)."""
    try:
        with open(real, "wb") as handle:
            handle.write(raw)
    except OSError as exc:
        raise StoreError(f"{real}: cannot write: {exc.strerror or exc}") from exc


def atomic_write(path: str | os.PathLike[str], data: str | bytes, *, backup: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically, keeping mode, owner and symlink (module doc).

    With ``backup``, an existing file is first copied to ``path + ".bak"`` (atomically, with
    the original's mode). Returns ``path``.
    """
    target = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if _special(target):
        _write_through(target, raw)
        return target
    real = Path(os.path.realpath(target)) if target.is_symlink() else target
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        old = real.stat() if real.exists() else None
    except (FileExistsError, NotADirectoryError):  # mkdir says "File exists" of a file
        raise StoreError(f"{target}: cannot write: a file is in the way of its folder") from None
    except OSError as exc:
        raise StoreError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    if backup and old is not None:  # the copy gets the original's mode and owner
        _write_replacing(target.with_name(target.name + ".bak"), real.read_bytes(), old)
    _write_replacing(real, raw, old)
    return target


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they would be
        return Path(os.path.realpath(a)) == Path(os.path.realpath(b))


def refuse_overwriting_inputs(
    outputs: Iterable[str | os.PathLike[str]],
    inputs: Iterable[str | os.PathLike[str]],
    hint: str = "",
) -> None:
    """Raise :class:`OutputIsInputError` when an output would overwrite one of the inputs.

    ``-`` (standard input or output) is never a file here. Links and relative paths are
    resolved, so ``./refs/a.bib`` and a symlink to it are the same file.
    """
    files = [Path(p) for p in inputs if str(p) != "-"]
    for out in outputs:
        if str(out) == "-":
            continue
        for given in files:
            if _same_file(Path(out), given):
                raise OutputIsInputError(
                    f"{out}: refusing to overwrite the input {given}; write the output "
                    f"elsewhere{hint}"
                )


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded input text: ``encoding`` is ``utf-8``, ``utf-16``, ``utf-32``, ``cp1252`` (no
    line was UTF-8 beyond ASCII) or ``mixed``; ``legacy_lines`` are the 1-based lines read as
    cp1252."""

    text: str
    encoding: str
    legacy_lines: tuple[int, ...] = ()


_LINE = re.compile(rb"[^\n]*\n|[^\n]+")


def decode(raw: bytes, name: str = "<input>") -> Decoded:
    """Decode input bytes (see the module doc); refuse binary data."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # before UTF-16's
        try:
            return Decoded(raw.decode("utf-32"), "utf-32")
        except UnicodeDecodeError as exc:
            raise UnreadableInputError(f"{name}: undecodable UTF-32 data") from exc
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return Decoded(raw.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise UnreadableInputError(f"{name}: undecodable UTF-16 data") from exc
    if b"\x00" in raw[:65536]:
        text = _utf16_without_bom(raw)
        if text is None or _controls(text) > 8:
            raise UnreadableInputError(f"{name}: binary data, not a text reference list")
        return Decoded(text, "utf-16")
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    parts: list[str] = []
    legacy: list[int] = []
    utf8_beyond_ascii = False
    for number, match in enumerate(_LINE.finditer(raw), 1):
        line = match.group(0)
        try:
            parts.append(line.decode("utf-8"))
            utf8_beyond_ascii = utf8_beyond_ascii or not line.isascii()
        except UnicodeDecodeError:
            try:
                parts.append(line.decode("cp1252"))
            except UnicodeDecodeError as exc:  # the five bytes cp1252 leaves undefined
                raise UnreadableInputError(f"{name}:{number}: not UTF-8 text") from exc
            legacy.append(number)
    text = "".join(parts)
    if _controls(text) > 8:
        raise UnreadableInputError(f"{name}: binary data, not a text reference list")
    return Decoded(text, "mixed" if utf8_beyond_ascii else "cp1252", tuple(legacy))


def _controls(text: str) -> int:
    """Control characters other than whitespace near the start of ``text`` (binary data
    decodes into many)."""
    return sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\r\n\f")


def _utf16_without_bom(raw: bytes) -> str | None:
    """``raw`` decoded as UTF-16 when it looks like it though it has no byte-order mark
    (Windows "Unicode" text saved by some tools): in mostly-Latin text every other byte is
    zero, the high byte of each character. ``None`` when it does not look so or does not
    decode.

    >>> _utf16_without_bom("PMID: 1".encode("utf-16-le"))
    'PMID: 1'
    >>> _utf16_without_bom(b"\\x00\\x00\\x01\\x02") is None
    True
    """
    if len(raw) % 2:
        return None
    sample = raw[:65536]
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.3 * half and even == 0:
        codec = "utf-16-le"
    elif even > 0.3 * half and odd == 0:
        codec = "utf-16-be"
    else:
        return None
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


def decode_bytes(raw: bytes, name: str = "<input>") -> tuple[str, str]:
    """:func:`decode`, as ``(text, encoding)``."""
    decoded = decode(raw, name)
    return decoded.text, decoded.encoding


def read_decoded(path: str | os.PathLike[str]) -> Decoded:
    """Read and :func:`decode` a text input file."""
    return decode(read_bytes(path), str(Path(path)))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read an input file's bytes (at most :data:`MAX_INPUT_BYTES`, pipes included);
    unreadable files raise :class:`UnreadableInputError` with the reason."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_INPUT_BYTES:  # a regular file: refused before reading
            raise UnreadableInputError(f"{p}: file is larger than {MAX_INPUT_BYTES >> 20} MB")
        with p.open("rb") as handle:
            return read_stream(handle, str(p))
    except IsADirectoryError as exc:
        raise UnreadableInputError(f"{p}: is a directory") from exc
    except FileNotFoundError as exc:
        raise UnreadableInputError(f"{p}: no such file") from exc
    except OSError as exc:
        raise UnreadableInputError(f"{p}: cannot read: {exc.strerror or exc}") from exc


def read_stream(stream: BinaryIO, name: str) -> bytes:
    """Read a stream to its end, at most :data:`MAX_INPUT_BYTES` (a pipe or standard input
    has no size to check first)."""
    raw = stream.read(MAX_INPUT_BYTES + 1)
    if len(raw) > MAX_INPUT_BYTES:
        raise UnreadableInputError(f"{name}: input is larger than {MAX_INPUT_BYTES >> 20} MB")
    return raw


def read_input(path: str | os.PathLike[str]) -> tuple[str, str]:
    """Read a text input; return ``(text, encoding)`` (see :func:`read_decoded`)."""
    decoded = read_decoded(path)
    return decoded.text, decoded.encoding


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a text input; see :func:`read_input`."""
    return read_input(path)[0]
