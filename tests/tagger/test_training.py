"""Training data and the training script: labels come from the markup, training works."""

from __future__ import annotations

import random
from pathlib import Path

from lxml import etree

from refgraph.pubmed.safexml import safe_parser
from refgraph.sources.jats import jats_citation
from refgraph.tagger import tag_citation
from refgraph.tagger.corpus import LabelledCitation, held_out, labelled, read_anystyle, token_labels
from refgraph.tagger.evaluate import field_values, score_fields
from refgraph.tagger.render import as_written, is_written, typeset
from refgraph.tagger.train import load_splits, predictions, train_model

DATA = Path(__file__).resolve().parents[1] / "data" / "tagger"
TRAINING = Path(__file__).resolve().parents[2] / "training"


def test_anystyle_labels_are_mapped_and_issue_split_from_volume() -> None:
    cits = read_anystyle(DATA / "anystyle-sample.xml")
    assert len(cits) == 3
    tokens, labels = token_labels(cits[1])
    values = field_values(cits[1].text, tokens, labels)
    assert values["volume"] == "40"
    assert values["issue"] == "2"
    assert values["journal"] == "European Respiratory Journal"
    assert values["year"] == "2012"


def test_glue_takes_the_label_before_it_and_an_opening_bracket_the_one_after() -> None:
    cit = labelled(
        [("Smith J", "author"), (" (", ""), ("2001", "date"), (") ", ""), ("Title", "title")], "x"
    )
    _tokens, labels = token_labels(cit)
    assert labels == ["author", "author", "date", "date", "date", "title"]


def _one_ref(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode(), safe_parser())


ELEMENT = (
    '<element-citation publication-type="journal"><person-group person-group-type="author">'
    "<name><surname>Avery</surname><given-names>SV</given-names></name></person-group>"
    "<article-title>Microbial cell individuality</article-title><source>Nat Rev Microbiol"
    "</source><year>2006</year><volume>4</volume><issue>8</issue><fpage>577</fpage>"
    '<lpage>587</lpage><pub-id pub-id-type="pmid">16845428</pub-id></element-citation>'
)
WRITTEN = (
    '<mixed-citation publication-type="journal"><name><surname>Rich</surname>'
    "<given-names>KM</given-names></name> (<year>2010</year>) <article-title>An assessment"
    "</article-title>. <source>Am J Trop Med Hyg</source><volume>83</volume>: <fpage>52</fpage>"
    '–<lpage>57</lpage><pub-id pub-id-type="pmid">20682906</pub-id></mixed-citation>'
)


def test_typeset_citations_keep_the_markup_labels_in_every_style() -> None:
    el = _one_ref(ELEMENT)
    rng = random.Random(1)
    for _ in range(30):
        cit = typeset(el, rng, "x")
        values = field_values(cit.text, *token_labels(cit))
        assert values["author"].startswith("Avery")
        assert values["title"] == "Microbial cell individuality"
        assert values["journal"] == "Nat Rev Microbiol"
        assert values["year"] == "2006"
        assert values["volume"] == "4"
        assert values["pages"] == "577-587"
        assert values.get("pmid", "16845428") == "16845428"


def test_written_mixed_citations_are_used_as_written() -> None:
    el = _one_ref(WRITTEN)
    assert is_written(el)
    assert not is_written(_one_ref(ELEMENT.replace("element-", "mixed-")))
    cit = as_written(el, random.Random(2), "x", jats_citation(el))
    assert cit.text.startswith("Rich KM (2010) An assessment. Am J Trop Med Hyg 83: 52–57.")
    values = field_values(cit.text, *token_labels(cit))
    assert (values["journal"], values["volume"], values["pages"]) == (
        "Am J Trop Med Hyg",
        "83",
        "52-57",
    )


def test_splits_are_fixed_and_keep_held_out_articles_apart() -> None:
    splits = load_splits(TRAINING)
    again = load_splits(TRAINING)
    assert [c.text for c in splits["test"]] == [c.text for c in again["test"]]
    assert [c.text for c in splits["train"]] == [c.text for c in again["train"]]
    train_sources = {c.source.split("#")[0] for c in splits["train"] + splits["validation"]}
    assert not train_sources & {"pntd.0002065.nxml", "mds526.nxml"}
    assert {c.source.split("#")[0] for c in splits["test-pmc"]} == {
        "pntd.0002065.nxml",
        "mds526.nxml",
    }
    assert len(splits["test-anystyle"]) > 500
    assert all(held_out(c) for c in splits["test-anystyle"])


def test_training_builds_a_model_that_tags(tmp_path: Path) -> None:
    cits = read_anystyle(DATA / "anystyle-sample.xml") * 5
    model = tmp_path / "m.crfsuite"
    train_model(cits, model, {"c1": 0.0, "c2": 0.01, "max_iterations": 30})
    assert model.stat().st_size > 0
    strict, _soft = score_fields(predictions(model, cits[:3]))
    assert strict.micro() > 0.9


def test_shipped_model_beats_grobid_published_figures_on_a_held_out_slice() -> None:
    splits = load_splits(TRAINING)
    sample: list[LabelledCitation] = splits["test"][::10]
    pairs = []
    for cit in sample:
        tokens, labels = token_labels(cit)
        predicted = tag_citation(cit.text)
        pairs.append(
            (
                field_values(cit.text, tokens, labels),
                {
                    **{f.label: f.value for f in reversed(predicted.fields)},
                    "year": predicted.get("year"),
                },
            )
        )
    strict, soft = score_fields(pairs, ("author", "title", "journal", "year", "volume", "pages"))
    assert strict.micro() > 0.825
    assert soft.micro() > 0.87
