"""A small synthetic baseline (3 files of 200 records, 2 updates, edge files) per session."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from lxml import etree

from refgraph.model import PubmedRecord
from refgraph.pubmed.index import build_index, open_executor
from refgraph.pubmed.parse import parse_pubmed_xml
from refgraph.testing.baseline import Synthetic, write_baseline

#: Small partitions and few buckets, so even 600 records span several of each.
PARTITION = 150
BUCKETS = 8


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Synthetic:
    return write_baseline(tmp_path_factory.mktemp("pubmed-files"), files=3, records=200,
                          updates=2)  # fmt: skip


@pytest.fixture(scope="session")
def index(synthetic: Synthetic, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The serial index of :func:`synthetic`, read-only (tests that change one build their own)."""
    out = tmp_path_factory.mktemp("source") / "index"
    with open_executor(0) as (pool, _):
        build_index(synthetic.baseline, synthetic.updates, out, pool, partition_size=PARTITION,
                    lookup_buckets=BUCKETS)  # fmt: skip
    return out


def reference_fold(files: list[Path]) -> dict[str, tuple[str, PubmedRecord | None]]:
    """The whole index logic in a few lines: every event of every file, in order; last wins."""
    state: dict[str, tuple[str, PubmedRecord | None]] = {}
    for path in files:
        with gzip.open(path) as stream:
            tags = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
            for _, el in etree.iterparse(stream, tag=tags, resolve_entities=False,
                                         no_network=True, load_dtd=False):  # fmt: skip
                if el.tag == "DeleteCitation":
                    for pmid in el.iter("PMID"):
                        state[(pmid.text or "").strip()] = (path.name, None)
                else:
                    (record,) = parse_pubmed_xml(etree.tostring(el))
                    state[record.pmid] = (path.name, record)
    return state
