"""Build the tagger's model from the labelled data in ``training/`` (reproducible).

Usage::

    python -m refgraph.tagger.train                 # build src/refgraph/tagger/citation.crfsuite
    python -m refgraph.tagger.train --evaluate      # held-out scores of the shipped model
    python -m refgraph.tagger.train --compare       # the measurements the settings rest on

``make tagger-model`` runs the first two, saving the scores in
``benchmarks/tagger-scores.json``; the last run of ``--compare --json
benchmarks/tagger-compare.json`` is saved there too (validation split, one row per variant:
feature sets, L1 weights c1, CRFsuite's averaged perceptron and L2-SGD).

**Data** (see ``training/PROVENANCE.md``): AnyStyle's ``core.xml`` and ``gold.xml``
(3,183 labelled references) and eight PMC articles (350 marked-up references, rendered
by :mod:`refgraph.tagger.render` with a generator seeded by :data:`SEED`).

**Splits** (fixed, no randomness): an AnyStyle reference is held out when a hash of its
text falls in 20% (:func:`refgraph.tagger.corpus.held_out`); the PMC articles in
:data:`HELD_OUT_ARTICLES` are held out whole (one written by its journal, one typeset), so
no held-out reference shares an article with a training one. Settings are chosen on a
validation part of the training split (another 15% hash), never on the held-out split.
The shipped model is trained on the training and validation parts only, so the held-out scores that
``--evaluate`` and ``benchmarks/bench_tagger.py`` report are those of the shipped model.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from refgraph.tagger import MODEL_PATH
from refgraph.tagger.corpus import LabelledCitation, held_out, read_anystyle, token_labels
from refgraph.tagger.evaluate import FieldScores, field_values, score_fields
from refgraph.tagger.tokens import features

__all__ = ["HELD_OUT_ARTICLES", "PARAMS", "SEED", "load_splits", "main", "train_model"]

SEED = 20240601
HELD_OUT_ARTICLES = ("pntd.0002065.nxml", "mds526.nxml")
#: Each typeset training reference is typeset this many times (in independent styles).
TRAINING_COPIES = 2
#: CRFsuite training settings of the shipped model (chosen by ``--compare``).
PARAMS: dict[str, Any] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 250,
    "feature.possible_transitions": True,
}
#: The fields refgraph's model has, scored in the reports.
REPORTED = (
    "author",
    "title",
    "journal",
    "container",
    "year",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
    "url",
    "publisher",
    "location",
    "editor",
    "edition",
)

Splits = dict[str, list[LabelledCitation]]
FeatureFilter = Callable[[list[list[str]]], list[list[str]]]


def default_data_dir() -> Path:
    """``training`` of the checkout this module runs from (or of the working folder)."""
    here = Path(__file__).resolve().parents[3] / "training"
    return here if here.is_dir() else Path.cwd() / "training"


def load_splits(data: Path) -> Splits:
    """Return ``train``/``validation``/``test`` lists (each also split by source kind)."""
    from refgraph.tagger.render import read_jats

    splits: Splits = {
        "train": [],
        "validation": [],
        "test": [],
        "test-anystyle": [],
        "test-pmc": [],
    }
    for path in sorted((data / "anystyle").glob("*.xml")):
        for cit in read_anystyle(path):
            if held_out(cit):
                splits["test"].append(cit)
                splits["test-anystyle"].append(cit)
            elif held_out(cit, 15, salt="validation"):
                splits["validation"].append(cit)
            else:
                splits["train"].append(cit)
    rng = random.Random(SEED)
    for path in sorted((data / "pmc-jats").glob("*.nxml")):
        test = path.name in HELD_OUT_ARTICLES
        cits = read_jats(str(path), rng, copies=1 if test else TRAINING_COPIES)
        if test:
            splits["test"].extend(cits)
            splits["test-pmc"].extend(cits)
        else:
            for cit in cits:
                validation = held_out(cit, 15, salt="validation", by_source=True)
                key = "validation" if validation else "train"
                splits[key].append(cit)
    return splits


def train_model(
    citations: Sequence[LabelledCitation],
    path: Path,
    params: dict[str, Any] | None = None,
    algorithm: str = "lbfgs",
    keep: FeatureFilter | None = None,
) -> None:
    """Train a CRF on ``citations`` and write it to ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(algorithm=algorithm, verbose=False)
    for cit in citations:
        tokens, labels = token_labels(cit)
        feats = features(cit.text, tokens)
        trainer.append(keep(feats) if keep else feats, labels)
    trainer.set_params(params if params is not None else PARAMS)
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))


