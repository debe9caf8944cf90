"""The PubMed XML codec (pure): safe parsing, element -> record, record <-> JSON, mapping.

- :mod:`refgraph.pubmed.parse`: efetch replies -> records; split a reply into raw records.
- :mod:`refgraph.pubmed.element`: one ``PubmedArticle`` element -> a ``PubmedRecord``.
- :mod:`refgraph.pubmed.record_json`: a record <-> its compact JSON form (the cache keeps it).
"""
