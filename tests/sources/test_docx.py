"""Word .docx input: paragraphs and Word's automatic list numbers into the text readers."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from refgraph.cli import cli
from refgraph.errors import UnreadableInputError
from refgraph.sources import load
from refgraph.sources.docx import extract_text

CITATIONS = [
    "Kantarjian HM, DeAngelo DJ, Stelljes M, et al. Inotuzumab ozogamicin versus standard "
    "therapy for acute lymphoblastic leukemia. N Engl J Med. 2016;375(8):740-53. "
    "PMID: 27292104.",
    "Lamb YN. Inotuzumab ozogamicin: first global approval. Drugs. 2017;77:1603-10. "
    "PMID: 28819740.",
    "Ananthakrishnan AN. Epidemiology and risk factors for IBD. Nat Rev Gastroenterol Hepatol. "
    "2015;12(4):205-17.",
]


def _docx(paragraphs: list[tuple[str, str | None]]) -> bytes:
    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_numbering_is_rebuilt_and_the_list_read_as_vancouver(tmp_path: Path) -> None:
    path = tmp_path / "manuscript.docx"
    path.write_bytes(_docx([("References", "Heading 1")]
                           + [(c, "List Number") for c in CITATIONS]))
    text = extract_text(path.read_bytes(), str(path))
    assert "\n1. Kantarjian HM" in text and "\n3. Ananthakrishnan AN" in text
    result = load(path)
    assert result.format == "vancouver"
    assert [r.pmid for r in result.references] == ["27292104", "28819740", ""]
    assert [r.first_author for r in result.references] == ["Kantarjian", "Lamb",
                                                           "Ananthakrishnan"]


def test_bullets_and_plain_paragraphs() -> None:
    text = extract_text(_docx([("Intro", None), ("First point", "List Bullet"),
                               ("", None), ("Plain", None)]))
    assert text == "Intro\n\n• First point\n\n\n\nPlain\n"


def test_livertox_monograph_in_word(tmp_path: Path) -> None:
    seed = (Path(__file__).resolve().parents[2] / "refs" / "inotuzumab-ozogamicin.txt")
    paragraphs = [(p.replace("\n", " "), None)
                  for p in seed.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    path = tmp_path / "monograph.docx"
    path.write_bytes(_docx(paragraphs))
    result = load(path)
    assert result.format == "livertox"
    assert len(result.references) == 10
    assert all(r.annotation for r in result.references)


@pytest.mark.parametrize("data", [b"PK\x03\x04word/ broken zip", b"plain text, not a zip",
                                  b""])
def test_corrupt_docx_is_refused_in_one_line(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(data)
    with pytest.raises(UnreadableInputError, match=r"broken\.docx: not a readable \.docx"):
        load(path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(out), "--offline"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists() or not any(out.iterdir())


def test_numbering_patterns_start_values_and_levels() -> None:
    from types import SimpleNamespace

    from lxml import etree

    from refgraph.sources.docx import _Numbering

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = f"""<w:numbering xmlns:w="{w}">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
          <w:lvlText w:val="[%1]"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>
          <w:lvlText w:val="%1.%2)"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="7"><w:abstractNumId w:val="0"/>
        <w:lvlOverride w:ilvl="0"><w:startOverride w:val="12"/></w:lvlOverride></w:num>
    </w:numbering>"""
    element = etree.fromstring(xml.encode())
    numbering = _Numbering(SimpleNamespace(part=SimpleNamespace(
        numbering_part=SimpleNamespace(element=element))))
    labels = [numbering.label("7", 0), numbering.label("7", 1), numbering.label("7", 1),
              numbering.label("7", 0), numbering.label("7", 1), numbering.label("0", 0)]
    assert labels == ["[12]", "12.a)", "12.b)", "[13]", "13.a)", ""]


def test_a_reference_list_inside_a_content_control_is_read(tmp_path: Path) -> None:
    """Word's own References > Bibliography, Mendeley Cite and many journal templates put the
    list in a content control (w:sdt), which is no body paragraph."""
    from docx.oxml.ns import qn
    from lxml import etree

    document = docx.Document()
    document.add_paragraph("Results are in Table 1.")
    body = document.element.body
    control = etree.Element(qn("w:sdt"))
    content = etree.SubElement(control, qn("w:sdtContent"))
    for number, citation in enumerate(CITATIONS, 1):
        content.append(document.add_paragraph(f"{number}. {citation}")._p)
    body.insert(len(body) - 1, control)  # before the section properties, as Word does
    path = tmp_path / "bibliography.docx"
    document.save(path)
    result = load(path)
    assert [r.pmid for r in result.references] == ["27292104", "28819740", ""]


def _with_endnotes(data: bytes, notes: list[str]) -> bytes:
    """``data`` with an endnotes part holding Word's two separators and ``notes``."""
    import zipfile

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    furniture = (
        '<w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>'
        '<w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:endnote>"
    )
    body = "".join(
        f'<w:endnote w:id="{i}"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:tab/></w:r>'
        f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p></w:endnote>"
        for i, text in enumerate(notes, 1)
    )
    part = f'<?xml version="1.0" encoding="UTF-8"?><w:endnotes {w}>{furniture}{body}</w:endnotes>'
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", (
                    b'<Override PartName="/word/endnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/></Types>'))
            elif item.filename == "word/_rels/document.xml.rels":
                content = content.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/>'
                    b"</Relationships>"))
            target.writestr(item, content)
        target.writestr("word/endnotes.xml", part)
    return out.getvalue()


