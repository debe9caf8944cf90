"""Model/graph -> text for other tools: BibTeX/biblatex, CSL-JSON, RIS, MEDLINE/.nbib."""
