"""Run every benchmark module, print one table, save ``benchmarks/results.json``.

Usage: ``python -m benchmarks [--quick] [--only AREA ...] [--output PATH]``
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _modules(only: list[str]) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if only:
        names = [n for n in names if any(o in n for o in only)]
    return names


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if value < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)


def markdown(results: dict[str, object]) -> str:
    """Return the rows of a saved ``results.json`` as a Markdown table (for the README)."""
    lines = [
        "| area | measure | size | refgraph | peer (same run) | note |",
        "|---|---|---|---|---|---|",
    ]
    for row in results["rows"]:  # type: ignore[union-attr]
        value = f"{_fmt(row.get('value'))} {row.get('unit', '')}".strip()
        peer = ""
        if row.get("peer"):
            peer = f"{row['peer']}: {_fmt(row.get('peer_value'))}"
        note = str(row.get("note") or "").replace("|", "/")
        lines.append(
            f"| {row.get('area')} | {row.get('measure')} | {_fmt(row.get('size'))} "
            f"| {value} | {peer} | {note} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="small sizes only (smoke run)")
    parser.add_argument("--only", nargs="*", default=[], help="run only these areas")
    parser.add_argument("--output", default=str(HERE / "results.json"))
    parser.add_argument(
        "--markdown",
        metavar="RESULTS",
        help="print a saved results.json as a Markdown table, run nothing",
    )
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown(json.loads(Path(args.markdown).read_text(encoding="utf-8"))), end="")
        return 0
    sys.path.insert(0, str(HERE.parent))
    rows: list[dict[str, object]] = []
    started = time.time()
    for name in _modules(args.only):
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"# {name} ...", file=sys.stderr, flush=True)
        rows.extend(module.run(quick=args.quick))
    header = ("area", "measure", "size", "value", "unit", "peer", "peer_value", "note")
    table = [[_fmt(row.get(h)) for h in header] for row in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in table)) if table else len(h) for i, h in enumerate(header)
    ]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for r in table:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    result = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": __import__("os").cpu_count(),
        },
        "quick": args.quick,
        "seconds": round(time.time() - started, 1),
        "rows": rows,
    }
    Path(args.output).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"saved {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