def test_references_kept_as_endnotes_are_read_numbered_as_word_shows_them(
    tmp_path: Path,
) -> None:
    data = _with_endnotes(_docx([("Inotuzumab is approved for relapsed ALL.", None)]), CITATIONS)
    text = extract_text(data)
    assert "\n1. Kantarjian HM" in text and "\n3. Ananthakrishnan" in text
    path = tmp_path / "endnotes.docx"
    path.write_bytes(data)
    assert [r.pmid for r in load(path).references] == ["27292104", "28819740", ""]


def test_a_docx_that_unpacks_to_hundreds_of_megabytes_is_refused_before_unpacking(
    tmp_path: Path,
) -> None:
    """A zip bomb: 300 MB of text in a paragraph packs into a few hundred kilobytes."""
    import zipfile

    packed = io.BytesIO(_docx([("x", None)]))
    source, out = zipfile.ZipFile(packed), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                filler = b" " * 300_000_000
                content = content.replace(b"<w:t>x</w:t>", b"<w:t>" + filler + b"x</w:t>")
            target.writestr(item.filename, content)
    path = tmp_path / "bomb.docx"
    path.write_bytes(out.getvalue())
    assert path.stat().st_size < 2_000_000
    with pytest.raises(UnreadableInputError, match="unpacks to 28"):
        load(path)


def test_a_docx_whose_xml_declares_entities_is_refused(tmp_path: Path) -> None:
    """python-docx leaves an entity unexpanded and the text around it was lost: the citation
    went and the file was "no references found"."""
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(_docx([("&x;" + CITATIONS[0], None)]))), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                content = content.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY x "y">]>', 1)
                content = content.replace(b"&amp;x;", b"&x;")
            target.writestr(item, content)
    path = tmp_path / "entity.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(UnreadableInputError, match=r"document\.xml declares XML entities"):
        load(path)


def _with_body(data: bytes, body: str) -> bytes:
    """``data`` with its document body's paragraphs replaced by ``body`` (WordprocessingML)."""
    import re
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                content = re.sub(rb"<w:body>.*<w:sectPr", b"<w:body>" + body.encode() +
                                 b"<w:sectPr", content, flags=re.S)  # fmt: skip
            target.writestr(item, content)
    return out.getvalue()


def test_runs_inside_insertions_fields_tags_and_inline_controls_are_read() -> None:
    """python-docx's Paragraph.text reads only the runs right under a paragraph: a citation
    in a tracked insertion, a simple field, a smart tag or an inline content control (as
    citation plug-ins write them) was lost without a word. Deleted and moved-away text and a
    text box's copy stay out."""

    def run(text: str) -> str:
        return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'

    kantarjian, lamb, goy = CITATIONS[0], CITATIONS[1], CITATIONS[2]
    body = (
        f"<w:p>{run('1. ')}<w:ins w:id='1' w:author='a'>{run(kantarjian)}</w:ins>"
        f"<w:del w:id='2' w:author='a'><w:r><w:delText>gone</w:delText></w:r></w:del></w:p>"
        f"<w:p>{run('2. ')}<w:fldSimple w:instr='HYPERLINK x'>{run(lamb[:40])}</w:fldSimple>"
        f"<w:smartTag w:uri='u' w:element='e'>{run(lamb[40:60])}</w:smartTag>"
        f"<w:sdt><w:sdtContent>{run(lamb[60:])}</w:sdtContent></w:sdt>"
        f"<w:moveFrom w:id='3' w:author='a'>{run('moved away')}</w:moveFrom></w:p>"
        f"<w:p>{run('3. ' + goy)}<w:r><w:pict><w:txbxContent><w:p>{run('boxed')}</w:p>"
        "</w:txbxContent></w:pict></w:r></w:p>"
    )
    text = extract_text(_with_body(_docx([("x", None)]), body))
    assert text == f"1. {kantarjian}\n\n2. {lamb}\n\n3. {goy}\n"