def predictions(
    model: Path, citations: Sequence[LabelledCitation], keep: FeatureFilter | None = None
) -> list[tuple[dict[str, str], dict[str, str]]]:
    """``(gold, predicted)`` field values for every citation."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    out = []
    for cit in citations:
        tokens, labels = token_labels(cit)
        feats = features(cit.text, tokens)
        predicted = tagger.tag(keep(feats) if keep else feats)
        out.append(
            (field_values(cit.text, tokens, labels), field_values(cit.text, tokens, predicted))
        )
    return out


def report(pairs: list[tuple[dict[str, str], dict[str, str]]]) -> dict[str, Any]:
    """Per-field and micro-averaged strict/soft precision, recall and F1."""
    strict, soft = score_fields(pairs, REPORTED)
    fields: dict[str, Any] = {}
    for label in REPORTED:
        if strict.gold[label]:
            fields[label] = {
                "support": strict.gold[label],
                "strict": _rounded(strict, label),
                "soft": _rounded(soft, label),
            }
    return {
        "citations": len(pairs),
        "fields": fields,
        "micro": {"strict": _rounded(strict, None), "soft": _rounded(soft, None)},
    }


def _rounded(scores: FieldScores, label: str | None) -> dict[str, float]:
    p, r, f = scores.prf(label)
    return {"precision": round(100 * p, 1), "recall": round(100 * r, 1), "f1": round(100 * f, 1)}


def _drop(prefixes: tuple[str, ...]) -> FeatureFilter:
    def keep(feats: list[list[str]]) -> list[list[str]]:
        return [[f for f in item if not f.startswith(prefixes)] for item in feats]

    return keep


#: Feature-set variants compared by ``--compare``.
VARIANTS: dict[str, FeatureFilter | None] = {
    "token only (no context)": _drop(
        ("w-", "w+", "s-", "s+", "pos=", "sent=", "in", "glued", "first", "last")
    ),
    "context +-1": _drop(("w-2", "w+2", "s-2", "s+2", "pos=", "sent=", "in")),
    "full (shipped)": None,
}


def compare(splits: Splits, work: Path) -> list[dict[str, Any]]:
    """Score feature sets, training algorithms and the NLM rule on the validation split."""
    rows: list[dict[str, Any]] = []
    val = splits["validation"]
    runs: list[tuple[str, str, dict[str, Any], FeatureFilter | None]] = [
        (f"CRF lbfgs, {name}", "lbfgs", PARAMS, keep) for name, keep in VARIANTS.items()
    ]
    for c1 in (0.01, 0.2, 0.5):
        runs.append((f"CRF lbfgs, full, c1={c1}", "lbfgs", {**PARAMS, "c1": c1}, None))
    runs.append(
        (
            "structured averaged perceptron, full",
            "ap",
            {"max_iterations": 50, "feature.possible_transitions": True},
            None,
        )
    )
    runs.append(
        (
            "CRF l2sgd, full",
            "l2sgd",
            {"c2": 1.0, "max_iterations": 100, "feature.possible_transitions": True},
            None,
        )
    )
    for name, algorithm, params, keep in runs:
        model = work / "compare.crfsuite"
        started = time.perf_counter()
        train_model(splits["train"], model, params, algorithm, keep)
        seconds = time.perf_counter() - started
        result = report(predictions(model, val, keep))
        rows.append(
            {
                "variant": name,
                "train_seconds": round(seconds, 1),
                "model_bytes": model.stat().st_size,
                **result["micro"],
            }
        )
        print(
            f"{name:45} strict {result['micro']['strict']['f1']:5.1f}  "
            f"soft {result['micro']['soft']['f1']:5.1f}  {seconds:5.0f} s  "
            f"{model.stat().st_size / 1e6:.1f} MB",
            file=sys.stderr,
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m refgraph.tagger.train")
    parser.add_argument("--data", type=Path, default=None, help="training folder")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    parser.add_argument(
        "--evaluate", action="store_true", help="score the model at --output on the held-out split"
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="compare feature sets and algorithms on the validation split",
    )
    parser.add_argument("--json", type=Path, help="write the scores here as JSON")
    args = parser.parse_args(argv)
    splits = load_splits(args.data or default_data_dir())
    result: Any
    if args.compare:
        result = compare(splits, args.output.parent)
    elif args.evaluate:
        result = {
            name: report(predictions(args.output, splits[name]))
            for name in ("test", "test-anystyle", "test-pmc")
        }
        print(json.dumps(result["test"]["micro"]), file=sys.stderr)
    else:
        train_model(splits["train"] + splits["validation"], args.output)
        result = {
            "model": str(args.output),
            "bytes": args.output.stat().st_size,
            "train": len(splits["train"]),
            "validation": len(splits["validation"]),
            "test": len(splits["test"]),
        }
        print(json.dumps(result), file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
