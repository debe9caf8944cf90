"""refgraph benchmarks: ``python -m benchmarks`` (or ``make bench``).

Each ``bench_*.py`` module exposes ``run(quick: bool = False) -> list[dict]``; every row has
``area, measure, size, value, unit`` and, where there is one, the peer measured in the same
run: ``peer, peer_value`` (e.g. bibtexparser's own parse), plus a free-text ``note``.
"""
