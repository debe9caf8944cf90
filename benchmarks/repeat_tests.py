"""Does `make test` pass N times in a row on a fresh clone? (`make test-repeat`, default 20)

Clones the repository (the committed HEAD, nothing uncommitted) into a temporary folder,
then runs the README's test command there N times, one after the other, the first run
creating the clone's own virtualenv. Prints one line per run (exit code, wall seconds,
pytest's summary line) and a final tally; exits 1 at the first failing run unless
``--keep-going``. Flaky tests show up here and nowhere else, so run it before a release
and after changing anything timing-related.

    python -m benchmarks.repeat_tests --runs 20
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SUMMARY = re.compile(r"^=*\s*(\d+ (?:passed|failed).*?)\s*=*$", re.M)


def _summary(output: str) -> str:
    """pytest's last summary line (``1234 passed in 300.1s``), else the last output line."""
    found = _SUMMARY.findall(output)
    if found:
        return str(found[-1])
    lines = output.strip().splitlines()
    return lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.repeat_tests")
    parser.add_argument("--runs", type=int, default=20, help="how many runs (default 20)")
    parser.add_argument("--source", default=str(ROOT), help="repository to clone")
    parser.add_argument("--keep-going", action="store_true", help="run all, even after a failure")
    parser.add_argument("--log-dir", default="", help="keep each run's output here")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="refgraph-repeat-"))
    clone = work / "refgraph"
    logs = Path(args.log_dir) if args.log_dir else work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "--quiet", args.source, str(clone)], check=True)
    head = subprocess.run(["git", "-C", str(clone), "log", "--oneline", "-1"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    print(f"fresh clone of {args.source} at {head}", flush=True)
    passed = 0
    try:
        for run in range(1, args.runs + 1):
            started = time.monotonic()
            done = subprocess.run(["make", "test"], cwd=clone, capture_output=True, text=True,
                                  check=False)  # fmt: skip
            seconds = time.monotonic() - started
            output = done.stdout + done.stderr
            (logs / f"run-{run:02d}.log").write_text(output, encoding="utf-8")
            ok = done.returncode == 0
            passed += ok
            status = "ok  " if ok else "FAIL"
            print(f"run {run:2d}/{args.runs}: {status} {seconds:6.0f} s  {_summary(output)}",
                  flush=True)  # fmt: skip
            if not ok and not args.keep_going:
                print(f"stopped: see {logs / f'run-{run:02d}.log'}")
                break
    finally:
        shutil.rmtree(clone, ignore_errors=True)
    print(f"make test passed {passed} of {args.runs} runs in a row on a fresh clone"
          if passed == args.runs else f"make test passed {passed} of {args.runs} runs")  # fmt: skip
    return 0 if passed == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
