"""Libraries' own log lines silenced while refgraph reports what they found (pure glue).

bibtexparser logs every block it cannot read and pypdf every repair it makes to a damaged
file ("invalid pdf header", "EOF marker not found"); refgraph says the same once, as a
diagnostic or a refusal with the file's name, so their lines would only be noise on stderr.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

__all__ = ["quiet"]


@contextlib.contextmanager
def quiet(*names: str) -> Iterator[None]:
    """Silence the loggers ``names`` and their children (pypdf logs from ``pypdf._reader``
    and the like, whose level is their parent's) for the ``with`` block."""
    loggers = [logging.getLogger(name) for name in names]
    previous = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, previous, strict=True):
            logger.setLevel(level)
