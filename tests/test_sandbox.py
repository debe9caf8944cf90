"""Hostile user templates end in a one-line TemplateError, fast and without a memory spike."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from refgraph.errors import TemplateError
from refgraph.model import Author, Reference
from refgraph.render import render
from refgraph.sandbox import RenderLimits

REFS = [Reference(key="Lamb2017", pmid="28819740", authors=(Author(last="Lamb", initials="YN"),),
                  title="Inotuzumab ozogamicin: first global approval", journal="Drugs",
                  year="2017", volume="77", pages="1603-1610")]  # fmt: skip

HOSTILE = {
    "power": ("{{ 2 ** 100000000 }}", "bits"),
    "huge-int": ("{% set n = 2 ** 9000 %}{{ n * n * n * n }}", "ValueError"),
    "bad-int": ("{{ 'x' | int + [] }}", "TypeError"),
    "power-float": ("{{ 10.0 ** 100000 }}", "too large"),
    "string-repeat": ("{{ 'x' * 10 ** 10 }}", "characters"),
    "list-repeat": ("{{ ([0] * 10 ** 9) | length }}", "items"),
    "macro-recursion": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "recursion"),
    "macro-doubling": (
        "{% macro d(s, n) %}{{ d(s ~ s, n - 1) if n else s|length }}{% endmacro %}"
        "{{ d('ab', 60) }}",
        "characters",
    ),
    "namespace-doubling": (
        "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s | length }}",
        "characters",
    ),
    "list-extend": (
        "{% set l = [1] %}{% for i in range(100) %}{% do l.extend(l) %}{% endfor %}{{ l|length }}",
        "items",
    ),
    "nested-loops": (
        "{% set r = range(99999) %}{% for i in r %}{% for j in r %}{% for k in r %}"
        "{% endfor %}{% endfor %}{% endfor %}",
        "took longer",
    ),
    "output-flood": (
        "{% for i in range(99999) %}{% for j in range(99999) %}{{ 'x' * 5000 }}{% endfor %}"
        "{% endfor %}",
        "output longer",
    ),
    "center": ("{{ 'x' | center(10 ** 10) }}", "too wide"),
    "indent": ("{{ 'a\nb' | indent(10 ** 10) }}", "too wide"),
    "format-filter": ("{{ '%0999999999d' | format(1) }}", "format width"),
    "format-operator": ("{{ '%0999999999d' % 1 }}", "format width"),
    "str-format": ("{{ '{:>9999999999}'.format(1) }}", "format width"),
    "str-method": ("{{ 'x'.rjust(10 ** 10) }}", "too wide"),
    "self-include": ("{% include 'evil.txt.j2' %}", "recursion"),
    "unsafe-attribute": ("{{ ''.__class__.__mro__ }}", "sandbox"),
}


@pytest.mark.fuzz
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_template_ends_in_a_one_line_message(tmp_path: Path, name: str) -> None:
    body, expected = HOSTILE[name]
    (tmp_path / "evil.txt.j2").write_text(body, encoding="utf-8")
    # only the loop that builds nothing meets the clock; every other attack must be stopped
    # by its own limit long before a clock that load on a shared machine could run out
    seconds = 2.0 if expected == "took longer" else 60.0
    limits = RenderLimits(seconds=seconds, output_chars=50_000_000)
    started = time.monotonic()
    with pytest.raises(TemplateError) as info:
        render(REFS, str(tmp_path / "evil.txt.j2"), limits=limits)
    message = str(info.value)
    assert expected in message and "\n" not in message
    assert message.startswith("evil.txt.j2")
    assert time.monotonic() - started < 60


def test_limits_leave_ordinary_templates_alone(tmp_path: Path) -> None:
    (tmp_path / "ok.txt.j2").write_text(
        "{% for e in entries %}{{ e.ref.title | center(60) }} {{ '%05d' % e.number }}"
        "{{ ('-' * 3) }}{{ 2 ** 10 }}{% endfor %}\n",
        encoding="utf-8",
    )
    out = render(REFS, str(tmp_path / "ok.txt.j2"), limits=RenderLimits(seconds=3.0))
    assert "Inotuzumab ozogamicin: first global approval" in out and "00001---1024" in out
