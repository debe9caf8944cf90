"""A synthetic PubMed baseline (and daily updates) made from real recorded records.

NLM's annual baseline is ~1,300 gzipped XML files of ~30,000 records each, followed by
daily update files carrying revised records, new records and ``<DeleteCitation>``. This
module writes files of the same shape, deterministically, for tests and benchmarks:
every record is a real recorded efetch record (``tests/data/eutils``) with a new PMID, a
varied title (three words put in front, so title keys stay distinct), volume and pages.
Templates are drawn with weights ``1/size**1.3``, which brings the mean record to about the
size of a real baseline record (51 GB of gzip for 40.9 M records: ~1.25 KB gzipped each).

:func:`write_baseline` writes ``baseline/`` (``pubmed26n0001.xml.gz`` ...), ``updates/``
and, with ``edge=True``, ``edge/<case>/`` folders: ``truncated`` (a gzip cut short),
``entity`` (an ``<!ENTITY`` prolog), ``deletions-only``, ``out-of-order`` (an update
numbered before the last one applied). Every ``.xml.gz`` gets NCBI's ``.md5`` file.

The updates exercise: revised records, a new retraction (``RetractionIn`` on the paper,
a notice with ``RetractionOf``), a new erratum, a new trial number (DataBank), deletions,
a PMID deleted in one update and re-added in the next, a PMID twice in one file (the later
copy wins), a record followed by its own deletion in the same file, and records in
descending PMID order. :class:`Synthetic` names the PMIDs of each case.

Run: ``python -m refgraph.testing.baseline OUT [--files 4 --records 30000 --updates 2]``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Synthetic", "template_records", "vary", "write_baseline", "write_file"]

PROLOG = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE PubmedArticleSet PUBLIC '
    b'"-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n'
)
_ROOT_END = b"</PubmedArticleSet>\n"
_DEFAULT_RECORDS = Path(__file__).resolve().parents[3] / "tests" / "data" / "eutils"
_WORDS = (  # noqa: SIM905 (a sentence of words is easier to read than a list)
    "acute chronic hepatic renal cardiac pulmonary neonatal adult pediatric elderly early late "
    "primary secondary randomized controlled open pilot multicenter national regional rural "
    "urban annual weekly daily oral topical systemic targeted combined adjuvant novel "
    "standard reduced high low single double extended limited rapid delayed cohort registry "
    "outcomes safety efficacy toxicity exposure response survival relapse remission dosing "
    "monitoring screening burden trends patterns"
).split()
# (regular expressions, one a line: a table, not logic)
_OWN_PMID = re.compile(rb"<PMID Version=\"\d+\">(\d+)</PMID>")
_TITLE = re.compile(rb"<ArticleTitle([^>]*)>")
_VOLUME = re.compile(rb"<Volume>[^<]*</Volume>")
_MEDLINE_PGN = re.compile(rb"<MedlinePgn>[^<]*</MedlinePgn>")
_START_PAGE = re.compile(rb"<StartPage>[^<]*</StartPage>")
_END_PAGE = re.compile(rb"<EndPage>[^<]*</EndPage>")
_OWN_DOI = re.compile(rb'(?:EIdType="doi"[^>]*|IdType="doi")>([^<]+)<')
_OWN_PMC = re.compile(rb'IdType="pmc">([^<]+)<')


def template_records(records_dir: Path | None = None) -> list[bytes]:
    """Every recorded ``PubmedArticle``/``PubmedBookArticle`` under ``records_dir``, sorted."""
    from refgraph.pubmed.parse import iter_article_xml

    folder = records_dir or _DEFAULT_RECORDS
    found: list[bytes] = []
    for path in sorted(folder.rglob("*.xml")):
        data = path.read_bytes()
        if b"<PubmedArticleSet" in data[:2000]:
            found.extend(raw for _, raw in iter_article_xml(data, str(path)))
    if not found:
        raise FileNotFoundError(f"{folder}: no recorded PubMed records")
    return found


def _title_words(n: int) -> bytes:
    """Four distinct words, a different *set* for each ``n`` < C(60, 4) = 487,635 (the n-th
    4-combination), so no two records' titles are the same bag of words."""
    words: list[str] = []
    rest = n % math.comb(len(_WORDS), 4)
    for k in range(4, 0, -1):
        c = k - 1
        while math.comb(c + 1, k) <= rest:
            c += 1
        rest -= math.comb(c, k)
        words.append(_WORDS[c])
    text = " ".join(words)
    return (text[0].upper() + text[1:] + ": ").encode()


def _medline_pages(start: int, end: int) -> bytes:
    """NLM's abbreviated range: ``1203-10`` for 1203-1210, ``117-26`` for 117-126."""
    first, last = str(start), str(end)
    if len(first) == len(last):
        common = next((i for i, (a, b) in enumerate(zip(first, last, strict=True)) if a != b),
                      len(first))  # fmt: skip
        last = last[common:]
    return f"{first}-{last}".encode()


