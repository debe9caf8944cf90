"""Assemble the offline PubMed snapshot: ``pubmed-facts.json`` -> one ``<pmid>.xml`` per record.

Run from the checkout: ``.venv/bin/python refs/pubmed/assemble.py``. Only values marked
``verified``, ``inferred`` or ``as-cited`` are used; ``unknown`` ones are left out, and
nothing is added that the facts file does not say. Output goes next to this script
(``--out DIR`` to write elsewhere, e.g. to compare).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from refgraph.files import atomic_write
from refgraph.model import Author, CommentCorrection, PubmedRecord
from refgraph.pubmed.element import expand_pages
from refgraph.pubmed.parse import wrap_articles
from refgraph.pubmed.write import record_to_xml

HERE = Path(__file__).resolve().parent
USABLE = frozenset({"verified", "inferred", "as-cited"})


def _fact(entry: dict[str, Any], name: str) -> Any:
    """Return the value of fact ``name`` when it is usable, else ``None``."""
    fact = entry.get(name)
    if not isinstance(fact, dict) or fact.get("confidence") not in USABLE:
        return None
    value = fact.get("value")
    return None if value in (None, "", []) and name != "authors" else value


def _author(name: str) -> Author:
    """``"Kantarjian HM"`` -> Author(last="Kantarjian", initials="HM") (NLM short form)."""
    last, _, initials = name.rpartition(" ")
    if last and initials.isalpha() and initials.isupper() and len(initials) <= 4:
        return Author(last=last, initials=initials)
    return Author(collective=name)


def record_from_facts(entry: dict[str, Any]) -> PubmedRecord:
    """Build the PubmedRecord that the facts of one PMID support."""
    text = lambda name: str(_fact(entry, name) or "")  # noqa: E731
    names = _fact(entry, "authors") or []
    count = _fact(entry, "author_count")
    complete = count is not None and int(count) == len(names) if names else True
    epub = text("epub_date")
    nct = text("nct")
    links = _fact(entry, "comments_corrections") or []
    extra = {"epub_date": epub} if epub else {}
    return PubmedRecord(
        pmid=str(entry["pmid"]),
        title=text("title"),
        journal=text("journal_full"),
        medline_ta=text("journal_nlm_abbrev"),
        volume=text("volume"),
        issue=text("issue"),
        year=text("year"),
        month=text("month"),
        epub_year=epub[:4],
        pages=expand_pages(text("pages")),
        doi=text("doi"),
        pmcid=text("pmcid"),
        authors=tuple(_author(n) for n in names),
        authors_complete=complete,
        publication_types=tuple(_fact(entry, "publication_types") or ()),
        keywords=tuple(_fact(entry, "keywords") or ()),
        comments_corrections=tuple(
            CommentCorrection(ref_type=c["RefType"], pmid=str(c.get("PMID", ""))) for c in links
        ),
        databanks=(("ClinicalTrials.gov", nct),) if nct else (),
        trials=(nct,) if nct else (),
        extra=extra,
    )


def assemble(facts_path: Path, out_dir: Path) -> list[Path]:
    """Write one PubmedArticleSet file per record; return the paths written."""
    facts = json.loads(facts_path.read_text(encoding="utf-8"))
    written = []
    for entry in facts["records"]:
        record = record_from_facts(entry)
        data = wrap_articles([record_to_xml(record).encode("ascii")]) + b"\n"
        written.append(atomic_write(out_dir / f"{record.pmid}.xml", data))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=HERE / "pubmed-facts.json")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    for path in assemble(args.facts, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
