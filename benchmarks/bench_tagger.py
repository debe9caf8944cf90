"""The citation field tagger: per-field F1 on the held-out split, and tagging speed.

**Accuracy.** The shipped model (``src/refgraph/tagger/citation.crfsuite``) is scored on
the held-out split of ``training/`` that it never saw (see :mod:`refgraph.tagger.train`:
20% of AnyStyle's references by a fixed hash, and two whole PMC articles). A field is
right when its value equals the gold value exactly (strict) or up to case, spaces and
punctuation (soft). The peer figures are GROBID's published citation field-level F1 on
PubMed Central (82.5 strict, 87.0 soft; micro average over its citation fields, end to
end from PDF): not the same test, a yardstick.

**Speed.** :func:`refgraph.tagger.tag_citation` over the held-out citations repeated to
5,000 (model loaded first): tokenising, features, CRF labelling, marginals, clean values;
CPU time of this process (other load on the shared machine counts less) and wall time, each
the best of three runs.
"""

from __future__ import annotations

import time
from typing import Any

GROBID_STRICT = 82.5
GROBID_SOFT = 87.0
PEER = "GROBID (published, PMC end to end)"


def run(quick: bool = False) -> list[dict[str, object]]:
    from refgraph.tagger import MODEL_PATH, tag_citation
    from refgraph.tagger.train import default_data_dir, load_splits, predictions, report

    splits = load_splits(default_data_dir())
    scores: dict[str, Any] = report(predictions(MODEL_PATH, splits["test"]))
    rows: list[dict[str, object]] = []
    for mode, peer_value in (("strict", GROBID_STRICT), ("soft", GROBID_SOFT)):
        rows.append({"area": "tagger", "measure": f"field F1, {mode}, micro (held-out)",
                     "size": scores["citations"], "value": scores["micro"][mode]["f1"],
                     "unit": "%", "peer": PEER, "peer_value": peer_value})
    for label, field in scores["fields"].items():
        rows.append({"area": "tagger", "measure": f"field F1 {label} (strict / soft)",
                     "size": field["support"], "value": field["strict"]["f1"], "unit": "%",
                     "note": f"soft {field['soft']['f1']}"})
    texts = [c.text for c in splits["test"]]
    n = 1_000 if quick else 5_000
    batch = (texts * (n // len(texts) + 1))[:n]
    tag_citation(batch[0])  # load the model
    cpu = wall = float("inf")
    for _ in range(1 if quick else 3):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        for text in batch:
            tag_citation(text)
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
    for clock, seconds in (("CPU", cpu), ("wall", wall)):
        rows.append({"area": "tagger", "measure": f"tag_citation ({clock} time)", "size": n,
                     "value": round(n / seconds), "unit": "citations/s",
                     "note": "target >= 2,000/s for segmentation + tagger"})
    return rows