def vary(raw: bytes, pmid: int, n: int, *, revision: int = 0) -> bytes:
    """Return ``raw`` as a new record: PMID ``pmid``, title, volume and pages from ``n``.

    ``revision`` > 0 marks a revised version (the title gains ``"revision N"`` words).
    """
    m = _OWN_PMID.search(raw)
    if m is None:
        raise ValueError("record without a PMID")
    old = m.group(1)
    out = raw[: m.start(1)] + str(pmid).encode() + raw[m.end(1) :]
    out = out.replace(b'IdType="pubmed">' + old + b"<", b'IdType="pubmed">' + str(pmid).encode()
                      + b"<", 1)  # fmt: skip
    head, data, tail = out.partition(b"<PubmedData>")
    doi = _OWN_DOI.search(head + data + tail[:4000])  # own ids come before ReferenceList
    if doi:
        out = out.replace(doi.group(1), b"10.5555/synthetic.%d" % pmid)
    pmc = _OWN_PMC.search(tail[:4000]) if data else None
    if pmc:
        out = out.replace(b'IdType="pmc">' + pmc.group(1) + b"<",
                          b'IdType="pmc">PMC%d<' % pmid)  # fmt: skip
    prefix = _title_words(n) + (b"revision %d, " % revision if revision else b"")
    out = _TITLE.sub(lambda t: t.group(0) + prefix, out, count=1)
    out = _VOLUME.sub(b"<Volume>%d</Volume>" % (1 + n % 250), out, count=1)
    start = 1 + (n * 37) % 3000
    end = start + 3 + n % 11
    out = _MEDLINE_PGN.sub(b"<MedlinePgn>%s</MedlinePgn>" % _medline_pages(start, end), out, 1)
    out = _START_PAGE.sub(b"<StartPage>%d</StartPage>" % start, out, count=1)
    return _END_PAGE.sub(b"<EndPage>%d</EndPage>" % end, out, count=1)


def _add_link(raw: bytes, ref_type: str, target: int, pub_type: str = "") -> bytes:
    item = (f'<CommentsCorrections RefType="{ref_type}"><RefSource>Synthetic notice</RefSource>'
            f'<PMID Version="1">{target}</PMID></CommentsCorrections>').encode()  # fmt: skip
    if b"<CommentsCorrectionsList>" in raw:
        raw = raw.replace(b"<CommentsCorrectionsList>", b"<CommentsCorrectionsList>" + item, 1)
    else:
        raw = raw.replace(b"</MedlineCitation>",
                          b"<CommentsCorrectionsList>" + item + b"</CommentsCorrectionsList>"
                          b"</MedlineCitation>", 1)  # fmt: skip
    if pub_type:
        raw = raw.replace(b"</PublicationTypeList>",
                          f"<PublicationType>{pub_type}</PublicationType>"
                          "</PublicationTypeList>".encode(), 1)  # fmt: skip
    return raw


def _add_trial(raw: bytes, number: str) -> bytes:
    bank = (f"<DataBank><DataBankName>ClinicalTrials.gov</DataBankName><AccessionNumberList>"
            f"<AccessionNumber>{number}</AccessionNumber></AccessionNumberList></DataBank>")
    if b"<DataBankList" in raw:
        return re.sub(rb"(<DataBankList[^>]*>)", lambda m: m.group(1) + bank.encode(), raw,
                      count=1)
    return raw.replace(b"<PublicationTypeList>",
                       f'<DataBankList CompleteYN="Y">{bank}</DataBankList>'
                       "<PublicationTypeList>".encode(), 1)  # fmt: skip


def write_file(path: Path, records: Sequence[bytes], deletions: Sequence[int] = (),
               *, prolog: bytes = PROLOG) -> Path:  # fmt: skip
    """Write one gzipped PubMed file (records, then one ``DeleteCitation``) and its ``.md5``."""
    body = b"\n".join(records) + (b"\n" if records else b"")
    if deletions:
        pmids = b"".join(b'<PMID Version="1">%d</PMID>\n' % p for p in deletions)
        body += b"<DeleteCitation>\n" + pmids + b"</DeleteCitation>\n"
    data = gzip.compress(prolog + body + _ROOT_END, compresslevel=6, mtime=0)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    digest = hashlib.md5(data).hexdigest()
    path.with_name(path.name + ".md5").write_text(f"MD5({path.name})= {digest}\n")
    return path


@dataclass
class Synthetic:
    """Where the files went, and which PMIDs carry each case."""

    root: Path
    baseline: Path
    updates: Path
    first_pmid: int
    last_baseline_pmid: int
    revised: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    readded: list[int] = field(default_factory=list)
    twice: list[int] = field(default_factory=list)
    deleted_same_file: list[int] = field(default_factory=list)
    retracted: dict[int, int] = field(default_factory=dict)  # paper -> notice
    errata: dict[int, int] = field(default_factory=dict)  # paper -> erratum
    trials: dict[int, str] = field(default_factory=dict)  # paper -> NCT number
    edge: dict[str, Path] = field(default_factory=dict)


