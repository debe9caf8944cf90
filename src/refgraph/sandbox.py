"""The template sandbox with limits: hostile templates end in a one-line message.

Jinja's :class:`~jinja2.sandbox.SandboxedEnvironment` already blocks unsafe attributes and
caps ``range()``; :class:`LimitedSandbox` also bounds what a template can spend
(:class:`RenderLimits`):

- **time**: every attribute, item, call and intercepted operator checks a deadline; in the
  main thread a timer also interrupts loops that call nothing;
- **size**: ``*`` and ``**`` are refused before they would build a string or list longer than
  ``string_chars``/``items`` or a number wider than ``power_bits``; a call, attribute or
  item that yields such a value is refused too, so doubling a string through a macro or a
  ``namespace`` stops early; the rendered output is streamed and capped at ``output_chars``;
- recursion, memory and overflow errors become :class:`~refgraph.errors.TemplateError` in
  :func:`refgraph.render.render`.

Every limit breach raises :class:`TemplateLimitError`, a Jinja ``SecurityError``.
"""

from __future__ import annotations

import contextlib
import functools
import re
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

__all__ = ["LimitedSandbox", "RenderLimits", "TemplateLimitError", "stream_limited"]


@dataclass(frozen=True, slots=True)
class RenderLimits:
    """What one rendering may spend."""

    seconds: float = 60.0
    output_chars: int = 200_000_000
    string_chars: int = 20_000_000
    items: int = 2_000_000
    power_bits: int = 10_000


class TemplateLimitError(SecurityError):
    """A template went past one of the :class:`RenderLimits`."""


_SIZED = (str, list, tuple, dict, set, frozenset)
_CHECK_EVERY = 256  # calls between two looks at the clock


class LimitedSandbox(SandboxedEnvironment):
    """A sandboxed environment that enforces :class:`RenderLimits` (see the module doc)."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, limits: RenderLimits | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = limits or RenderLimits()
        self._deadline = float("inf")
        self._ticks = 0
        for name in _WIDTH_FILTERS:  # filters are called directly, not through call()
            if name in self.filters:
                self.filters[name] = self._bounded(self.filters[name])

    def _bounded(self, func: Any) -> Any:
        @functools.wraps(func)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            self._check_widths(args, kwargs, func)
            return func(*args, **kwargs)

        return bounded

    def _check_widths(self, args: Iterable[Any], kwargs: dict[str, Any], func: Any) -> None:
        """Refuse a width, count or format spec that would build an outsized string."""
        for value in (*args, *kwargs.values()):
            if _is_int(value) and abs(value) > self.limits.string_chars and _builds_text(func):
                raise TemplateLimitError(f"{value:,} is too wide a width or count")
            if isinstance(value, str) and _WIDE_SPEC.search(value) and _formats(func):
                raise TemplateLimitError("a format width of more than seven digits")

    # -- limits ------------------------------------------------------------------------------

    def start_clock(self) -> None:
        """Start the time budget of one rendering."""
        self._deadline = time.monotonic() + self.limits.seconds
        self._ticks = 0

    def _tick(self) -> None:
        self._ticks += 1
        if self._ticks % _CHECK_EVERY == 0 and time.monotonic() > self._deadline:
            raise TemplateLimitError(f"took longer than {self.limits.seconds:g} s")

    def _check_size(self, value: Any) -> Any:
        if isinstance(value, _SIZED):
            size, cap, what = len(value), self.limits.items, "items"
            if isinstance(value, str):
                cap, what = self.limits.string_chars, "characters"
            if size > cap:
                raise TemplateLimitError(f"a value of {size:,} {what} (more than {cap:,})")
        return value

    # -- hooks the sandbox calls ---------------------------------------------------------------

    def getattr(self, obj: Any, attribute: str) -> Any:
        self._tick()
        return self._check_size(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        self._tick()
        return self._check_size(super().getitem(obj, argument))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self._tick()
        for value in (*args, *kwargs.values()):
            __self._check_size(value)
        __self._check_widths(args, kwargs, __obj)
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, str) and _WIDE_SPEC.search(owner) and _formats(__obj):
            raise TemplateLimitError("a format width of more than seven digits")
        return __self._check_size(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self._tick()
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, _SIZED) and isinstance(times, int) and times > 0:
                    self._check_size_of(len(seq) * times, seq)
        elif operator == "%" and isinstance(left, str) and _WIDE_SPEC.search(left):
            raise TemplateLimitError("a format width of more than seven digits")
        elif operator == "**" and _is_int(left) and _is_int(right) and right > 0:
            bits = max(abs(left).bit_length() - 1, 0) * right
            if bits > self.limits.power_bits:
                raise TemplateLimitError(f"a number of about {bits:,} bits")
        return self._check_size(super().call_binop(context, operator, left, right))

    def _check_size_of(self, size: int, like: Any) -> None:
        text = isinstance(like, str)
        cap = self.limits.string_chars if text else self.limits.items
        if size > cap:
            what = "characters" if text else "items"
            raise TemplateLimitError(f"a value of {size:,} {what} (more than {cap:,})")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


#: Jinja filters whose int argument is a width (they are wrapped at start).
_WIDTH_FILTERS = ("center", "indent", "format", "wordwrap", "truncate")
#: A ``%`` or ``{:...}`` format spec with an eight-digit (or wider) width or precision.
_WIDE_SPEC = re.compile(r"(?:%|\{[^{}]*:)[^%{}a-zA-Z]*?\d{8,}")


def _name(func: Any) -> str:
    return str(getattr(getattr(func, "__wrapped__", func), "__name__", ""))


def _builds_text(func: Any) -> bool:
    """A str method or filter whose int argument is a width or a count (``center(10**9)``)."""
    return _name(func) in {
        "center", "ljust", "rjust", "zfill", "expandtabs", "indent", "do_indent", "do_center",
        "wordwrap", "do_wordwrap",
    }  # fmt: skip


def _formats(func: Any) -> bool:
    return _name(func) in {"format", "format_map", "do_format"}


def stream_limited(chunks: Iterable[str], env: LimitedSandbox) -> str:
    """Join rendered ``chunks``, refusing output longer than the environment's limit."""
    cap = env.limits.output_chars
    out: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > cap:
            raise TemplateLimitError(f"output longer than {cap:,} characters")
        out.append(chunk)
    return "".join(out)


@contextlib.contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` with :class:`TemplateLimitError` (main thread).

    Outside the main thread (no signals there) nothing is armed: the sandbox's own clock
    checks still apply. A timer and handler set by someone else are restored afterwards.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise TemplateLimitError(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if old_delay:
            signal.setitimer(signal.ITIMER_REAL, old_delay, old_interval)