def write_baseline(
    out: Path,
    *,
    files: int = 4,
    records: int = 300,
    updates: int = 2,
    first_pmid: int = 30_000_001,
    year: int = 26,
    seed: int = 0,
    edge: bool = True,
    records_dir: Path | None = None,
) -> Synthetic:
    """Write a synthetic baseline of ``files`` x ``records`` records plus ``updates``."""
    pool = template_records(records_dir)
    rng = random.Random(seed)
    weights = [1 / len(r) ** 1.3 for r in pool]
    picks = rng.choices(range(len(pool)), weights=weights, k=files * records + 40 * records)
    syn = Synthetic(out, out / "baseline", out / "updates", first_pmid,
                    first_pmid + files * records - 1)  # fmt: skip

    def make(pmid: int, revision: int = 0) -> bytes:
        n = pmid - first_pmid
        return vary(pool[picks[n % len(picks)]], pmid, n, revision=revision)

    name = f"pubmed{year:02d}n{{:04d}}.xml.gz"
    for f in range(files):
        pmids = range(first_pmid + f * records, first_pmid + (f + 1) * records)
        write_file(syn.baseline / name.format(f + 1), [make(p) for p in pmids])
    per_update = max(8, records // 10)
    next_new = syn.last_baseline_pmid + 1
    known = list(range(first_pmid, syn.last_baseline_pmid + 1))
    deleted_before: list[int] = []
    for u in range(updates):
        rng_u = random.Random(seed * 1000 + u)
        chosen = rng_u.sample(known, min(len(known), per_update + 8))
        revised, extra = chosen[:per_update], chosen[per_update:]
        body = [make(p, revision=u + 1) for p in revised]
        syn.revised.extend(revised)
        new = list(range(next_new, next_new + per_update // 2))
        next_new += len(new) + 3
        body += [make(p) for p in new]
        syn.added.extend(new)
        paper, notice, erratum = extra[0], next_new - 3, next_new - 2
        body.append(_add_link(make(paper, u + 1), "RetractionIn", notice, "Retracted Publication"))
        body.append(_add_link(make(notice), "RetractionOf", paper, "Retraction of Publication"))
        body.append(_add_link(make(extra[1], u + 1), "ErratumIn", erratum))
        body.append(_add_link(make(erratum), "ErratumFor", extra[1], "Published Erratum"))
        syn.retracted[paper], syn.errata[extra[1]] = notice, erratum
        trial = f"NCT{40_000_000 + u * 1000 + extra[2] % 1000:08d}"
        body.append(_add_trial(make(extra[2], u + 1), trial))
        syn.trials[extra[2]] = trial
        deletions = [extra[3], extra[4]]
        syn.deleted.extend(deletions)
        if u > 0 and deleted_before:  # delete-then-re-add; a PMID twice; record-then-delete
            back = deleted_before[0]
            body.append(make(back, revision=u + 1))
            syn.readded.append(back)
            body.append(make(extra[5], revision=10 + u))
            body.append(make(extra[5], revision=20 + u))
            syn.twice.append(extra[5])
            body.append(make(extra[6], revision=u + 1))
            deletions.append(extra[6])
            syn.deleted_same_file.append(extra[6])
            body.sort(key=lambda raw: -int(_OWN_PMID.search(raw).group(1)))  # type: ignore[union-attr]
        deleted_before = deletions[:1]
        write_file(syn.updates / name.format(files + 1 + u), body, deletions)
    if edge:
        _write_edge(syn, pool, name, files + updates, year)
    return syn


def _write_edge(syn: Synthetic, pool: list[bytes], name: str, last: int, year: int) -> None:
    sample = [vary(pool[i % len(pool)], syn.last_baseline_pmid + 90_000 + i, i)
              for i in range(12)]  # fmt: skip
    good = write_file(syn.root / "edge" / "ok" / name.format(last + 1), sample)
    cut = syn.root / "edge" / "truncated" / name.format(last + 1)
    cut.parent.mkdir(parents=True, exist_ok=True)
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    entity = PROLOG.replace(b'pubmed_250101.dtd">', b'pubmed_250101.dtd" [\n'
                            b'<!ENTITY boom "boom">\n]>', 1)  # fmt: skip
    write_file(syn.root / "edge" / "entity" / name.format(last + 1), sample, prolog=entity)
    write_file(syn.root / "edge" / "deletions-only" / name.format(last + 1), [],
               [syn.first_pmid + 1, syn.first_pmid + 2])  # fmt: skip
    late = name.format(last - 1).replace(".xml.gz", "a.xml.gz")  # sorts before the last update
    write_file(syn.root / "edge" / "out-of-order" / late, sample[:2])
    syn.edge = {p.name: p for p in sorted((syn.root / "edge").iterdir())}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m refgraph.testing.baseline")
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--records", type=int, default=30_000)
    parser.add_argument("--updates", type=int, default=2)
    parser.add_argument("--records-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    syn = write_baseline(args.out, files=args.files, records=args.records, updates=args.updates,
                         records_dir=args.records_dir)  # fmt: skip
    print(f"wrote {syn.baseline} and {syn.updates} (PMIDs {syn.first_pmid}-)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
